"""An Attempt connected to the store: every event saved, and a reload rebuilds exactly the same attempt."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.clocks import FakeClock

from quizbank import records
from quizbank.outcomes import RefusalCode
from quizbank.services.outbox import RecordsRefusal
from quizbank.services.quizzes import QuizPlay
from quizbank.session import Attempt, QuizSettings
from quizbank.store import AccessDenied, Store, TimeUp

ITEM_IDS = [
    "bs-allergy-ecoli",
    "bs-latex",
    "bs-tnf-ebsco",
    "bs-adalimumab-tf",
    "bs-allergy-list",
    "bs-drug-class-matrix",
    "bs-conditions-cloze",
]


def right(item):
    if item.type in ("single", "true_false"):
        return item.key
    if item.type == "select_all":
        return list(item.key)
    if item.type == "matrix":
        return dict(item.key)
    if item.type == "cloze":
        return {b.id: b.key for b in item.blanks}
    raise NotImplementedError(item.type)


def wrong(item):
    if item.type == "single":
        return next(o.id for o in item.options if o.id != item.key)
    if item.type == "true_false":
        return not item.key
    if item.type == "select_all":
        return [next(o.id for o in item.options if o.id not in item.key)]
    if item.type == "matrix":
        columns = [c.id for c in item.columns]
        return {row: next(c for c in columns if c != col) for row, col in item.key.items()}
    raise NotImplementedError(item.type)


def _open(store, bank, clock, mode="practice", learner="ana", **kw) -> QuizPlay:
    store.ensure_learner(learner, learner.title())
    settings = QuizSettings(mode=mode, length=len(ITEM_IDS), max_tries=2, retry_penalty=0.25, **kw)
    return _play(
        records.open_or_resume(store, learner, bank, settings, item_ids=ITEM_IDS, seed="fixed-seed", clock=clock)
    )


def _play(opened: tuple) -> QuizPlay:
    """The attempt `records` opened, acting through its outbox as a page does."""
    attempt, outbox, _record = opened
    return QuizPlay(attempt, outbox)


def _resume(store, learner, attempt_id, bank, clock) -> QuizPlay:
    return _play(records.reopen(store, learner, attempt_id, bank, clock=clock))


def _same_state(a: Attempt, b: Attempt) -> None:
    assert [i.id for i in a.items] == [i.id for i in b.items]
    assert a.option_orders == b.option_orders
    assert a.states.keys() == b.states.keys()
    for item_id, state in a.states.items():
        other = b.states[item_id]
        assert (state.response, state.tries, state.locked, state.flagged, state.awarded, state.last_score) == (
            other.response,
            other.tries,
            other.locked,
            other.flagged,
            other.awarded,
            other.last_score,
        ), item_id
        assert a.feedback(item_id) == b.feedback(item_id), item_id
    assert (a.submitted, a.started_at, a.deadline, a.seed, a.settings) == (
        b.submitted,
        b.started_at,
        b.deadline,
        b.seed,
        b.settings,
    )
    assert a.total() == b.total()


def test_resume_mid_practice_quiz_rebuilds_the_same_attempt(db_path, bank, clock):
    with Store(db_path, clock=clock) as store:
        live = _open(store, bank, clock)
        items = {i.id: i for i in live.attempt.items}
        ids = [i.id for i in live.attempt.items]
        assert ids == ITEM_IDS and any(order != sorted(order) for order in live.attempt.option_orders.values() if order)
        live.answer(ids[0], right(items[ids[0]]))
        assert live.check(ids[0]).value.final  # right first time: locked, full points
        live.answer(ids[1], wrong(items[ids[1]]))
        assert not live.check(ids[1]).value.final  # wrong, one try left
        live.answer(ids[1], right(items[ids[1]]))  # changed but not yet checked
        live.flag(ids[2], True)
        live.answer(ids[3], wrong(items[ids[3]]))
        live.check(ids[3])
        live.check(ids[3])  # out of tries: locked with 0
        live.answer(ids[5], wrong(items[ids[5]]))
        assert str(live.outbox.last_ack) == "saved"

    clock.advance(3600)
    with Store(db_path, clock=clock) as store:  # a reload: a new kernel, a new connection
        again = _play(records.open_or_resume(store, "ana", bank, QuizSettings(), item_ids=ITEM_IDS, clock=clock))
        assert again.attempt.attempt_id == live.attempt.attempt_id
        _same_state(live.attempt, again.attempt)
        # the unchecked change is not scored: feedback still shows the last check (wrong)
        assert again.attempt.feedback(ids[1]).correct is False and again.attempt.states[ids[1]].tries == 1
        # and the resumed attempt carries on, saved with later sequence numbers
        feedback = again.check(ids[1]).value
        assert feedback.final and feedback.awarded == pytest.approx(0.75)
        assert again.answer(ids[0], wrong(items[ids[0]])).refusal.code is RefusalCode.ITEM_LOCKED
        again.submit()

    with Store(db_path, clock=clock) as store:
        done = _resume(store, "ana", live.attempt.attempt_id, bank, clock)
        _same_state(again.attempt, done.attempt)
        assert done.attempt.submitted and done.attempt.total()[0] == pytest.approx(1.75)
        assert store.find_open_attempt("ana", None, "quiz") is None


def test_resume_exam_before_and_after_submission(store, bank, clock):
    live = _open(store, bank, clock, mode="exam")
    items = {i.id: i for i in live.attempt.items}
    for n, item_id in enumerate(ITEM_IDS[:4]):
        live.answer(item_id, right(items[item_id]) if n % 2 == 0 else wrong(items[item_id]))
    reloaded = _resume(store, "ana", live.attempt.attempt_id, bank, clock)
    _same_state(live.attempt, reloaded.attempt)
    assert reloaded.attempt.feedback(ITEM_IDS[0]) is None  # nothing about correctness before submission
    assert store.load_attempt("ana", live.attempt.attempt_id).responses[ITEM_IDS[0]].points is None
    reloaded.submit()
    final = _resume(store, "ana", live.attempt.attempt_id, bank, clock)
    assert final.attempt.submitted and final.attempt.total()[0] == 2.0
    assert final.attempt.feedback(ITEM_IDS[0]).final and final.attempt.feedback(ITEM_IDS[0]).correct
    _same_state(reloaded.attempt, final.attempt)


def test_time_limit_survives_a_reload(db_path, bank):
    clock = FakeClock()
    with Store(db_path, clock=clock) as store:
        live = _open(store, bank, clock, mode="exam", time_limit_s=300.0)
        started, deadline = live.attempt.started_at, live.attempt.deadline
        assert store.load_attempt("ana", live.attempt.attempt_id).deadline == deadline
    clock.advance(120)
    with Store(db_path, clock=clock) as store:
        # a reload asking for a fresh, longer limit gets the stored deadline
        again = _play(
            records.open_or_resume(
                store, "ana", bank, QuizSettings(mode="exam", time_limit_s=9999.0), item_ids=ITEM_IDS, clock=clock
            )
        )
        assert (again.attempt.started_at, again.attempt.deadline) == (started, deadline)
        assert again.attempt.time_left() == pytest.approx(180.0)
        again.answer(ITEM_IDS[0], "a" if False else right(bank.items[ITEM_IDS[0]]))
        clock.advance(181)
        late = again.answer(ITEM_IDS[1], right(bank.items[ITEM_IDS[1]])).refusal
        assert late.code is RefusalCode.TIME_UP and "time limit" in late.message
        # the store holds the line even against a kernel that would let it through
        with pytest.raises(TimeUp):
            store.record_answer("ana", again.attempt.attempt_id, ITEM_IDS[1], "x", seq=99, at=clock())
        again.submit()  # ending after the deadline is allowed
        assert store.load_attempt("ana", again.attempt.attempt_id).submitted


def test_an_attempt_that_ran_out_while_the_learner_was_away_comes_back_submitted(db_path, bank):
    clock = FakeClock()
    with Store(db_path, clock=clock) as store:
        live = _open(store, bank, clock, mode="exam", time_limit_s=60.0)
        live.answer(ITEM_IDS[0], right(bank.items[ITEM_IDS[0]]))
    clock.advance(86400)
    with Store(db_path, clock=clock) as store:
        back = _play(
            records.open_or_resume(store, "ana", bank, QuizSettings(mode="exam"), item_ids=ITEM_IDS, clock=clock)
        )
        assert (
            back.attempt.attempt_id == live.attempt.attempt_id
            and back.attempt.submitted
            and back.attempt.total()[0] == 1.0
        )
        stored = store.load_attempt("ana", live.attempt.attempt_id)
        assert stored.submitted_at == clock() and stored.total_points == 1.0


def test_resume_refuses_another_learners_attempt(store, bank, clock):
    live = _open(store, bank, clock)
    store.ensure_learner("bob", "Bob")
    with pytest.raises(AccessDenied):
        _resume(store, "bob", live.attempt.attempt_id, bank, clock)
    other = _open(store, bank, clock, learner="bob")
    assert other.attempt.attempt_id != live.attempt.attempt_id


def test_two_windows_on_one_attempt_get_a_conflict_not_a_silent_overwrite(store, bank, clock):
    live = _open(store, bank, clock)
    window_a = _resume(store, "ana", live.attempt.attempt_id, bank, clock)
    window_b = _resume(store, "ana", live.attempt.attempt_id, bank, clock)
    window_a.answer(ITEM_IDS[0], right(bank.items[ITEM_IDS[0]]))
    saved = window_b.answer(ITEM_IDS[0], wrong(bank.items[ITEM_IDS[0]])).saved
    assert saved.status == "refused" and saved.code is RecordsRefusal.OTHER_WINDOW and "another window" in saved.detail
    assert store.load_attempt("ana", live.attempt.attempt_id).responses[ITEM_IDS[0]].answer == right(
        bank.items[ITEM_IDS[0]]
    )


def test_a_busy_database_keeps_the_event_and_writes_it_on_the_next_action(db_path, bank, clock):
    with Store(db_path, clock=clock, busy_timeout_s=0.05, write_tries=2) as store:
        live = _open(store, bank, clock)
        seen = []
        live.listeners.append(lambda event: seen.append(event.item_id))  # the UI's listener, once saved
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        saved = live.answer(ITEM_IDS[0], right(bank.items[ITEM_IDS[0]])).saved
        assert saved.status == "pending" and "not saved" in saved.detail
        assert seen == [] and len(live.outbox.pending) == 1
        blocker.execute("ROLLBACK")
        blocker.close()
        live.answer(ITEM_IDS[1], right(bank.items[ITEM_IDS[1]]))
        assert seen == [ITEM_IDS[1]] and live.outbox.pending == []
        stored = store.load_attempt("ana", live.attempt.attempt_id).responses
        assert stored[ITEM_IDS[0]].answer == right(bank.items[ITEM_IDS[0]])
        assert stored[ITEM_IDS[1]].seq > stored[ITEM_IDS[0]].seq


def test_settings_round_trip():
    settings = QuizSettings(mode="exam", topics=("dosing", "storage"), objectives=("o1",), time_limit_s=60.0)
    assert records.settings_from_dict(records.settings_to_dict(settings)) == settings
    assert records.settings_from_dict({"mode": "exam", "from_the_future": 1}) == QuizSettings(mode="exam")
