"""Quizzes: open or resume a learner's quiz, and act on it (answer, check, flag, submit) through the outbox.

Voila starts a fresh kernel on every page load, so an opened quiz comes from the records:
items, order, option orders, answers, tries and locks (quizbank.records rebuilds the
Attempt). The item to show is derived from the records too, not stored separately:

    the item after the last one the learner acted on (answered, checked or flagged) that
    still has no answer; that item itself if it has none yet; else the first item
    without an answer; else the last one acted on; the first item when nothing was done.

So a learner who answers and moves on, or flags an item without answering it, comes
back to the same item; one who answered an item and reloaded before moving on comes
back to the next unanswered one (their answer is on the previous item, kept).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from quizbank import records
from quizbank.class_settings import FeedbackMode
from quizbank.loader import Bank
from quizbank.models import Item
from quizbank.outcomes import Outcome, Refusal
from quizbank.services.outbox import Outbox, SaveReport
from quizbank.services.records_access import records_errors
from quizbank.session import Attempt, Event, Feedback, QuizSettings
from quizbank.store import AttemptRecord, AttemptSummary, Store

V = TypeVar("V")
Listener = Callable[[Event], None]


@dataclass(frozen=True)
class Opened:
    """An attempt ready to show: where to start, when it was last saved, how it came back, and its outbox
    (None: nothing is saved, or the screen makes one for an attempt opened elsewhere)."""

    attempt: Attempt
    position: int = 0
    last_saved_at: float | None = None
    how: Literal["new", "resumed", "time_ran_out"] = "new"
    outbox: Outbox | None = None


@dataclass(frozen=True)
class Done(Generic[V]):
    """What an action did: the refusal (nothing changed), its value, and what reached the records
    (`saved` None: nothing is recorded here)."""

    refusal: Refusal | None = None
    value: V | None = None
    saved: SaveReport | None = None


def resume_position(record: AttemptRecord) -> int:
    """The 0-based position to show on resume (see the module docstring)."""
    rows = [record.responses[item_id] for item_id in record.item_order if item_id in record.responses]
    touched = [(row.seq, position) for position, row in enumerate(rows) if row.seq > 0]
    if not touched:
        return 0
    last = max(touched)[1]
    if rows[last].answer is None:
        return last
    after = [p for p in range(last + 1, len(rows)) if rows[p].answer is None]
    before = [p for p in range(last) if rows[p].answer is None]
    return (after or before or [last])[0]


def last_saved_at(record: AttemptRecord) -> float | None:
    """When the learner's last answer was saved (None before any)."""
    times = [row.answered_at for row in record.responses.values() if row.answered_at is not None]
    return max(times) if times else None


def _opened(attempt: Attempt, outbox: Outbox, before: AttemptRecord | None) -> Opened:
    if before is None:
        return Opened(attempt, outbox=outbox)
    how: Literal["resumed", "time_ran_out"] = (
        "time_ran_out" if attempt.submitted and not before.submitted else "resumed"
    )
    return Opened(attempt, resume_position(before), last_saved_at(before), how, outbox)


def load(store: Store, learner_id: str, attempt_id: str, bank: Bank) -> Opened:
    """The learner's stored attempt, rebuilt; one whose time ran out meanwhile comes back submitted."""
    with records_errors():
        attempt, outbox, before = records.reopen(store, learner_id, attempt_id, bank)
    return _opened(attempt, outbox, before)


def open_quiz(
    store: Store,
    learner_id: str,
    bank: Bank,
    settings: QuizSettings,
    *,
    seed: str | None = None,
    session_code: str | None = None,
    item_ids: tuple[str, ...] | None = None,
) -> Opened:
    """Carry on with the learner's open quiz here (self-paced, or in the class session), else start one."""
    with records_errors():
        attempt, outbox, before = records.open_or_resume(
            store, learner_id, bank, settings, kind="quiz", session_code=session_code, item_ids=item_ids, seed=seed
        )
    return _opened(attempt, outbox, before)


def unsaved_quiz(pool: list[Item], settings: QuizSettings, seed: str, bank: Bank) -> Opened:
    """A quiz drawn from `pool` that nothing records (a page without records)."""
    return Opened(Attempt.start(uuid.uuid4().hex, pool, settings, seed, bank.sources))


def quiz_attempts(store: Store, learner_id: str) -> list[AttemptSummary]:
    """The learner's quiz attempts, newest first."""
    with records_errors():
        attempts = store.list_attempts(learner_id, "quiz")
    return sorted(attempts, key=lambda a: (a.started_at, a.attempt_id), reverse=True)


