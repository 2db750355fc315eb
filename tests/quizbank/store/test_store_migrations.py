"""Schema versions: a fresh database gets the latest schema; an older one is migrated with its data kept."""

from __future__ import annotations

import sqlite3

import pytest

from quizbank import store as st
from quizbank.store import SchemaTooNew, Store

# The schema as version 1 shipped it, frozen here on purpose: the test must not follow later edits.
V1_SCHEMA = [
    "CREATE TABLE learners (learner_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, created_at REAL NOT NULL)",
    """CREATE TABLE class_sessions (code TEXT PRIMARY KEY, settings TEXT NOT NULL,
        instructor_label TEXT NOT NULL DEFAULT '', instructor_key_hash TEXT NOT NULL,
        created_at REAL NOT NULL, closed_at REAL)""",
    """CREATE TABLE attempts (attempt_id TEXT PRIMARY KEY, learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        session_code TEXT REFERENCES class_sessions(code),
        kind TEXT NOT NULL CHECK (kind IN ('quiz', 'case', 'pretest', 'posttest', 'review')),
        settings TEXT NOT NULL, seed TEXT NOT NULL, item_order TEXT NOT NULL, option_orders TEXT NOT NULL,
        started_at REAL NOT NULL, deadline REAL, submitted_at REAL, total_points REAL, max_points REAL,
        last_seq INTEGER NOT NULL DEFAULT 0)""",
    """CREATE UNIQUE INDEX attempts_one_open ON attempts (learner_id, ifnull(session_code, ''), kind)
        WHERE submitted_at IS NULL""",
    "CREATE INDEX attempts_by_session ON attempts (session_code, learner_id)",
    "CREATE INDEX attempts_by_learner ON attempts (learner_id, kind, started_at)",
    """CREATE TABLE responses (attempt_id TEXT NOT NULL REFERENCES attempts(attempt_id), item_id TEXT NOT NULL,
        position INTEGER NOT NULL, item_version INTEGER NOT NULL, answer TEXT, checked_answer TEXT, points REAL,
        max_points REAL NOT NULL, tries INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0,
        flagged INTEGER NOT NULL DEFAULT 0, answered_at REAL, shuffle_seed TEXT NOT NULL,
        seq INTEGER NOT NULL DEFAULT 0, write_digest TEXT, PRIMARY KEY (attempt_id, item_id)) WITHOUT ROWID""",
    """CREATE TABLE case_choices (attempt_id TEXT NOT NULL REFERENCES attempts(attempt_id), seq INTEGER NOT NULL,
        step_id TEXT NOT NULL, choice_id TEXT NOT NULL, at REAL NOT NULL, points REAL,
        PRIMARY KEY (attempt_id, seq)) WITHOUT ROWID""",
]


def _make_v1(path) -> None:
    conn = sqlite3.connect(path)
    for statement in V1_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO learners VALUES ('ana', 'Ana', 1.0)")
    conn.execute(
        """INSERT INTO attempts (attempt_id, learner_id, kind, settings, seed, item_order, option_orders, started_at,
                                 max_points, last_seq)
           VALUES ('att-1', 'ana', 'quiz', '{"mode": "practice"}', 's1', '["q1", "q2"]',
                   '{"q1": ["b", "a"], "q2": []}', 10.0, 2.0, 3)"""
    )
    conn.execute(
        "INSERT INTO responses (attempt_id, item_id, position, item_version, answer, max_points, "
        "shuffle_seed, seq, answered_at) VALUES ('att-1', 'q1', 0, 1, '\"a\"', 1.0, 's1:q1', 3, 11.0)"
    )
    conn.execute(
        "INSERT INTO responses (attempt_id, item_id, position, item_version, max_points, shuffle_seed) "
        "VALUES ('att-1', 'q2', 1, 1, 1.0, 's1:q2')"
    )
    conn.execute("INSERT INTO case_choices VALUES ('att-1', 1, 'cues', 'fever', 10.5, 1.0)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_fresh_database_gets_latest_schema_in_wal_mode(db_path):
    with Store(db_path) as s:
        assert s.schema_version == st.SCHEMA_VERSION == len(st.MIGRATIONS)
    assert {"learners", "class_sessions", "attempts", "responses", "case_choices", "cards"} <= _tables(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_version_1_database_is_migrated_and_keeps_its_data(db_path, clock):
    _make_v1(db_path)
    assert "cards" not in _tables(db_path)
    with Store(db_path, clock=clock) as s:
        assert s.schema_version == st.SCHEMA_VERSION
        record = s.load_attempt("ana", "att-1")
        assert record.item_order == ["q1", "q2"]
        assert record.option_orders == {"q1": ["b", "a"], "q2": []}
        assert record.responses["q1"].answer == "a"
        assert record.responses["q1"].seq == 3
        assert record.responses["q2"].answer is None
        assert [(c.step_id, c.choice_id) for c in record.case_choices] == [("cues", "fever")]
        assert record.last_seq == 3
        # the migrated database works: old rows take new writes, the new table is usable
        assert s.record_answer("ana", "att-1", "q2", "c", seq=4, at=clock()).status == "saved"
        s.save_card("ana", "q1", '{"state": 1}', due=clock() + 86400)
        assert s.load_cards("ana") == {"q1": '{"state": 1}'}
    assert "cards" in _tables(db_path)


def test_reopening_runs_no_migration_twice(db_path):
    Store(db_path).close()
    with Store(db_path) as s:
        assert s.schema_version == st.SCHEMA_VERSION
        s.ensure_learner("ana", "Ana")
    with Store(db_path) as s:
        assert s.get_learner("ana").display_name == "Ana"


def test_database_from_a_newer_clinquiz_is_refused_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="upgrade clinquiz"):
        Store(db_path)
    assert _tables(db_path) == {"future"}


def test_default_path_comes_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINQUIZ_DB", str(tmp_path / "x" / "db.sqlite3"))
    assert st.default_db_path() == tmp_path / "x" / "db.sqlite3"
    monkeypatch.delenv("CLINQUIZ_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert st.default_db_path() == tmp_path / "data" / "clinquiz" / "clinquiz.sqlite3"
    with Store() as s:  # created with its directory
        assert s.path == tmp_path / "data" / "clinquiz" / "clinquiz.sqlite3"
    assert s.path.exists()
