"""The one write protocol: busy retry, BEGIN IMMEDIATE, and the sequence check of every learner write."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from tests.support.clocks import T0

from quizbank.store import FinalState, ItemSpec, Store, StoreBusy
from quizbank.store.protocol import Database, is_busy

ITEMS = ("q1", "q2")


def _start(store: Store, kind: str = "quiz") -> str:
    store.ensure_learner("ana", "Ana")
    return store.start_attempt(
        "ana",
        attempt_id="a1",
        kind=kind,
        items=[ItemSpec(i, 1, 1.0, f"seed:{i}") for i in ITEMS],
        settings={"mode": "practice"},
        seed="seed",
        option_orders={},
        started_at=T0,
    )


# Every learner write to an attempt, as (name, call with a seq and a variant): variants 0 and 1 differ.
WRITERS = {
    "record_answer": lambda s, seq, v: s.record_answer("ana", "a1", "q1", f"answer-{v}", seq=seq, at=T0),
    "record_check": lambda s, seq, v: s.record_check(
        "ana", "a1", "q1", f"answer-{v}", tries=1, locked=False, points=None, seq=seq, at=T0
    ),
    "record_flag": lambda s, seq, v: s.record_flag("ana", "a1", "q1", bool(v), seq=seq, at=T0),
    "record_case_choice": lambda s, seq, v: s.record_case_choice(
        "ana", "a1", seq=seq, step_id="s1", choice_id=f"c{v}", at=T0
    ),
    "submit_attempt": lambda s, seq, v: s.submit_attempt("ana", "a1", [FinalState("q1", v, 0.0, 1)], seq=seq, at=T0),
}


def _last_seq(store: Store) -> int:
    return store.load_attempt("ana", "a1").last_seq


# -- the sequence check ---------------------------------------------------------------------------


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_first_write_is_saved_and_moves_the_attempts_sequence(store, writer):
    _start(store)
    ack = WRITERS[writer](store, 4, 1)
    assert (ack.status, ack.seq, ack.ok) == ("saved", 4, True)
    assert _last_seq(store) == 4


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_exact_replay_is_a_duplicate_and_changes_nothing(store, writer):
    _start(store)
    WRITERS[writer](store, 4, 1)
    before = store.load_attempt("ana", "a1")
    assert WRITERS[writer](store, 4, 1).status == "duplicate"
    assert store.load_attempt("ana", "a1") == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_at_or_below_the_last_seq_is_stale_and_changes_nothing(store, writer):
    _start(store)
    store.record_answer("ana", "a1", "q2", "elsewhere", seq=5, at=T0)  # another window wrote seq 5
    before = store.load_attempt("ana", "a1")
    for seq in (3, 5):
        ack = WRITERS[writer](store, seq, 0)
        assert (ack.status, ack.ok, str(ack)) == ("stale", False, "changed elsewhere; reload")
    assert store.load_attempt("ana", "a1") == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("seq", [0, -1, True, 1.5, "2"])
def test_a_seq_that_is_not_a_positive_whole_number_is_refused(store, writer, seq):
    _start(store)
    with pytest.raises(ValueError, match="seq must be a positive whole number"):
        WRITERS[writer](store, seq, 1)
    assert _last_seq(store) == 0


# -- BEGIN IMMEDIATE -------------------------------------------------------------------------------


def _other_writer_is_kept_out(db_path) -> bool:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        assert is_busy(exc)
        return True
    finally:
        other.close()


@pytest.mark.parametrize(("how", "takes_write_lock"), [("write", True), ("read", False)])
def test_a_write_takes_the_write_lock_before_its_first_statement(db_path, how, takes_write_lock):
    Store(db_path).close()
    db = Database(db_path)
    try:
        seen = getattr(db, how)(lambda conn: _other_writer_is_kept_out(db_path))
    finally:
        db.close()
    assert seen is takes_write_lock


# -- retry while busy ------------------------------------------------------------------------------


def _locked() -> sqlite3.OperationalError:
    return sqlite3.OperationalError("database is locked")


@pytest.mark.parametrize(
    ("failures", "tries", "outcome", "calls"),
    [
        (0, 3, "done", 1),
        (1, 3, "done", 2),
        (2, 3, "done", 3),
        (3, 3, StoreBusy, 3),
        (1, 1, StoreBusy, 1),
    ],
)
def test_a_busy_database_is_retried_a_bounded_number_of_times(db_path, failures, tries, outcome, calls):
    db = Database(db_path, write_tries=tries)
    made = []

    def action() -> str:
        made.append(1)
        if len(made) <= failures:
            raise _locked()
        return "done"

    try:
        if outcome == "done":
            assert db.retry(action) == "done"
        else:
            with pytest.raises(StoreBusy, match="not saved, please try again"):
                db.retry(action)
    finally:
        db.close()
    assert len(made) == calls


def test_an_error_other_than_busy_is_not_retried(db_path):
    db = Database(db_path)
    made = []

    def action() -> None:
        made.append(1)
        raise sqlite3.OperationalError("no such table: nowhere")

    try:
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            db.retry(action)
    finally:
        db.close()
    assert made == [1]


@pytest.mark.parametrize(
    ("message", "busy"),
    [("database is locked", True), ("database table is locked", True), ("busy", True), ("disk I/O error", False)],
)
def test_busy_is_told_from_the_message_when_sqlite_gives_no_code(message, busy):
    assert is_busy(sqlite3.OperationalError(message)) is busy


def test_a_write_waits_for_another_writer_and_then_lands(db_path, clock):
    with Store(db_path, clock=clock, busy_timeout_s=0.05, write_tries=6) as store:
        _start(store)
        blocker = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        blocker.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.2, lambda: blocker.execute("ROLLBACK"))
        release.start()
        began = time.monotonic()
        try:
            assert store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0).status == "saved"
        finally:
            release.join()
            blocker.close()
        assert time.monotonic() - began >= 0.15
        assert store.load_attempt("ana", "a1").responses["q1"].answer == "a"


def test_a_write_that_stays_locked_raises_store_busy_and_writes_nothing(db_path, clock):
    with Store(db_path, clock=clock, busy_timeout_s=0.02, write_tries=2) as store:
        _start(store)
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreBusy):
                store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        record = store.load_attempt("ana", "a1")
        assert record.last_seq == 0 and record.responses["q1"].answer is None