def answered_count(store: Store, learner_id: str, attempt_id: str) -> tuple[int, int, int]:
    """(answered, items, resume position) of a stored attempt, for the home screen."""
    with records_errors():
        record = store.load_attempt(learner_id, attempt_id)
    answered = sum(1 for row in record.responses.values() if row.answer is not None)
    return answered, len(record.item_order), resume_position(record)


def feedback_mode(settings: QuizSettings, chosen: FeedbackMode | None = None) -> FeedbackMode:
    """When the learner sees feedback: as chosen (a class session), else after each answer in
    practice and after submission in an exam."""
    return chosen or ("each_answer" if settings.mode == "practice" else "after_submit")


def checks_allowed(settings: QuizSettings, feedback: FeedbackMode) -> bool:
    """True when items get a Check button: practice with feedback after each answer."""
    return settings.mode == "practice" and feedback == "each_answer"


@dataclass(frozen=True)
class SubmitSummary:
    """What the learner is asked before submitting: item numbers (1-based) not answered, flagged,
    answered but never checked, and checked but not right yet with tries left (practice); those to offer
    a "Go to item" button for."""

    answered: int
    count: int
    unanswered: tuple[int, ...]
    flagged: tuple[int, ...]
    unchecked: tuple[int, ...]
    tries_left: tuple[int, ...] = ()

    @property
    def to_revisit(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.unanswered) | set(self.flagged) | set(self.unchecked) | set(self.tries_left)))


def submit_summary(attempt: Attempt) -> SubmitSummary:
    """The attempt as it stands, for the question "Submit your answers?"."""
    states = [attempt.states[i.id] for i in attempt.items]
    numbered = list(enumerate(states, start=1))
    return SubmitSummary(
        answered=attempt.answered,
        count=len(states),
        unanswered=tuple(n for n, s in numbered if s.response is None),
        flagged=tuple(n for n, s in numbered if s.flagged),
        unchecked=tuple(n for n, s in numbered if s.response is not None and not s.locked and s.tries == 0),
        tries_left=tuple(n for n, s in numbered if s.response is not None and not s.locked and s.tries > 0),
    )


class QuizPlay:
    """One attempt and its outbox: every action goes through the Attempt, and what it did to the records.

    `listeners` hear each event once it is saved (or when nothing records it); none hear a refused action.
    """

    def __init__(self, attempt: Attempt, outbox: Outbox | None = None, listeners: Iterable[Listener] = ()) -> None:
        self.attempt = attempt
        self.outbox = outbox
        self.listeners = list(listeners)

    @classmethod
    def recording(
        cls, opened: Opened, store: Store | None, learner_id: str | None, listeners: Iterable[Listener] = ()
    ) -> QuizPlay:
        """The play of an opened attempt, recorded in `store` (an outbox is made if `opened` has none)."""
        outbox = opened.outbox
        if outbox is None and store is not None and learner_id is not None:
            outbox = Outbox(store, learner_id, opened.attempt.attempt_id, next_seq=None)
        return cls(opened.attempt, outbox, listeners)

    @property
    def attempt_id(self) -> str:
        return self.attempt.attempt_id

    def _send(self, outcome: Outcome[Event, V]) -> Done[V]:
        if outcome.refusal is not None:
            return Done(outcome.refusal)
        saved = None if self.outbox is None else self.outbox.send(outcome.events)
        if saved is None or saved.saved:
            for event in outcome.events:
                for listener in self.listeners:
                    listener(event)
        return Done(None, outcome.value, saved)

    def answer(self, item_id: str, response: Any) -> Done[Feedback]:
        """The learner's current answer to an item (not yet checked)."""
        return self._send(self.attempt.answer(item_id, response))

    def flag(self, item_id: str, on: bool) -> Done[Feedback]:
        """Mark or unmark an item for review."""
        return self._send(self.attempt.flag(item_id, on))

    def check(self, item_id: str) -> Done[Feedback]:
        """Practice: check the current answer (value: the Feedback)."""
        return self._send(self.attempt.check(item_id))

    def submit(self) -> Done[Feedback]:
        """Hand the attempt in."""
        return self._send(self.attempt.submit())

    @property
    def pending(self) -> bool:
        """True while writes kept back by a busy database wait to be sent."""
        return self.outbox is not None and bool(self.outbox.pending)

    def flush(self) -> SaveReport | None:
        """Send what a busy database kept back (None: nothing was pending)."""
        return self.outbox.flush() if self.pending and self.outbox is not None else None
