"""Attempts: started with their items and orders fixed, found again to resume, read back whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from quizbank.store.errors import AttemptExists, NotFound
from quizbank.store.ids import check_id, normalize_code
from quizbank.store.protocol import Row, SQLiteBacked, owned_attempt
from quizbank.store.records import (
    ATTEMPT_KINDS,
    AttemptKind,
    AttemptRecord,
    AttemptSummary,
    CaseChoice,
    ItemSpec,
    ResponseRecord,
)
from quizbank.store.sessions import check_session_open
from quizbank.store.values import dump_json, load_json, record_from_row

_SUMMARY_COLUMNS = (
    "attempt_id, learner_id, session_code, kind, started_at, deadline, submitted_at, total_points, max_points"
)
_RESPONSE_COLUMNS = """item_id, position, item_version, answer, checked_answer, points, max_points, tries,
                       locked, flagged, answered_at, shuffle_seed, seq"""


def case_choice(row: Row) -> CaseChoice:
    """A ``case_choices`` row as a CaseChoice."""
    return record_from_row(CaseChoice, row)


def _summary(row: Row) -> AttemptSummary:
    return record_from_row(AttemptSummary, row)


def _response(row: Row) -> ResponseRecord:
    return record_from_row(ResponseRecord, row, json_columns=("answer", "checked_answer"), flags=("locked", "flagged"))


def _open_attempt(conn: sqlite3.Connection, learner_id: str, code: str | None, kind: str) -> str | None:
    row = conn.execute(
        """SELECT attempt_id FROM attempts
           WHERE learner_id = ? AND ifnull(session_code, '') = ifnull(?, '') AND kind = ? AND submitted_at IS NULL
           ORDER BY started_at DESC LIMIT 1""",
        (learner_id, code, kind),
    ).fetchone()
    return row["attempt_id"] if row else None


class Attempts(SQLiteBacked):
    """The ``attempts`` table and the ``responses`` rows an attempt starts with."""

    def start_attempt(
        self,
        learner_id: str,
        *,
        attempt_id: str,
        kind: AttemptKind,
        items: Sequence[ItemSpec],
        settings: Mapping[str, Any],
        seed: str,
        option_orders: Mapping[str, Sequence[str]],
        started_at: float,
        deadline: float | None = None,
        session_code: str | None = None,
    ) -> str:
        """Record a new attempt with its items, order and option orders fixed; return its id.

        Raises AttemptExists (carrying the open attempt's id) when the learner already has an
        open attempt of this kind in this session, SessionClosed for a closed session.
        """
        check_id(attempt_id, "attempt id")
        if kind not in ATTEMPT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(ATTEMPT_KINDS)}")
        code = None
        if session_code is not None:
            code = normalize_code(session_code)
            if code is None:
                raise NotFound(f"no class session {session_code!r}")
        item_order = [spec.item_id for spec in items]
        if len(set(item_order)) != len(item_order):
            raise ValueError("an item appears twice in the attempt")

        def body(conn: sqlite3.Connection) -> str:
            if conn.execute("SELECT 1 FROM learners WHERE learner_id = ?", (learner_id,)).fetchone() is None:
                raise NotFound(f"no learner {learner_id!r}; call ensure_learner first")
            if code is not None:
                check_session_open(conn, code)
            open_id = _open_attempt(conn, learner_id, code, kind)
            if open_id is not None:
                raise AttemptExists(open_id)
            conn.execute(
                """INSERT INTO attempts (attempt_id, learner_id, session_code, kind, settings, seed, item_order,
                                         option_orders, started_at, deadline, max_points)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    attempt_id,
                    learner_id,
                    code,
                    kind,
                    dump_json(dict(settings)),
                    seed,
                    dump_json(item_order),
                    dump_json({k: list(v) for k, v in option_orders.items()}),
                    started_at,
                    deadline,
                    sum(spec.max_points for spec in items),
                ),
            )
            conn.executemany(
                """INSERT INTO responses (attempt_id, item_id, position, item_version, max_points, shuffle_seed)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [(attempt_id, s.item_id, i, s.version, s.max_points, s.shuffle_seed) for i, s in enumerate(items)],
            )
            return attempt_id

        return self._db.write(body)

    def find_open_attempt(self, learner_id: str, session_code: str | None, kind: AttemptKind) -> str | None:
        """The learner's unsubmitted attempt of this kind in this session (None: self-paced), to resume."""
        code = None if session_code is None else normalize_code(session_code)
        if session_code is not None and code is None:
            return None
        return self._db.read(lambda c: _open_attempt(c, learner_id, code, kind))

    def list_attempts(self, learner_id: str, kind: AttemptKind | None = None) -> list[AttemptSummary]:
        """The learner's own attempts, oldest first (for the refresher and completion statements)."""
        query = f"SELECT {_SUMMARY_COLUMNS} FROM attempts WHERE learner_id = ?"
        args: tuple[Any, ...] = (learner_id,)
        if kind is not None:
            query += " AND kind = ?"
            args += (kind,)
        rows = self._db.read(lambda c: c.execute(query + " ORDER BY started_at, attempt_id", args).fetchall())
        return [_summary(row) for row in rows]

    def load_attempt(self, learner_id: str, attempt_id: str) -> AttemptRecord:
        """Everything stored about the learner's attempt, read in one snapshot."""

        def body(conn: sqlite3.Connection) -> AttemptRecord:
            row = owned_attempt(conn, learner_id, attempt_id)
            responses = {
                r["item_id"]: _response(r)
                for r in conn.execute(
                    f"SELECT {_RESPONSE_COLUMNS} FROM responses WHERE attempt_id = ? ORDER BY position", (attempt_id,)
                )
            }
            choices = [
                case_choice(c)
                for c in conn.execute(
                    "SELECT seq, step_id, choice_id, at, points FROM case_choices WHERE attempt_id = ? ORDER BY seq",
                    (attempt_id,),
                )
            ]
            return AttemptRecord(
                attempt_id=row["attempt_id"],
                learner_id=row["learner_id"],
                session_code=row["session_code"],
                kind=row["kind"],
                settings=load_json(row["settings"]),
                seed=row["seed"],
                item_order=load_json(row["item_order"]),
                option_orders=load_json(row["option_orders"]),
                started_at=row["started_at"],
                deadline=row["deadline"],
                submitted_at=row["submitted_at"],
                total_points=row["total_points"],
                last_seq=row["last_seq"],
                responses=responses,
                case_choices=choices,
            )

        return self._db.read(body)
