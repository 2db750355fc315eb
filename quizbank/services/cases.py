"""Cases: open a learner's unfinished case or start one, restore it after a reload, and choose through the outbox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from quizbank import case_records
from quizbank.case_events import StepResult
from quizbank.case_session import CasePlay
from quizbank.cases import Case
from quizbank.class_settings import ClassSettings
from quizbank.outcomes import Refusal
from quizbank.services.outbox import Outbox, RecordsRefusal, SaveReport
from quizbank.services.records_access import CannotResume, RecordsError, records_errors
from quizbank.store import Store

Reveal = Literal["step", "end"]


@dataclass(frozen=True)
class Chosen:
    """What a choice did: the refusal (nothing changed), the step's result, and what reached the records."""

    refusal: Refusal | None = None
    result: StepResult | None = None
    saved: SaveReport | None = None


class CaseRun:
    """One play of a case and its outbox (None: nothing is recorded here)."""

    def __init__(self, play: CasePlay, outbox: Outbox | None = None) -> None:
        self.play = play
        self.outbox = outbox

    @property
    def attempt_id(self) -> str | None:
        return None if self.outbox is None else self.outbox.attempt_id

    def choose(self, response: Any, *, step_id: str | None = None) -> Chosen:
        """Answer the current step; the choice is saved before this returns (or kept, or refused)."""
        outcome = self.play.answer(response, step_id=step_id)
        if outcome.refusal is not None:
            return Chosen(outcome.refusal)
        saved = None if self.outbox is None else self.outbox.send(outcome.events)
        return Chosen(None, outcome.value, saved)

    @property
    def report(self) -> SaveReport | None:
        """What the last choice did to the records (None: nothing is recorded here)."""
        return None if self.outbox is None else self.outbox.last_report

    @property
    def conflict(self) -> bool:
        """True once another window wrote this case first: the page must be reloaded."""
        report = self.report
        return report is not None and report.code is RecordsRefusal.OTHER_WINDOW


@dataclass(frozen=True)
class ClassCase:
    """The case a class session sets, with its code and feedback (all None/"step": self-paced)."""

    session_code: str | None = None
    case_id: str | None = None
    reveal: Reveal = "step"


def class_case(store: Store | None, code: str | None, cases: Mapping[str, Case]) -> ClassCase:
    """The case of the open class session `code`, when it sets one this bank has; else self-paced."""
    if not code or store is None:
        return ClassCase()
    with records_errors():
        session = store.get_session(code)
    if session is None or session.closed:
        return ClassCase()
    settings = ClassSettings.from_dict(session.settings)
    if settings.kind != "case" or settings.case_id not in cases:
        return ClassCase()
    return ClassCase(session.code, settings.case_id, settings.case_reveal)


def restore_unfinished(
    store: Store, learner_id: str, session_code: str | None, cases: Mapping[str, Case], sources: Mapping[str, Any]
) -> CaseRun | str | None:
    """The learner's unfinished case here, restored; None when there is none; the case's title when it
    no longer fits the bank (that attempt is closed, to start afresh). Raises RecordsError."""
    with records_errors():
        record = case_records.find_open_case(store, learner_id, session_code)
    if record is None:
        return None
    try:
        with records_errors():
            play, outbox = case_records.restore_case(store, learner_id, record, cases, sources)
    except CannotResume:
        case = cases.get(str(record.settings.get("case_id", "")))
        try:
            with records_errors():
                case_records.close_case(store, learner_id, record)
        except RecordsError:
            pass  # it stays open; the next start closes it
        return case.title if case is not None else "your last case"
    return CaseRun(play, outbox)


def start(
    store: Store | None,
    learner_id: str,
    display_name: str,
    case: Case,
    sources: Mapping[str, Any],
    *,
    reveal: Reveal = "step",
    session_code: str | None = None,
    cases: Mapping[str, Case] | None = None,
) -> CaseRun:
    """A fresh play of `case`, recorded when there is a store (ending the learner's unfinished case first)."""
    play = case_records.new_play(case, sources, reveal=reveal)
    if store is None:
        return CaseRun(play)
    with records_errors():
        if store.get_learner(learner_id) is None:
            store.ensure_learner(learner_id, display_name)
        outbox = case_records.open_or_start(store, learner_id, play, session_code=session_code, cases=cases)
    return CaseRun(play, outbox)
