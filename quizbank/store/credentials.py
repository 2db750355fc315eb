"""Sign-in records: each learner's secret (a resume phrase or a one-time code, as salted hashes),
the devices that may sign them in without it, and recent failed sign-in tries.

The hashes are made and checked in quizbank.services.signin; here they are opaque text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from quizbank.store.ids import MAX_ID_LENGTH, check_id
from quizbank.store.protocol import SQLiteBacked
from quizbank.store.records import LearnerSecret, RosterEntry

_SECRET = "SELECT learner_id, phrase_hash, code_hash, updated_at FROM learner_secrets WHERE learner_id = ?"


class CredentialRecords(SQLiteBacked):
    """The ``learner_secrets``, ``devices`` and ``signin_failures`` tables."""

    def get_secret(self, learner_id: str) -> LearnerSecret | None:
        """The learner's stored secret hashes, or None when they have none."""
        row = self._db.read(lambda c: c.execute(_SECRET, (learner_id,)).fetchone())
        return (
            LearnerSecret(row["learner_id"], row["phrase_hash"], row["code_hash"], row["updated_at"]) if row else None
        )

    def create_learner_with_phrase(self, learner_id: str, display_name: str, phrase_hash: str) -> bool:
        """Create a new learner with their resume phrase; False (nothing changed) when the id is taken."""
        check_id(learner_id, "learner id")
        name = str(display_name).strip()[:MAX_ID_LENGTH] or learner_id

        def body(conn: sqlite3.Connection) -> bool:
            if conn.execute("SELECT 1 FROM learners WHERE learner_id = ?", (learner_id,)).fetchone():
                return False
            now = self.clock()
            conn.execute(
                "INSERT INTO learners (learner_id, display_name, created_at) VALUES (?, ?, ?)", (learner_id, name, now)
            )
            conn.execute(
                "INSERT INTO learner_secrets (learner_id, phrase_hash, code_hash, updated_at) VALUES (?, ?, NULL, ?)",
                (learner_id, phrase_hash, now),
            )
            return True

        return self._db.write(body)

    def replace_code_with_phrase(self, learner_id: str, code_hash: str, phrase_hash: str) -> bool:
        """Use up the learner's one-time code: the phrase replaces it. False when that code is no longer theirs."""

        def body(conn: sqlite3.Connection) -> bool:
            changed = conn.execute(
                """UPDATE learner_secrets SET phrase_hash = ?, code_hash = NULL, updated_at = ?
                   WHERE learner_id = ? AND code_hash = ?""",
                (phrase_hash, self.clock(), learner_id, code_hash),
            ).rowcount
            return bool(changed)

        return self._db.write(body)

    def set_one_time_codes(self, entries: Sequence[RosterEntry]) -> None:
        """Give each learner (created if new, renamed if a name is given) a one-time code in place of any
        secret, and revoke their devices: all in one transaction."""
        for entry in entries:
            check_id(entry.learner_id, "learner id")

        def body(conn: sqlite3.Connection) -> None:
            now = self.clock()
            for entry in entries:
                name = str(entry.display_name).strip()[:MAX_ID_LENGTH] or entry.learner_id
                conn.execute(
                    """INSERT INTO learners (learner_id, display_name, created_at) VALUES (?, ?, ?)
                       ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name""",
                    (entry.learner_id, name, now),
                )
                conn.execute(
                    """INSERT INTO learner_secrets (learner_id, phrase_hash, code_hash, updated_at)
                       VALUES (?, NULL, ?, ?) ON CONFLICT (learner_id) DO UPDATE SET
                       phrase_hash = NULL, code_hash = excluded.code_hash, updated_at = excluded.updated_at""",
                    (entry.learner_id, entry.code_hash, now),
                )
                conn.execute(
                    "UPDATE devices SET revoked_at = ? WHERE learner_id = ? AND revoked_at IS NULL",
                    (now, entry.learner_id),
                )

        self._db.write(body)

    def add_device(self, device_id: str, learner_id: str, issued_at: float) -> None:
        """Remember a device that may sign the learner in without their secret."""
        check_id(device_id, "device id")
        self._db.write(
            lambda c: c.execute(
                "INSERT INTO devices (device_id, learner_id, issued_at, revoked_at) VALUES (?, ?, ?, NULL)",
                (device_id, learner_id, issued_at),
            )
        )

    def device_active(self, device_id: str, learner_id: str, issued_at: float) -> bool:
        """True when this device was issued to this learner at that time and has not been revoked."""
        row = self._db.read(
            lambda c: c.execute(
                "SELECT learner_id, issued_at, revoked_at FROM devices WHERE device_id = ?", (device_id,)
            ).fetchone()
        )
        return bool(
            row
            and row["learner_id"] == learner_id
            and row["revoked_at"] is None
            and abs(float(row["issued_at"]) - issued_at) < 1e-6
        )

    def revoke_device(self, device_id: str) -> None:
        """This device no longer signs anyone in (the learner signed out on it)."""
        self._db.write(
            lambda c: c.execute(
                "UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
                (self.clock(), device_id),
            )
        )

    def record_signin_failure(self, subjects: Sequence[str], at: float) -> None:
        """Note one failed sign-in try against each subject (a typed id's key, a client address's key)."""
        self._db.write(
            lambda c: c.executemany(
                "INSERT INTO signin_failures (subject, at) VALUES (?, ?)", [(s, at) for s in subjects]
            )
        )

    def count_signin_failures(self, subject: str, since: float) -> int:
        """Failed tries against `subject` at or after `since` (older rows are dropped at the next write)."""
        row = self._db.read(
            lambda c: c.execute(
                "SELECT count(*) AS n FROM signin_failures WHERE subject = ? AND at >= ?", (subject, since)
            ).fetchone()
        )
        return int(row["n"])

    def forget_signin_failures(self, subjects: Sequence[str], before: float | None = None) -> None:
        """Drop the failed tries of `subjects` (after a good sign-in), and every try older than `before`."""

        def body(conn: sqlite3.Connection) -> None:
            conn.executemany("DELETE FROM signin_failures WHERE subject = ?", [(s,) for s in subjects])
            if before is not None:
                conn.execute("DELETE FROM signin_failures WHERE at < ?", (before,))

        self._db.write(body)
