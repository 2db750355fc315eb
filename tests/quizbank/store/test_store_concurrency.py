"""Many kernels writing to one database at once: nothing lost, nothing doubled, no "database is locked"."""

from __future__ import annotations

import math
import os
import sqlite3

from tests.support.store_writer import burst

from quizbank.store import SCHEMA_VERSION, Store

PROCESSES = int(os.environ.get("CLINQUIZ_STORE_PROCESSES", "40"))
ANSWERS = int(os.environ.get("CLINQUIZ_STORE_ANSWERS", "25"))


def _figures(reports: list[dict]) -> dict[str, float]:
    latencies = sorted(x for r in reports for x in r["latencies"])
    span = max(r["end"] for r in reports) - min(r["start"] for r in reports)

    def p(q: float) -> float:
        return latencies[min(len(latencies) - 1, math.ceil(q * len(latencies)) - 1)]

    return {
        "answers": len(latencies),
        "seconds": span,
        "answers_per_s": len(latencies) / span,
        "p50_ms": 1000 * p(0.50),
        "p99_ms": 1000 * p(0.99),
        "max_ms": 1000 * latencies[-1],
    }


def test_forty_kernels_write_at_once_and_nothing_is_lost(tmp_path):
    db = tmp_path / "class.sqlite3"
    with Store(db) as store:
        code, key = store.create_session({"mode": "practice"}, "burst")

    reports = burst(db, tmp_path / "barrier", PROCESSES, ANSWERS, code, replay=True)

    errors = [e for r in reports for e in r["errors"]]
    assert errors == [], errors[0]
    assert all(r["acks"] == {"saved": ANSWERS} and r["replay"] == "duplicate" for r in reports)
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        rows = store.class_results(code, key)
    assert len(rows) == PROCESSES * ANSWERS
    assert len({(r.learner_id, r.item_id) for r in rows}) == PROCESSES * ANSWERS  # each exactly once
    assert all(r.answer == f"{r.learner_id}:{int(r.item_id[1:])}" for r in rows)
    figures = _figures(reports)
    shown = ", ".join(f"{k}={v:.1f}" for k, v in figures.items())
    print(f"\nstore burst, {PROCESSES} processes x {ANSWERS} answers: {shown}")


def test_forty_kernels_opening_a_new_database_at_once_all_get_it(tmp_path):
    db = tmp_path / "fresh" / "new.sqlite3"
    reports = burst(db, tmp_path / "barrier", PROCESSES, 3, None)

    errors = [e for r in reports for e in r["errors"]]
    assert errors == [], errors[0]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM responses WHERE answer IS NOT NULL").fetchone()[0] == PROCESSES * 3
        assert conn.execute("SELECT count(*) FROM learners").fetchone()[0] == PROCESSES
    finally:
        conn.close()
