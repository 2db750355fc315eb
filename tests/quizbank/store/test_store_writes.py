"""Writes to the store: replays and stale writes are harmless, locks and deadlines hold, learners stay apart."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from tests.support.clocks import T0

from quizbank.store import (
    CSV_COLUMNS,
    AccessDenied,
    AttemptClosed,
    AttemptExists,
    FinalState,
    ItemLocked,
    ItemSpec,
    NotFound,
    SessionClosed,
    Store,
    TimeUp,
    normalize_code,
)

ITEMS = ("q1", "q2", "q3")


def _start(store: Store, learner="ana", attempt_id="a1", *, deadline=None, code=None, kind="quiz", items=ITEMS):
    store.ensure_learner(learner, learner.title())
    return store.start_attempt(
        learner,
        attempt_id=attempt_id,
        kind=kind,
        items=[ItemSpec(i, 1, 1.0, f"seed:{i}") for i in items],
        settings={"mode": "practice"},
        seed="seed",
        option_orders={i: ["b", "a", "c"] for i in items},
        started_at=T0,
        deadline=deadline,
        session_code=code,
    )


def _count(db_path, sql, *args) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


# -- replays, stale writes, locks ---------------------------------------------------------------


def test_replayed_answer_is_acknowledged_once_and_stored_once(store, db_path):
    _start(store)
    first = store.record_answer("ana", "a1", "q1", "b", seq=1, at=T0 + 1)
    again = store.record_answer("ana", "a1", "q1", "b", seq=1, at=T0 + 1)
    assert (first.status, again.status) == ("saved", "duplicate")
    assert str(first) == str(again) == "saved" and again.ok
    assert _count(db_path, "SELECT count(*) FROM responses WHERE attempt_id = 'a1' AND item_id = 'q1'") == 1
    assert store.load_attempt("ana", "a1").responses["q1"].answer == "b"


def test_stale_write_is_ignored(store):
    _start(store)
    store.record_answer("ana", "a1", "q1", "c", seq=5, at=T0 + 5)
    late = store.record_answer("ana", "a1", "q1", "a", seq=3, at=T0 + 3)
    assert late.status == "stale" and not late.ok
    record = store.load_attempt("ana", "a1")
    assert record.responses["q1"].answer == "c"
    assert record.responses["q1"].seq == 5 and record.last_seq == 5


def test_answer_after_lock_is_refused_but_replaying_the_lock_is_harmless(store):
    _start(store)
    store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0 + 1)
    store.record_check("ana", "a1", "q1", "a", tries=1, locked=True, points=1.0, seq=2, at=T0 + 2)
    with pytest.raises(ItemLocked):
        store.record_answer("ana", "a1", "q1", "b", seq=3, at=T0 + 3)
    with pytest.raises(ItemLocked):
        store.record_check("ana", "a1", "q1", "b", tries=2, locked=True, points=0.0, seq=4, at=T0 + 4)
    replay = store.record_check("ana", "a1", "q1", "a", tries=1, locked=True, points=1.0, seq=2, at=T0 + 2)
    assert replay.status == "duplicate"
    assert store.record_flag("ana", "a1", "q1", True, seq=5, at=T0 + 5).status == "saved"  # flags stay possible
    row = store.load_attempt("ana", "a1").responses["q1"]
    stored = (row.answer, row.checked_answer, row.points, row.tries, row.locked, row.flagged)
    assert stored == ("a", "a", 1.0, 1, True, True)


def test_unlocked_check_stores_tries_but_no_points(store):
    _start(store)
    store.record_check("ana", "a1", "q2", "c", tries=1, locked=False, points=None, seq=1, at=T0 + 1)
    store.record_answer("ana", "a1", "q2", "b", seq=2, at=T0 + 2)
    row = store.load_attempt("ana", "a1").responses["q2"]
    assert (row.answer, row.checked_answer, row.points, row.tries, row.locked) == ("b", "c", None, 1, False)


def test_submit_locks_everything_is_idempotent_and_refuses_later_writes(store):
    _start(store)
    store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0 + 1)
    finals = [FinalState("q1", "a", 1.0, 0), FinalState("q2", None, 0.0, 0), FinalState("q3", None, 0.0, 0)]
    assert store.submit_attempt("ana", "a1", finals, seq=2, at=T0 + 9).status == "saved"
    assert store.submit_attempt("ana", "a1", finals, seq=3, at=T0 + 10).status == "duplicate"
    with pytest.raises(AttemptClosed):
        store.record_answer("ana", "a1", "q2", "b", seq=4, at=T0 + 11)
    with pytest.raises(AttemptClosed):
        store.record_flag("ana", "a1", "q2", True, seq=5, at=T0 + 11)
    assert store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0 + 1).status == "stale"  # an old replay
    record = store.load_attempt("ana", "a1")
    assert record.submitted_at == T0 + 9 and record.total_points == 1.0
    assert all(r.locked for r in record.responses.values())
    assert store.find_open_attempt("ana", None, "quiz") is None
    [summary] = store.list_attempts("ana")
    assert (summary.total_points, summary.max_points) == (1.0, 3.0)


def test_one_open_attempt_per_learner_session_and_kind(store):
    _start(store, attempt_id="a1")
    with pytest.raises(AttemptExists) as caught:
        _start(store, attempt_id="a2")
    assert caught.value.attempt_id == "a1"
    _start(store, attempt_id="p1", kind="pretest")  # another kind is another place
    assert store.find_open_attempt("ana", None, "quiz") == "a1"
    assert store.find_open_attempt("ana", None, "pretest") == "p1"


def test_unknown_item_and_bad_seq_are_rejected(store):
    _start(store)
    with pytest.raises(NotFound):
        store.record_answer("ana", "a1", "nope", "a", seq=1, at=T0)
    with pytest.raises(ValueError):
        store.record_answer("ana", "a1", "q1", "a", seq=0, at=T0)
    with pytest.raises(NotFound):
        store.load_attempt("ana", "missing")


# -- time limits ---------------------------------------------------------------------------------


def test_deadline_is_enforced_by_the_store(store, clock):
    _start(store, deadline=T0 + 60)
    assert store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0 + 59).status == "saved"
    clock.advance(61)
    with pytest.raises(TimeUp):
        store.record_answer("ana", "a1", "q2", "a", seq=2, at=T0 + 61)
    # a write stamped in time but delayed far beyond the deadline is refused too
    clock.advance(3600)
    with pytest.raises(TimeUp):
        store.record_answer("ana", "a1", "q2", "a", seq=3, at=T0 + 59.5)
    assert store.submit_attempt("ana", "a1", [], seq=4, at=clock()).status == "saved"  # ending is always allowed
    assert store.load_attempt("ana", "a1").deadline == T0 + 60


# -- class sessions --------------------------------------------------------------------------------


def test_join_codes_are_short_unambiguous_and_forgiving(store):
    code, key = store.create_session({"item_ids": ["q1"], "mode": "exam", "time_limit_s": 600}, "Ward 3 - Tuesday")
    assert re.fullmatch(r"[ACDEFHJKMNPQRTWXY34679]{3}-[ACDEFHJKMNPQRTWXY34679]{3}", code)
    assert len(key) >= 24
    typed = code.lower().replace("-", " ")
    session = store.get_session(typed)
    assert session.code == code and session.settings["time_limit_s"] == 600
    assert session.instructor_label == "Ward 3 - Tuesday" and not session.closed
    assert store.get_session("OOO-III") is None and normalize_code("K7Q4MP") == "K7Q-4MP"
    assert len({store.create_session({})[0] for _ in range(30)}) == 30


def test_closed_session_takes_no_new_learners_or_answers(store):
    code, key = store.create_session({"mode": "practice"})
    _start(store, code=code)
    store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0 + 1)
    with pytest.raises(AccessDenied):
        store.close_session(code, "not-the-key")
    store.close_session(code, key)
    assert store.get_session(code).closed
    with pytest.raises(SessionClosed):
        store.record_answer("ana", "a1", "q2", "a", seq=2, at=T0 + 2)
    with pytest.raises(SessionClosed):
        _start(store, learner="bob", attempt_id="b1", code=code)
    assert store.submit_attempt("ana", "a1", [], seq=3, at=T0 + 3).status == "saved"


# -- learner isolation ------------------------------------------------------------------------------


def test_a_learner_cannot_read_or_change_another_learners_attempt(store):
    code, _key = store.create_session({})
    _start(store, learner="ana", attempt_id="a1", code=code)
    _start(store, learner="bob", attempt_id="b1", code=code)
    store.record_answer("ana", "a1", "q1", "a", seq=1, at=T0 + 1)
    with pytest.raises(AccessDenied, match="another learner"):
        store.load_attempt("bob", "a1")
    with pytest.raises(AccessDenied):
        store.record_answer("bob", "a1", "q1", "c", seq=2, at=T0 + 2)
    with pytest.raises(AccessDenied):
        store.record_flag("bob", "a1", "q1", True, seq=2, at=T0 + 2)
    with pytest.raises(AccessDenied):
        store.submit_attempt("bob", "a1", [], seq=2, at=T0 + 2)
    with pytest.raises(AccessDenied):
        store.record_case_choice("bob", "a1", seq=2, step_id="s", choice_id="c", at=T0 + 2)
    assert store.find_open_attempt("bob", code, "quiz") == "b1"
    assert [a.attempt_id for a in store.list_attempts("bob")] == ["b1"]
    with pytest.raises(AccessDenied):  # the join code alone does not open the results
        store.class_results(code, "guess")
    assert store.load_attempt("ana", "a1").responses["q1"].answer == "a"


# -- case choices -------------------------------------------------------------------------------------


def test_case_choices_append_in_order_and_replays_add_nothing(store, db_path):
    _start(store, attempt_id="c1", kind="case", items=())
    steps = [("cues", "fever"), ("hypotheses", "infection"), ("action", "hold-dose")]
    for seq, (step, choice) in enumerate(steps, 1):
        ack = store.record_case_choice("ana", "c1", seq=seq, step_id=step, choice_id=choice, at=T0 + seq, points=1.0)
        assert ack.status == "saved"
    replay = store.record_case_choice("ana", "c1", seq=2, step_id="hypotheses", choice_id="infection", at=T0 + 2)
    assert replay.status == "duplicate"
    clash = store.record_case_choice("ana", "c1", seq=2, step_id="hypotheses", choice_id="flare", at=T0 + 9)
    assert clash.status == "stale"
    assert _count(db_path, "SELECT count(*) FROM case_choices WHERE attempt_id = 'c1'") == 3
    record = store.load_attempt("ana", "c1")
    assert [(c.seq, c.step_id, c.choice_id) for c in record.case_choices] == [
        (1, "cues", "fever"),
        (2, "hypotheses", "infection"),
        (3, "action", "hold-dose"),
    ]
    assert record.last_seq == 3


# -- results and CSV ----------------------------------------------------------------------------------


def test_class_results_and_csv_export(store):
    code, key = store.create_session({"item_ids": list(ITEMS)})
    _start(store, learner="ana", attempt_id="a1", code=code)
    store.ensure_learner("zed", '=HYPERLINK("http://x")')
    store.start_attempt(
        "zed",
        attempt_id="z1",
        kind="quiz",
        items=[ItemSpec(i, 2, 3.0, "") for i in ITEMS],
        settings={},
        seed="s",
        option_orders={},
        started_at=T0,
        session_code=code,
    )
    _start(store, learner="solo", attempt_id="s1")  # not in the session: not in its results
    store.record_answer("ana", "a1", "q1", ["b", "c"], seq=1, at=T0 + 1)
    store.submit_attempt("ana", "a1", [FinalState("q1", ["b", "c"], 0.5, 0)], seq=2, at=T0 + 2)
    store.record_check("zed", "z1", "q2", {"r1": "yes"}, tries=1, locked=True, points=3.0, seq=1, at=T0 + 3)

    rows = store.class_results(code, key)  # by display name: "=HYPERLINK..." sorts before "Ana"
    assert [(r.learner_id, r.item_id) for r in rows] == [(who, i) for who in ("zed", "ana") for i in ITEMS]
    ana_q1 = rows[3]
    assert (ana_q1.answer, ana_q1.points, ana_q1.max_points, ana_q1.locked) == (["b", "c"], 0.5, 1.0, True)
    assert rows[1].points == 3.0 and rows[1].answer == {"r1": "yes"} and rows[2].points is None

    text = store.export_csv(code.lower(), key)
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == CSV_COLUMNS
    assert len(table) == 1 + 6
    record = dict(zip(table[0], table[4], strict=True))
    assert record["session_code"] == code and record["learner_id"] == "ana" and record["display_name"] == "Ana"
    assert record["item_id"] == "q1" and record["position"] == "1" and record["answer"] == '["b","c"]'
    assert record["points"] == "0.5" and record["max_points"] == "1.0" and record["locked"] == "1"
    assert record["answered_at"] == "2026-02-02T02:40:01Z" and record["submitted_at"] == "2026-02-02T02:40:02Z"
    zed = dict(zip(table[0], table[1], strict=True))
    assert zed["display_name"].startswith("'=")  # a spreadsheet will not run it as a formula
    assert zed["points"] == "" and zed["item_version"] == "2"


# -- durability -------------------------------------------------------------------------------------


def test_acknowledged_answer_survives_the_process_being_killed(db_path):
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from quizbank.store import ItemSpec, Store
        s = Store({str(db_path)!r})
        s.ensure_learner("ana", "Ana")
        s.start_attempt("ana", attempt_id="k1", kind="quiz", items=[ItemSpec("q1", 1, 1.0)], settings={{}},
                        seed="s", option_orders={{}}, started_at=1.0)
        ack = s.record_answer("ana", "k1", "q1", "a", seq=1, at=2.0)
        print(ack, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "saved" and done.returncode == -9
    with Store(db_path) as s:
        assert s.load_attempt("ana", "k1").responses["q1"].answer == "a"
        assert s.integrity_check() == "ok"
