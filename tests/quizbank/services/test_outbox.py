"""The outbox: events written in order with the attempt's sequence numbers, kept while the
database is busy, and each refusal of the records reported with its code."""

from __future__ import annotations

from typing import Any

import pytest

from quizbank import records
from quizbank.loader import Bank
from quizbank.services.outbox import Outbox, RecordsRefusal
from quizbank.session import Event, QuizSettings
from quizbank.store import Ack, Store, StoreBusy

ITEMS = ["bs-allergy-ecoli", "bs-latex"]


def opened(store: Store, bank: Bank, clock: Any, *, session_code: str | None = None, **settings: Any):
    store.ensure_learner("ana", "Ana")
    quiz = QuizSettings(length=len(ITEMS), **settings)
    attempt, outbox, _ = records.open_or_resume(
        store, "ana", bank, quiz, item_ids=ITEMS, seed="s", clock=clock, session_code=session_code
    )
    return attempt, outbox


def right(bank: Bank, item_id: str) -> Any:
    return bank.items[item_id].key


class BusyFor:
    """A store whose next `times` writes find the database locked."""

    def __init__(self, store: Store, times: int) -> None:
        self.store, self.times = store, times

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if not (name.startswith("record_") or name == "submit_attempt"):
            return method

        def write(*args: Any, **kwargs: Any) -> Ack:
            if self.times:
                self.times -= 1
                raise StoreBusy("the records database is busy")
            return method(*args, **kwargs)

        return write


def test_saved_events_take_the_next_sequence_numbers(store, bank, clock):
    attempt, outbox = opened(store, bank, clock)
    report = outbox.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events)
    assert report.saved and report.code is None and report.at is not None
    assert outbox.send(attempt.flag(ITEMS[1], True).events).saved
    assert outbox.send(attempt.check(ITEMS[0]).events).saved
    stored = store.load_attempt("ana", attempt.attempt_id)
    assert stored.last_seq == 3 and stored.responses[ITEMS[0]].locked and stored.responses[ITEMS[1]].flagged
    assert outbox.send(attempt.submit().events).saved
    assert store.load_attempt("ana", attempt.attempt_id).submitted


def test_a_busy_database_keeps_the_events_in_order_and_a_flush_sends_them(store, bank, clock):
    attempt, outbox = opened(store, bank, clock)
    outbox.store = BusyFor(store, 2)  # type: ignore[assignment]
    first = outbox.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events)
    second = outbox.send(attempt.answer(ITEMS[1], right(bank, ITEMS[1])).events)
    assert (first.status, second.status) == ("pending", "pending") and len(outbox.pending) == 2
    assert "busy" in second.detail and not second.saved
    assert store.load_attempt("ana", attempt.attempt_id).last_seq == 0
    flushed = outbox.flush()
    assert flushed.saved and outbox.pending == []
    stored = store.load_attempt("ana", attempt.attempt_id).responses
    assert stored[ITEMS[0]].seq < stored[ITEMS[1]].seq and stored[ITEMS[1]].answer == right(bank, ITEMS[1])


def test_another_window_writing_first_is_a_refusal_not_an_overwrite(store, bank, clock):
    attempt, outbox = opened(store, bank, clock)
    window_b, outbox_b, _ = records.reopen(store, "ana", attempt.attempt_id, bank, clock=clock)
    assert outbox.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events).saved
    stale = outbox_b.send(window_b.answer(ITEMS[0], "b").events)
    assert (stale.status, stale.code) == ("refused", RecordsRefusal.OTHER_WINDOW) and outbox_b.pending == []
    assert store.load_attempt("ana", attempt.attempt_id).responses[ITEMS[0]].answer == right(bank, ITEMS[0])


def test_an_answer_stamped_after_the_deadline_is_a_refusal_with_its_code(store, bank, clock):
    attempt, outbox = opened(store, bank, clock, time_limit_s=60.0)
    assert attempt.deadline is not None
    # A kernel whose attempt let the answer through: the store holds the line on the deadline.
    late = Event("answer", ITEMS[0], right(bank, ITEMS[0]), None, attempt.deadline + 1)
    report = outbox.send([late])
    assert (report.status, report.code) == ("refused", RecordsRefusal.TIME_UP)


def test_a_closed_class_session_is_a_refusal_with_its_code(store, bank, clock):
    code, key = store.create_session({"kind": "quiz"})
    attempt, outbox = opened(store, bank, clock, session_code=code)
    store.close_session(code, key)
    closed = outbox.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events)
    assert (closed.status, closed.code) == ("refused", RecordsRefusal.SESSION_CLOSED)


def test_an_attempt_submitted_elsewhere_is_a_refusal_with_its_code(store, bank, clock):
    attempt, outbox = opened(store, bank, clock)
    other, other_outbox, _ = records.reopen(store, "ana", attempt.attempt_id, bank, clock=clock)
    assert other_outbox.send(other.submit().events).saved
    # this kernel's next write has the next sequence number too, but the attempt is closed
    outbox.next_seq = store.load_attempt("ana", attempt.attempt_id).last_seq + 1
    refused = outbox.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events)
    assert (refused.status, refused.code) == ("refused", RecordsRefusal.ATTEMPT_CLOSED)


def test_an_outbox_for_an_attempt_opened_elsewhere_reads_its_next_sequence_number(store, bank, clock):
    attempt, outbox = opened(store, bank, clock)
    assert outbox.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events).saved
    later = Outbox(store, "ana", attempt.attempt_id, next_seq=None)
    assert later.send(attempt.answer(ITEMS[1], right(bank, ITEMS[1])).events).saved
    assert store.load_attempt("ana", attempt.attempt_id).last_seq == 2


def test_another_store_error_is_reported_failed_and_the_write_dropped(store, bank, clock):
    attempt, _ = opened(store, bank, clock)
    store.ensure_learner("bob", "Bob")
    theirs = Outbox(store, "bob", attempt.attempt_id)  # not bob's attempt
    failed = theirs.send(attempt.answer(ITEMS[0], right(bank, ITEMS[0])).events)
    assert failed.status == "failed" and failed.code is None and theirs.pending == []


@pytest.mark.parametrize("busy", [1, 3])
def test_a_case_choice_is_two_writes_kept_together_while_busy(store, bank, clock, busy):
    from quizbank import case_records

    store.ensure_learner("ana", "Ana")
    case = next(iter(bank.cases.values()))
    play = case_records.new_play(case, bank.sources, seed="s")
    outbox = case_records.start_case(store, "ana", play)
    outbox.store = BusyFor(store, busy)  # type: ignore[assignment]
    step = play.current_step
    assert step is not None
    outcome = play.answer(right_answer(step.item))
    report = outbox.send(outcome.events)
    assert report.status == "pending" and len(outbox.pending) == 2
    while outbox.pending:
        report = outbox.flush()
    assert report.saved
    stored = store.load_attempt("ana", outbox.attempt_id)
    assert [c.step_id for c in stored.case_choices] == [step.id]


def right_answer(item: Any) -> Any:
    if item.type == "single":
        return item.key
    if item.type == "true_false":
        return item.key
    if item.type in ("select_all", "highlight", "select_n", "ordering"):
        return list(item.key)
    if item.type == "matrix":
        return dict(item.key)
    raise NotImplementedError(item.type)
