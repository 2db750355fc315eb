"""A case session's figures from ``Store.class_case_choices`` (pure: no UI).

Per step: which branch the class took (the right one marked); per learner: the path so
far, points and the ending reached; and how many reached each ending. A choice's
``choice_id`` is the branch taken (an option id, "true"/"false", "correct"/"incorrect").
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizbank.cases import CORRECT, INCORRECT, Case, right_branch
from quizbank.store import CaseChoice, ResultRow
from widgets.instructor.labels import OptionCount

_BRANCH_WORDS = {CORRECT: "Fully right", INCORRECT: "Not fully right", "true": "True", "false": "False"}


@dataclass(frozen=True)
class CaseStepRow:
    step_id: str
    judgment_step: str
    stem: str
    reached: int
    branches: tuple[OptionCount, ...]


@dataclass(frozen=True)
class CaseLearnerRow:
    attempt_id: str
    name: str
    steps_done: int
    points: float
    ending: str | None  # the ending's title once reached


@dataclass(frozen=True)
class CaseReport:
    case_id: str
    title: str
    started: int
    finished: int
    steps: tuple[CaseStepRow, ...]
    learners: tuple[CaseLearnerRow, ...]
    endings: tuple[OptionCount, ...]  # label: ending title (outcome); correct: a good outcome
    fingerprint: str


def _branch_words(case: Case, step_id: str, branch: str) -> str:
    try:
        step = case.step(step_id)
    except KeyError:
        return branch
    if step.item.type == "single":
        texts = {o.id: o.text for o in step.item.options}
        return texts.get(branch, branch)
    return _BRANCH_WORDS.get(branch, branch)


def _ending(case: Case, choices: Sequence[CaseChoice]) -> str | None:
    if not choices:
        return None
    last = choices[-1]
    try:
        branch = case.step(last.step_id).branches.get(last.choice_id)
    except KeyError:
        return None
    return branch.next if branch is not None and case.is_ending(branch.next) else None


def build_case_report(
    case: Case, choices: Mapping[str, Sequence[CaseChoice]], rows: Sequence[ResultRow] = ()
) -> CaseReport:
    """The dashboard's figures for a case session."""
    names = {r.attempt_id: r.display_name for r in rows}
    step_counts: dict[str, Counter[str]] = {s.id: Counter() for s in case.steps}
    learners: list[CaseLearnerRow] = []
    ending_counts: Counter[str] = Counter()
    for number, (attempt_id, made) in enumerate(sorted(choices.items()), start=1):
        for choice in made:
            step_counts.setdefault(choice.step_id, Counter())[choice.choice_id] += 1
        ending_id = _ending(case, made)
        title = None
        if ending_id is not None:
            ending_counts[ending_id] += 1
            title = case.ending(ending_id).title
        learners.append(
            CaseLearnerRow(
                attempt_id,
                names.get(attempt_id, f"Learner {number}"),
                len(made),
                sum(c.points or 0.0 for c in made),
                title,
            )
        )
    steps = []
    for step in case.steps:
        counts = step_counts.get(step.id, Counter())
        right = right_branch(step)
        steps.append(
            CaseStepRow(
                step_id=step.id,
                judgment_step=step.judgment_step,
                stem=step.item.stem,
                reached=sum(counts.values()),
                branches=tuple(
                    OptionCount(_branch_words(case, step.id, b), counts.get(b, 0), b == right) for b in step.branches
                ),
            )
        )
    endings = tuple(
        OptionCount(f"{e.title} ({e.outcome})", ending_counts.get(e.id, 0), e.outcome == "good") for e in case.endings
    )
    digest = hashlib.sha256(
        json.dumps(
            {a: [(c.seq, c.step_id, c.choice_id, c.points) for c in cs] for a, cs in choices.items()}, sort_keys=True
        ).encode()
        + json.dumps(sorted(names.items())).encode()
    ).hexdigest()[:16]
    return CaseReport(
        case_id=case.id,
        title=case.title,
        started=len(choices),
        finished=sum(ending_counts.values()),
        steps=tuple(steps),
        learners=tuple(learners),
        endings=endings,
        fingerprint=digest,
    )
