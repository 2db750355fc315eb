"""Playing an unfolding case: the pure state machine the case player drives.

`CasePlay` holds one learner's play of one case (quizbank/cases.py defines the format):
the current step and its item, the chart as it stands (the initial chart plus the updates
of every step reached), `answer()` (scores the step's item, takes its branch, records a
`Choice`, returns the consequence), and once an ending is reached `debrief()` (path,
points per step and for the ending, and for each step not fully right the better choice
with its rationale and sources). `answer()` returns an Outcome: the Choice (and, at an
ending, CaseEnded) for the outbox, or a Refusal with its code that changed nothing.
The chart is built in quizbank/case_chart.py, the debrief in quizbank/case_debrief.py, and
the events and step results are defined in quizbank/case_events.py.
Nothing here imports a UI library.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from quizbank import items as item_types
from quizbank.case_chart import ChartView, chart_as_of
from quizbank.case_checks import check_case
from quizbank.case_debrief import Debrief, build_debrief
from quizbank.case_events import CaseEnded, CaseEvent, CaseOutcome, Choice, StepResult
from quizbank.cases import Case, Ending, Step, branch_for
from quizbank.models import Item
from quizbank.outcomes import FinalAnswer, Outcome, RefusalCode, refused
from quizbank.scoring import InvalidResponse, Score, score
from quizbank.session import Feedback, Refused, _chosen_feedback, cited_passages, key_text
from quizbank.shuffle import shuffle_seed

if TYPE_CHECKING:
    from quizbank.sources import SourceDocument


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
        return chart_as_of(
            self.case, self.path if not self.finished else self.path[:-1], None if self.finished else self._node
        )

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
        self.last = StepResult(
            choice, result, branch.consequence, cited_passages(branch.citations, self.sources), feedback, self.ending
        )
        events: tuple[CaseEvent, ...] = (choice,)
        if self.finished:
            events += (self.ended(choice.at),)
        return Outcome(events, value=self.last)

    def ended(self, at: float) -> CaseEnded:
        """The closing event of a finished play: each step item's last answer and points."""
        last = {c.item_id: c for c in self.choices}
        return CaseEnded(at, tuple(FinalAnswer(c.item_id, c.response, c.points, 1) for c in last.values()))

    # -- review ----------------------------------------------------------------------------------

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
            citations=cited_passages(item.citations, self.sources),
        )

    def debrief(self) -> Debrief:
        """The review once an ending is reached (Refused before)."""
        ending = self.ending
        if ending is None:
            raise Refused("the debrief is shown once the case has ended")
        return build_debrief(self.case, self.choices, self._scores, self.sources)
