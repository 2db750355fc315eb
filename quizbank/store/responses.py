"""A learner's answers, checks, flags and submission: each one sequenced write to an attempt."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from quizbank.store.errors import ItemLocked, NotFound
from quizbank.store.protocol import Row, SQLiteBacked, check_seq, check_writable, sequenced_write
from quizbank.store.records import Ack, FinalState
from quizbank.store.values import dump_json


def write_digest(payload: tuple[Any, ...]) -> str:
    """What a write said, in short: the same digest at the same seq is an exact replay."""
    text = json.dumps(list(payload), separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _response_row(conn: sqlite3.Connection, attempt_id: str, item_id: str) -> Row:
    row: Row | None = conn.execute(
        "SELECT seq, locked, write_digest FROM responses WHERE attempt_id = ? AND item_id = ?", (attempt_id, item_id)
    ).fetchone()
    if row is None:
        raise NotFound(f"no item {item_id!r} in this attempt")
    return row


class Responses(SQLiteBacked):
    """Writes to the ``responses`` rows of an attempt, and its submission."""

    def _response_write(
        self,
        learner_id: str,
        attempt_id: str,
        item_id: str,
        seq: int,
        at: float,
        payload: tuple[Any, ...],
        change: Callable[[sqlite3.Connection], None],
        *,
        needs_unlocked: bool,
    ) -> Ack:
        """A write to one response: a replay of the row's last write is a duplicate; the attempt must
        still take answers, and the item must be unlocked unless the write is a flag."""
        check_seq(seq)  # before the payload is digested: a bad seq is the first thing refused
        digest = write_digest(payload)

        def replayed(conn: sqlite3.Connection, attempt: Row) -> bool:
            row = _response_row(conn, attempt_id, item_id)
            return bool(seq == row["seq"] and row["write_digest"] == digest)

        def apply(conn: sqlite3.Connection, attempt: Row) -> None:
            check_writable(attempt, at, self.clock)
            if needs_unlocked and _response_row(conn, attempt_id, item_id)["locked"]:
                raise ItemLocked("this item's answer is final")
            change(conn)
            conn.execute(
                "UPDATE responses SET seq = ?, write_digest = ? WHERE attempt_id = ? AND item_id = ?",
                (seq, digest, attempt_id, item_id),
            )

        return sequenced_write(self._db, learner_id, attempt_id, seq, replayed=replayed, apply=apply)

    def record_answer(self, learner_id: str, attempt_id: str, item_id: str, answer: Any, *, seq: int, at: float) -> Ack:
        """Save the learner's current answer to an item (not yet checked)."""

        def change(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE responses SET answer = ?, answered_at = ? WHERE attempt_id = ? AND item_id = ?",
                (dump_json(answer), at, attempt_id, item_id),
            )

        payload = ("answer", item_id, answer)
        return self._response_write(learner_id, attempt_id, item_id, seq, at, payload, change, needs_unlocked=True)

    def record_check(
        self,
        learner_id: str,
        attempt_id: str,
        item_id: str,
        answer: Any,
        *,
        tries: int,
        locked: bool,
        points: float | None,
        seq: int,
        at: float,
    ) -> Ack:
        """Save a practice check: the answer checked, tries so far, and the points once the item locks."""

        def change(conn: sqlite3.Connection) -> None:
            conn.execute(
                """UPDATE responses SET answer = ?, checked_answer = ?, tries = ?, locked = ?, points = ?,
                          answered_at = ifnull(answered_at, ?)
                   WHERE attempt_id = ? AND item_id = ?""",
                (
                    dump_json(answer),
                    dump_json(answer),
                    tries,
                    int(locked),
                    points if locked else None,
                    at,
                    attempt_id,
                    item_id,
                ),
            )

        payload = ("check", item_id, answer, tries, bool(locked), points if locked else None)
        return self._response_write(learner_id, attempt_id, item_id, seq, at, payload, change, needs_unlocked=True)

    def record_flag(self, learner_id: str, attempt_id: str, item_id: str, flagged: bool, *, seq: int, at: float) -> Ack:
        """Mark or unmark an item for review (allowed on locked items, not after submission)."""

        def change(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE responses SET flagged = ? WHERE attempt_id = ? AND item_id = ?",
                (int(bool(flagged)), attempt_id, item_id),
            )

        payload = ("flag", item_id, bool(flagged))
        return self._response_write(learner_id, attempt_id, item_id, seq, at, payload, change, needs_unlocked=False)

    def submit_attempt(
        self, learner_id: str, attempt_id: str, finals: Sequence[FinalState], *, seq: int, at: float
    ) -> Ack:
        """End the attempt: every item locked with its final points. Submitting twice is harmless;
        a submission from a kernel whose view is out of date is stale and changes nothing."""

        def replayed(conn: sqlite3.Connection, attempt: Row) -> bool:
            return attempt["submitted_at"] is not None

        def apply(conn: sqlite3.Connection, attempt: Row) -> None:
            conn.execute(
                """UPDATE responses SET locked = 1, points = ifnull(points, 0), seq = ?, write_digest = NULL
                   WHERE attempt_id = ?""",
                (seq, attempt_id),
            )
            for final in finals:
                conn.execute(
                    "UPDATE responses SET answer = ?, points = ?, tries = ? WHERE attempt_id = ? AND item_id = ?",
                    (dump_json(final.answer), final.points, final.tries, attempt_id, final.item_id),
                )
            conn.execute(
                """UPDATE attempts SET submitted_at = ?,
                          total_points = (SELECT ifnull(sum(points), 0) FROM responses WHERE attempt_id = ?)
                   WHERE attempt_id = ?""",
                (at, attempt_id, attempt_id),
            )

        return sequenced_write(self._db, learner_id, attempt_id, seq, replayed=replayed, apply=apply)
