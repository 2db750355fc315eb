"""The review of a finished case: the ideal path, each step reviewed, and the debrief that gathers them.

`CasePlay.debrief()` (quizbank/case_session.py) calls `build_debrief` once an ending is reached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizbank import items as item_types
from quizbank.case_events import Choice
from quizbank.cases import Case, Ending, right_branch
from quizbank.scoring import Score, max_points
from quizbank.session import CitedPassage, cited_passages

if TYPE_CHECKING:
    from quizbank.sources import SourceDocument


def ideal_path(case: Case) -> list[str]:
    """The path a learner takes by answering every step fully right: step ids, then the ending id."""
    path: list[str] = []
    node, seen = case.start, set()
    while not case.is_ending(node) and node not in seen:
        seen.add(node)
        path.append(node)
        step = case.step(node)
        node = step.branches[right_branch(step)].next
    path.append(node)
    return path


def ideal_total(case: Case) -> float:
    """Points on the ideal path: every step's full points plus its ending's points."""
    path = ideal_path(case)
    steps = sum(max_points(case.step(s).item) for s in path[:-1])
    return steps + (case.ending(path[-1]).points if case.is_ending(path[-1]) else 0.0)


@dataclass(frozen=True)
class BetterChoice:
    """The fully right answer to a step the learner did not get fully right, and why."""

    answer: tuple[str, ...]
    consequence: str  # what the right answer's branch would have told the learner
    rationale: str
    citations: tuple[CitedPassage, ...]


@dataclass(frozen=True)
class StepReview:
    """One step of the path, as the debrief shows it."""

    step_id: str
    judgment_step: str
    item_id: str
    stem: str
    response: Any
    answer: tuple[str, ...]  # the learner's answer in words
    points: float
    max_points: float
    branch: str
    consequence: str
    better: BetterChoice | None  # None when the learner earned every point


@dataclass(frozen=True)
class Debrief:
    """The whole case in review: path, points per step and ending, better choices, sources."""

    case_id: str
    title: str
    path: tuple[str, ...]  # step ids in the order reached, then the ending id
    steps: tuple[StepReview, ...]
    ending: Ending
    ending_citations: tuple[CitedPassage, ...]
    step_points: float
    step_max_points: float
    ending_points: float
    total: float
    ideal_total: float  # every step fully right, and the ending that path leads to
    ideal_path: tuple[str, ...]


def build_debrief(
    case: Case, choices: Sequence[Choice], scores: Sequence[Score], sources: Mapping[str, SourceDocument]
) -> Debrief:
    """The debrief of a play that reached an ending: `choices` in the order given, with their `scores`."""
    path = tuple(c.step_id for c in choices) + (choices[-1].next,)
    ending = case.ending(path[-1])
    reviews = []
    for choice, result in zip(choices, scores):
        step = case.step(choice.step_id)
        item = step.item
        better = None
        if not result.correct:
            right = right_branch(step)
            better = BetterChoice(
                item_types.key_text(item),
                step.branches[right].consequence,
                item.rationale or "",
                cited_passages(item.citations, sources),
            )
        reviews.append(
            StepReview(
                step.id,
                step.judgment_step,
                item.id,
                item.stem,
                choice.response,
                item_types.response_text(item, choice.response),
                choice.points,
                choice.max_points,
                choice.branch,
                step.branches[choice.branch].consequence,
                better,
            )
        )
    step_points = sum(c.points for c in choices)
    return Debrief(
        case_id=case.id,
        title=case.title,
        path=path,
        steps=tuple(reviews),
        ending=ending,
        ending_citations=cited_passages(ending.citations, sources),
        step_points=step_points,
        step_max_points=sum(c.max_points for c in choices),
        ending_points=ending.points,
        total=step_points + ending.points,
        ideal_total=ideal_total(case),
        ideal_path=tuple(ideal_path(case)),
    )
