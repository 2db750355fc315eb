"""Playing an unfolding case: the pure state machine the case player drives.

`CasePlay` holds one learner's play of one case (quizbank/cases.py defines the format):
the current step and its item, the chart as it stands (the initial chart plus the updates
of every step reached), `answer()` (scores the step's item, takes its branch, records a
`Choice`, returns the consequence), and once an ending is reached `debrief()` (path,
points per step and for the ending, and for each step not fully right the better choice
with its rationale and sources). `answer()` returns an Outcome: the Choice (and, at an
ending, CaseEnded) for the outbox, or a Refusal with its code that changed nothing.
Nothing here imports a UI library.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from quizbank import items as item_types
from quizbank.case_checks import check_case
from quizbank.cases import CHART_TABS, Case, Chart, Ending, Step, branch_for, right_branch
from quizbank.models import Citation, Item
from quizbank.outcomes import FinalAnswer, Outcome, RefusalCode, refused
from quizbank.scoring import InvalidResponse, Score, max_points, score
from quizbank.session import CitedPassage, Feedback, Refused, _chosen_feedback, key_text
from quizbank.shuffle import shuffle_seed

if TYPE_CHECKING:
    from quizbank.sources import SourceDocument

TAB_TITLES: dict[str, str] = {
    "history": "History",
    "notes": "Nurses' notes",
    "vitals": "Vital signs",
    "medications": "Medications",
    "labs": "Labs",
}


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
class ChartRow:
    """A chart entry as it stands. `step` is the step that added or last changed it (None: the
    initial chart); `new` is true when that is the step being shown now."""

    tab: str
    id: str
    text: str
    time: str | None = None
    step: str | None = None
    new: bool = False


@dataclass(frozen=True)
class ChartView:
    """The chart as it stands, one tuple of rows per tab."""

    history: tuple[ChartRow, ...] = ()
    notes: tuple[ChartRow, ...] = ()
    vitals: tuple[ChartRow, ...] = ()
    medications: tuple[ChartRow, ...] = ()
    labs: tuple[ChartRow, ...] = ()

    def rows(self, tab: str) -> tuple[ChartRow, ...]:
        if tab not in CHART_TABS:
            raise KeyError(tab)
        rows: tuple[ChartRow, ...] = getattr(self, tab)
        return rows

    def tabs(self) -> list[tuple[str, str, tuple[ChartRow, ...]]]:
        """(tab id, title, rows) for every tab, in chart order."""
        return [(tab, TAB_TITLES[tab], self.rows(tab)) for tab in CHART_TABS]

    @property
    def new(self) -> tuple[ChartRow, ...]:
        """Rows added or changed by the step being shown now."""
        return tuple(row for tab in CHART_TABS for row in self.rows(tab) if row.new)


@dataclass(frozen=True)
class Choice:
    """One answer given in a case, for the store to record."""

    case_id: str
    case_version: int
    step_id: str
    item_id: str
    response: Any
    branch: str  # the branch taken: an option id, "true"/"false", or "correct"/"incorrect"
    next: str  # the step or ending it led to
    points: float
    max_points: float
    at: float


@dataclass(frozen=True)
class StepResult:
    """What follows an answer: the consequence, the score, and (when revealed) the item's feedback."""

    choice: Choice
    score: Score
    consequence: str
    consequence_citations: tuple[CitedPassage, ...]
    feedback: Feedback | None  # None when the play reveals feedback only in the debrief
    ending: Ending | None  # the ending reached, when the branch led to one


@dataclass(frozen=True)
class CaseEnded:
    """The play reached an ending: the attempt is submitted with each step item's last answer."""

    at: float
    finals: tuple[FinalAnswer, ...]


CaseEvent = Choice | CaseEnded
CaseOutcome = Outcome[CaseEvent, StepResult]


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


def response_text(item: Item, response: Any) -> tuple[str, ...]:
    """A well-formed response in words (option texts, row: column, blank: choice ...)."""
    return item_types.response_text(item, response)


