"""Opening a learner's attempt from the records: where to carry on, and which attempts they have.

Voila starts a fresh kernel on every page load, so everything comes from the store:
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

from dataclasses import dataclass
from typing import Literal

from quizbank import records
from quizbank.loader import Bank
from quizbank.session import Attempt, QuizSettings
from quizbank.store import AttemptRecord, AttemptSummary, Store


@dataclass(frozen=True)
class Opened:
    """An attempt ready to show: where to start, when it was last saved, and how it came back."""

    attempt: Attempt
    position: int = 0
    last_saved_at: float | None = None
    how: Literal["new", "resumed", "time_ran_out"] = "new"


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


def load(store: Store, learner_id: str, attempt_id: str, bank: Bank) -> Opened:
    """The learner's stored attempt, rebuilt; one whose time ran out meanwhile comes back submitted."""
    before = store.load_attempt(learner_id, attempt_id)
    attempt = records.resume(store, learner_id, attempt_id, bank)
    how: Literal["resumed", "time_ran_out"] = (
        "time_ran_out" if attempt.submitted and not before.submitted else "resumed"
    )
    return Opened(attempt, resume_position(before), last_saved_at(before), how)


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
    open_id = store.find_open_attempt(learner_id, session_code, "quiz")
    if open_id is not None:
        return load(store, learner_id, open_id, bank)
    attempt = records.open_attempt(
        store, learner_id, bank, settings, kind="quiz", session_code=session_code, item_ids=item_ids, seed=seed
    )
    return Opened(attempt)


def quiz_attempts(store: Store, learner_id: str) -> list[AttemptSummary]:
    """The learner's quiz attempts, newest first."""
    return sorted(store.list_attempts(learner_id, "quiz"), key=lambda a: (a.started_at, a.attempt_id), reverse=True)


def answered_count(store: Store, learner_id: str, attempt_id: str) -> tuple[int, int, int]:
    """(answered, items, resume position) of a stored attempt, for the home screen."""
    record = store.load_attempt(learner_id, attempt_id)
    answered = sum(1 for row in record.responses.values() if row.answer is not None)
    return answered, len(record.item_order), resume_position(record)
