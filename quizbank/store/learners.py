"""Learners: created on first sign-in, their display name kept current."""

from __future__ import annotations

import sqlite3

from quizbank.store.ids import MAX_ID_LENGTH, check_id
from quizbank.store.protocol import Row, SQLiteBacked
from quizbank.store.records import Learner
from quizbank.store.values import record_from_row

_SELECT = "SELECT learner_id, display_name, created_at FROM learners WHERE learner_id = ?"


def _learner(row: Row) -> Learner:
    return record_from_row(Learner, row)


class LearnerRecords(SQLiteBacked):
    """The ``learners`` table."""

    def ensure_learner(self, learner_id: str, display_name: str) -> Learner:
        """Create the learner, or update the display name of an existing one."""
        check_id(learner_id, "learner id")
        name = str(display_name).strip()[:MAX_ID_LENGTH] or learner_id

        def body(conn: sqlite3.Connection) -> Learner:
            conn.execute(
                """INSERT INTO learners (learner_id, display_name, created_at) VALUES (?, ?, ?)
                   ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name
                   WHERE display_name != excluded.display_name""",
                (learner_id, name, self.clock()),
            )
            return _learner(conn.execute(_SELECT, (learner_id,)).fetchone())

        return self._db.write(body)

    def get_learner(self, learner_id: str) -> Learner | None:
        """The learner with this id, or None."""
        row = self._db.read(lambda c: c.execute(_SELECT, (learner_id,)).fetchone())
        return _learner(row) if row else None