class CasePlay:
    """One learner's play of one case. The UI reads it and calls `answer`; every rule is here.

    `reveal="step"` gives the item's feedback (key, rationale, sources) after each answer;
    `reveal="end"` keeps it for the debrief. Every answer returns its `Choice` (and, at an
    ending, `CaseEnded`) as the outcome's events, for the outbox to save.
    """

    def __init__(
        self,
        case: Case,
        *,
        seed: str = "",
        sources: Mapping[str, SourceDocument] | None = None,
        reveal: Literal["step", "end"] = "step",
        clock: Callable[[], float] = time.time,
    ):
        issues = check_case(case)
        if issues:
            raise ValueError(f"case '{case.id}' cannot be played: {issues[0].message}")
        if reveal not in ("step", "end"):
            raise ValueError("reveal must be 'step' or 'end'")
        self.case = case
        self.seed = seed
        self.sources = dict(sources or {})
        self.reveal = reveal
        self.clock = clock
        self.started_at = clock()
        self.choices: list[Choice] = []
        self.last: StepResult | None = None
        self._node = case.start
        self._scores: list[Score] = []

    @classmethod
    def from_bank(cls, bank: Any, case_id: str, **options: Any) -> CasePlay:
        """Play a case of a loaded Bank, with its sources."""
        if case_id not in bank.cases:
            raise Refused(f"no case {case_id!r} in this bank")
        return cls(bank.cases[case_id], sources=bank.sources, **options)

    @classmethod
    def restore(cls, case: Case, answers: Iterable[tuple[str, Any]], **options: Any) -> CasePlay:
        """Replay recorded (step id, response) pairs, e.g. after a page reload.

        The replayed events are dropped (they are already stored), and the replayed Choices carry
        the clock's times, not the recorded ones. Raises Refused when an answer no longer fits.
        """
        play = cls(case, **options)
        for step_id, response in answers:
            outcome = play.answer(response, step_id=step_id)
            if outcome.refusal is not None:
                raise Refused(outcome.refusal.message)
        return play

    # -- reading ---------------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.case.is_ending(self._node)

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None while the case is still going."""
        return self.case.ending(self._node) if self.finished else None

    @property
    def current_step(self) -> Step | None:
        """The step waiting for an answer, or None once an ending is reached."""
        return None if self.finished else self.case.step(self._node)

    @property
    def item(self) -> Item | None:
        """The current step's item (its key stays in Python: never send it to the browser)."""
        step = self.current_step
        return None if step is None else step.item

    @property
    def path(self) -> tuple[str, ...]:
        """Steps reached so far, in order (the current one last), then the ending once reached."""
        return tuple(c.step_id for c in self.choices) + (self._node,)

    def option_order(self) -> list[str]:
        """The current item's options (segments, rows) in the order to show them: shuffled with the
        play's seed, pinned options kept in place, highlight segments in text order, an ordering
        item never already solved."""
        step = self.current_step
        if step is None:
            return []
        return item_types.option_order(step.item, shuffle_seed(self.seed, self.case.id, step.id))

    def part_order(self, step: Step, part: str) -> list[str]:
        """The shown order of a blank's choices or a bow-tie side's options in `step`, fixed by the seed."""
        try:
            return item_types.part_order(step.item, part, shuffle_seed(self.seed, self.case.id, step.id, part))
        except item_types.NoSuchPart as missing:
            raise Refused(str(missing)) from None

    @property
    def chart(self) -> ChartView:
        """The initial chart plus the updates of every step reached, in order."""
        rows: dict[str, list[ChartRow]] = {tab: [] for tab in CHART_TABS}

        def apply(chart: Chart, step_id: str | None) -> None:
            for tab in CHART_TABS:
                for entry in getattr(chart, tab):
                    row = ChartRow(tab, entry.id, entry.text, entry.time, step_id)
                    place = next((i for i, r in enumerate(rows[tab]) if r.id == entry.id), None)
                    if place is None:
                        rows[tab].append(row)
                    else:
                        rows[tab][place] = row

        apply(self.case.chart, None)
        for step_id in self.path if not self.finished else self.path[:-1]:
            update = self.case.step(step_id).chart_update
            if update is not None:
                apply(update, step_id)
        shown = None if self.finished else self._node
        rows = {tab: [replace(r, new=shown is not None and r.step == shown) for r in rows[tab]] for tab in CHART_TABS}
        return ChartView(**{tab: tuple(rows[tab]) for tab in CHART_TABS})

    def points(self) -> tuple[float, float]:
        """Points earned so far (steps, plus the ending once reached) and the steps' maximum so far."""
        earned = sum(c.points for c in self.choices) + (self.ending.points if self.ending else 0.0)
        return earned, sum(c.max_points for c in self.choices)

    # -- acting ------------------------------------------------------------------------------

    def answer(self, response: Any, *, step_id: str | None = None) -> CaseOutcome:
        """Answer the current step: score it, take its branch, record the choice; the outcome's value
        is the StepResult (the consequence).

        Refused (changing nothing) after the end, for an answer meant for another step
        (`step_id`), or for a missing or malformed response.
        """
        step = self.current_step
        if step is None:
            return refused(RefusalCode.CASE_ENDED, "the case has ended; no more answers are taken")
        if step_id is not None and step_id != step.id:
            return refused(RefusalCode.NOT_CURRENT_STEP, f"step {step_id!r} is not the current step ({step.id!r})")
        if response is None:
            return refused(RefusalCode.NO_ANSWER, "choose an answer first")
        try:
            result = score(step.item, response)
        except InvalidResponse as exc:
            return refused(RefusalCode.INVALID_ANSWER, f"not a valid answer: {exc}")
        key = branch_for(step, response, result)
        branch = step.branches[key]
        choice = Choice(
            self.case.id,
            self.case.version,
            step.id,
            step.item.id,
            response,
            key,
            branch.next,
            result.points,
            result.max_points,
            self.clock(),
        )
        self.choices.append(choice)
        self._scores.append(result)
        self._node = branch.next
        feedback = self._feedback(step.item, response, result) if self.reveal == "step" else None
        self.last = StepResult(choice, result, branch.consequence, self._cited(branch.citations), feedback, self.ending)
        events: tuple[CaseEvent, ...] = (choice,)
        if self.finished:
            events += (self.ended(choice.at),)
        return Outcome(events, value=self.last)

    def ended(self, at: float) -> CaseEnded:
        """The closing event of a finished play: each step item's last answer and points."""
        last = {c.item_id: c for c in self.choices}
        return CaseEnded(at, tuple(FinalAnswer(c.item_id, c.response, c.points, 1) for c in last.values()))

    # -- review ----------------------------------------------------------------------------------

    def _cited(self, citations: Iterable[Citation]) -> tuple[CitedPassage, ...]:
        return tuple(
            CitedPassage(c.source, self.sources[c.source].title if c.source in self.sources else c.source, c.quote)
            for c in citations
        )

    def _feedback(self, item: Item, response: Any, result: Score) -> Feedback:
        return Feedback(
            item_id=item.id,
            correct=result.correct,
            score=result,
            awarded=result.points,
            max_points=result.max_points,
            tries=1,
            final=True,
            option_feedback=_chosen_feedback(item, response),
            key_text=key_text(item),
            rationale=item.rationale or "",
            citations=self._cited(item.citations),
        )

    def debrief(self) -> Debrief:
        """The review once an ending is reached (Refused before)."""
        ending = self.ending
        if ending is None:
            raise Refused("the debrief is shown once the case has ended")
        reviews = []
        for choice, result in zip(self.choices, self._scores):
            step = self.case.step(choice.step_id)
            item = step.item
            better = None
            if not result.correct:
                right = right_branch(step)
                better = BetterChoice(
                    key_text(item), step.branches[right].consequence, item.rationale or "", self._cited(item.citations)
                )
            reviews.append(
                StepReview(
                    step.id,
                    step.judgment_step,
                    item.id,
                    item.stem,
                    choice.response,
                    response_text(item, choice.response),
                    choice.points,
                    choice.max_points,
                    choice.branch,
                    step.branches[choice.branch].consequence,
                    better,
                )
            )
        step_points = sum(c.points for c in self.choices)
        return Debrief(
            case_id=self.case.id,
            title=self.case.title,
            path=self.path,
            steps=tuple(reviews),
            ending=ending,
            ending_citations=self._cited(ending.citations),
            step_points=step_points,
            step_max_points=sum(c.max_points for c in self.choices),
            ending_points=ending.points,
            total=step_points + ending.points,
            ideal_total=ideal_total(self.case),
            ideal_path=tuple(ideal_path(self.case)),
        )
