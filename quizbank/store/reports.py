"""What an instructor reads about a class session (with its key): results, case choices, CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from quizbank.store.attempts import case_choice
from quizbank.store.ids import normalize_code
from quizbank.store.protocol import Row, SQLiteBacked
from quizbank.store.records import CaseChoice, ResultRow
from quizbank.store.sessions import authorise
from quizbank.store.values import dump_json, record_from_row

CSV_COLUMNS = (
    "session_code",
    "learner_id",
    "display_name",
    "attempt_id",
    "kind",
    "position",
    "item_id",
    "item_version",
    "answer",
    "points",
    "max_points",
    "tries",
    "locked",
    "flagged",
    "answered_at",
    "started_at",
    "submitted_at",
)


class ClassReports(SQLiteBacked):
    """Instructor reads across a session's attempts, responses and case choices."""

    def class_results(self, session_code: str, instructor_key: str) -> list[ResultRow]:
        """One row per learner per item of the session's attempts, ordered by learner, attempt, position."""

        def body(conn: sqlite3.Connection) -> list[ResultRow]:
            code = authorise(conn, session_code, instructor_key)
            rows = conn.execute(
                """SELECT a.learner_id, l.display_name, a.attempt_id, a.kind, a.started_at, a.submitted_at,
                          r.position, r.item_id, r.item_version, r.answer, r.points, r.max_points, r.tries,
                          r.locked, r.flagged, r.answered_at
                   FROM attempts a JOIN learners l ON l.learner_id = a.learner_id
                   JOIN responses r ON r.attempt_id = a.attempt_id
                   WHERE a.session_code = ?
                   ORDER BY l.display_name COLLATE NOCASE, a.learner_id, a.started_at, a.attempt_id, r.position""",
                (code,),
            ).fetchall()
            return [_result_row(r) for r in rows]

        return self._db.read(body)

    def class_case_choices(self, session_code: str, instructor_key: str) -> dict[str, list[CaseChoice]]:
        """Every case choice made in the session, by attempt id."""

        def body(conn: sqlite3.Connection) -> dict[str, list[CaseChoice]]:
            code = authorise(conn, session_code, instructor_key)
            found: dict[str, list[CaseChoice]] = {}
            for row in conn.execute(
                """SELECT c.attempt_id, c.seq, c.step_id, c.choice_id, c.at, c.points FROM case_choices c
                   JOIN attempts a ON a.attempt_id = c.attempt_id WHERE a.session_code = ?
                   ORDER BY c.attempt_id, c.seq""",
                (code,),
            ):
                found.setdefault(row["attempt_id"], []).append(case_choice(row))
            return found

        return self._db.read(body)

    def export_csv(self, session_code: str, instructor_key: str) -> str:
        """The session's results as CSV text: one row per learner per item, times in UTC."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        code = normalize_code(session_code)
        for row in self.class_results(session_code, instructor_key):
            writer.writerow([_csv_safe(v) for v in _csv_values(code, row)])
        return out.getvalue()


def _result_row(row: Row) -> ResultRow:
    return record_from_row(ResultRow, row, json_columns=("answer",), flags=("locked", "flagged"))


def _iso(value: float | None) -> str:
    if value is None:
        return ""
    return datetime.fromtimestamp(value, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _csv_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_values(code: str | None, row: ResultRow) -> Iterator[Any]:
    yield from (code, row.learner_id, row.display_name, row.attempt_id, row.kind, row.position + 1, row.item_id)
    yield from (row.item_version, dump_json(row.answer) or "", "" if row.points is None else row.points, row.max_points)
    yield from (row.tries, int(row.locked), int(row.flagged), _iso(row.answered_at), _iso(row.started_at))
    yield _iso(row.submitted_at)
