"""Case-scenario choices: appended one per write, in the attempt's sequence."""

from __future__ import annotations

import sqlite3

from quizbank.store.protocol import Row, SQLiteBacked, check_writable, sequenced_write
from quizbank.store.records import Ack


class CaseChoices(SQLiteBacked):
    """Writes to the ``case_choices`` table."""

    def record_case_choice(
        self,
        learner_id: str,
        attempt_id: str,
        *,
        seq: int,
        step_id: str,
        choice_id: str,
        at: float,
        points: float | None = None,
    ) -> Ack:
        """Append one case-scenario choice; replaying the same seq adds nothing."""

        def replayed(conn: sqlite3.Connection, attempt: Row) -> bool:
            row = conn.execute(
                "SELECT step_id, choice_id FROM case_choices WHERE attempt_id = ? AND seq = ?", (attempt_id, seq)
            ).fetchone()
            return row is not None and (row["step_id"], row["choice_id"]) == (step_id, choice_id)

        def apply(conn: sqlite3.Connection, attempt: Row) -> None:
            check_writable(attempt, at, self.clock)
            conn.execute(
                "INSERT INTO case_choices (attempt_id, seq, step_id, choice_id, at, points) VALUES (?, ?, ?, ?, ?, ?)",
                (attempt_id, seq, step_id, choice_id, at, points),
            )

        return sequenced_write(self._db, learner_id, attempt_id, seq, replayed=replayed, apply=apply)
