"""Class sessions: opened by an instructor, joined by code, closed by the instructor's key."""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from quizbank.store.errors import AccessDenied, NotFound, SessionClosed, StoreError
from quizbank.store.ids import new_join_code, normalize_code
from quizbank.store.protocol import SQLiteBacked
from quizbank.store.records import ClassSession, NewClassSession, SessionListing
from quizbank.store.values import dump_json, hash_key, record_from_row

CODE_DRAWS = 20  # random join codes tried before giving up


def authorise(conn: sqlite3.Connection, code: str, instructor_key: str) -> str:
    """The session's canonical code when `instructor_key` is its key; NotFound or AccessDenied otherwise."""
    canonical = normalize_code(code)
    row = (
        conn.execute("SELECT instructor_key_hash FROM class_sessions WHERE code = ?", (canonical,)).fetchone()
        if canonical
        else None
    )
    if row is None or canonical is None:
        raise NotFound(f"no class session {code!r}")
    if not hmac.compare_digest(row["instructor_key_hash"], hash_key(str(instructor_key))):
        raise AccessDenied("that is not the instructor key of this session")
    return canonical


def check_session_open(conn: sqlite3.Connection, code: str) -> None:
    """NotFound for no such session, SessionClosed for a closed one."""
    row = conn.execute("SELECT closed_at FROM class_sessions WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise NotFound(f"no class session {code!r}")
    if row["closed_at"] is not None:
        raise SessionClosed("the instructor has closed this class session")


class ClassSessions(SQLiteBacked):
    """The ``class_sessions`` table."""

    def create_session(
        self,
        settings: Mapping[str, Any],
        instructor_label: str = "",
        key_for: Callable[[str], str] | None = None,
    ) -> NewClassSession:
        """Open a class session; return its join code and the instructor's key (stored hashed).

        `key_for`: makes the key from the drawn join code (quizbank.services.session_keys, so the
        instructor server can show it again); default: a random key, shown once.
        """
        settings_json = dump_json(dict(settings))
        keys: list[str] = []

        def body(conn: sqlite3.Connection) -> str:
            for _ in range(CODE_DRAWS):
                code = new_join_code()
                exists = conn.execute("SELECT 1 FROM class_sessions WHERE code = ?", (code,)).fetchone()
                if not exists:
                    keys[:] = [key_for(code) if key_for else secrets.token_urlsafe(24)]
                    key = keys[0]
                    conn.execute(
                        """INSERT INTO class_sessions
                               (code, settings, instructor_label, instructor_key_hash, created_at)
                           VALUES (?, ?, ?, ?, ?)""",
                        (code, settings_json, str(instructor_label), hash_key(key), self.clock()),
                    )
                    return code
            raise StoreError("could not find a free join code")

        code = self._db.write(body)
        return NewClassSession(code, keys[0])

    def get_session(self, code: str) -> ClassSession | None:
        """The session a join code names (typed codes are normalised), or None."""
        canonical = normalize_code(code)
        if canonical is None:
            return None
        row = self._db.read(
            lambda c: c.execute(
                "SELECT code, settings, instructor_label, created_at, closed_at FROM class_sessions WHERE code = ?",
                (canonical,),
            ).fetchone()
        )
        if row is None:
            return None
        return record_from_row(ClassSession, row, json_columns=("settings",))

    def close_session(self, code: str, instructor_key: str) -> None:
        """Close a session: nobody can join it or answer in it any more (submitting stays possible)."""

        def body(conn: sqlite3.Connection) -> None:
            canonical = authorise(conn, code, instructor_key)
            conn.execute(
                "UPDATE class_sessions SET closed_at = ? WHERE code = ? AND closed_at IS NULL",
                (self.clock(), canonical),
            )

        self._db.write(body)

    def list_sessions(self) -> list[SessionListing]:
        """Every class session, newest first, with its learners who joined and who submitted (no key needed:
        the counts are what the projected view shows anyway)."""
        rows = self._db.read(
            lambda c: c.execute(
                """SELECT s.code, s.settings, s.instructor_label, s.created_at, s.closed_at,
                          COUNT(DISTINCT a.learner_id) AS joined,
                          COUNT(DISTINCT CASE WHEN a.submitted_at IS NOT NULL THEN a.learner_id END) AS submitted
                   FROM class_sessions s LEFT JOIN attempts a ON a.session_code = s.code
                   GROUP BY s.code ORDER BY s.created_at DESC, s.code"""
            ).fetchall()
        )
        return [record_from_row(SessionListing, row, json_columns=("settings",)) for row in rows]

    def instructor_key_matches(self, code: str, instructor_key: str) -> bool:
        """True when `instructor_key` is the key of session `code`."""

        def body(conn: sqlite3.Connection) -> bool:
            try:
                authorise(conn, code, instructor_key)
            except (NotFound, AccessDenied):
                return False
            return True

        return self._db.read(body)
