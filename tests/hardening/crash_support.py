"""The crash rounds' settings (seeded: CLINQUIZ_CRASH_SEED; more rounds with CLINQUIZ_DEEP=1) and the
check they end every round with.

After every round: each acknowledged answer, check, flag, submission and case choice is in
the store as acknowledged (or as the one write that was in flight when the process died
left it); nothing is there twice (one attempt per quiz code, at most one open attempt,
each case choice once); nothing was written that no one sent; and SQLite's
``PRAGMA integrity_check`` says ok. Sizes: a handful of rounds by default, 50 Voila rounds
and 200 records rounds with CLINQUIZ_DEEP=1."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from tests.hardening.deep_runs import deep

from quizbank.store import Store

DEEP = deep()
SEED = int(os.environ.get("CLINQUIZ_CRASH_SEED", "4242"))
VOILA_ROUNDS = 50 if DEEP else 4
RECORD_ROUNDS = 200 if DEEP else 12
WRITERS = 3
WRITER = Path(__file__).resolve().parent / "crash_writer.py"
SAFETY_S = 120.0  # stops a hung round; not a speed check


def integrity(db: Path) -> tuple[str, list[Any]]:
    with Store(db) as store:
        ok = store.integrity_check()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return ok, conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
