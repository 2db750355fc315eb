"""The one way every read and write reaches SQLite (one database file, many kernel processes).

- WAL journal: readers (the instructor dashboard) never block writers and vice versa.
- ``synchronous=FULL``: each commit fsyncs the WAL, so an acknowledged answer survives a
  process kill *and* a power cut. ``NORMAL`` would survive a process crash but could lose the
  last transactions on power loss; a learner who was shown "saved" must not lose the answer,
  and a class produces tens of answers a second, far below what fsync-per-commit allows.
- Every write is ``BEGIN IMMEDIATE`` (take the write lock up front: a deferred transaction
  that upgrades from read to write can fail with SQLITE_BUSY without ever waiting) plus
  ``busy_timeout``, plus a bounded retry loop with jittered backoff, so "database is locked"
  never reaches a learner; if the database stays locked for the whole budget, StoreBusy says
  so in plain words.
- A learner's write to an attempt goes through ``sequenced_write``: it carries a per-attempt
  sequence number chosen by the kernel; an exact replay is acknowledged as a duplicate, and a
  write whose seq is not above the attempt's last one (an old event, or a second window working
  from an outdated copy) is ignored as stale. A retried or re-sent event is harmless either way.
"""

from __future__ import annotations

import hmac
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from quizbank.store.errors import AccessDenied, AttemptClosed, NotFound, SessionClosed, StoreBusy, TimeUp
from quizbank.store.records import Ack

T = TypeVar("T")
Row = Mapping[str, Any]
Body = Callable[[sqlite3.Connection], T]

BUSY_TIMEOUT_S = 5.0
WRITE_TRIES = 6  # with BUSY_TIMEOUT_S each: a write gives up after roughly half a minute
SQLITE_BUSY, SQLITE_LOCKED = 5, 6  # SQLite result codes (sqlite3 names them only from Python 3.11)
LATE_WRITE_GRACE_S = 60.0  # a write stamped before the deadline may land this long after it (lock waits)
BUSY_MESSAGE = "the records database is busy; your last action was not saved, please try again"


def is_busy(exc: sqlite3.Error) -> bool:
    """True when `exc` says another connection holds the lock (worth retrying)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Database:
    """One connection to the records file, shared by the threads of one kernel.

    Rows come back as ``sqlite3.Row``: read by column name, never by position.
    """

    def __init__(self, path: Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S, write_tries: int = WRITE_TRIES) -> None:
        self.path = path
        self.tries = max(1, write_tries)
        self._lock = threading.RLock()
        on_disk = str(path) != ":memory:"
        if on_disk:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        is_new = on_disk and not path.exists()
        self._conn = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        if is_new:
            os.chmod(path, 0o600)  # learners' records: owner only (-wal and -shm copy this mode)
        try:
            self.retry(self._configure)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _configure(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # see the module docstring
        if conn.execute("PRAGMA journal_mode").fetchone()["journal_mode"].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file

    def user_version(self) -> int:
        """``PRAGMA user_version``: the schema version stored in the file."""
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()["user_version"])

    def retry(self, action: Callable[[], T]) -> T:
        """Run `action`, again after a jittered pause while the database is busy; StoreBusy at the end."""
        delay = 0.02
        for attempt in range(1, self.tries + 1):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                if attempt == self.tries:
                    raise StoreBusy(BUSY_MESSAGE) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def _transaction(self, begin: str, body: Body[T]) -> T:
        def once() -> T:
            with self._lock:
                conn = self._conn
                if conn.in_transaction:  # left open by a failed ROLLBACK below
                    conn.execute("ROLLBACK")
                conn.execute(begin)
                try:
                    result = body(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        try:
                            conn.execute("ROLLBACK")
                        except sqlite3.Error:
                            pass  # the original error matters more; the next transaction rolls back first
                    raise
                return result

        return self.retry(once)

    def write(self, body: Body[T]) -> T:
        """Run `body` in one short ``BEGIN IMMEDIATE`` transaction, retried as a whole while busy."""
        return self._transaction("BEGIN IMMEDIATE", body)

    def read(self, body: Body[T]) -> T:
        """Run `body` on one consistent snapshot."""
        return self._transaction("BEGIN", body)


class SQLiteBacked:
    """What every part of the SQLite store works with: the database and the clock."""

    _db: Database
    clock: Callable[[], float]


# -- the learner's writes to an attempt ----------------------------------------------------


def check_seq(seq: int) -> None:
    """ValueError unless `seq` is a positive whole number."""
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError("seq must be a positive whole number")


def owned_attempt(conn: sqlite3.Connection, learner_id: str, attempt_id: str) -> Row:
    """The attempt's row with its session's ``session_closed_at``; NotFound, or AccessDenied if not the learner's."""
    row = conn.execute(
        """SELECT a.*, s.closed_at AS session_closed_at FROM attempts a
           LEFT JOIN class_sessions s ON s.code = a.session_code WHERE a.attempt_id = ?""",
        (attempt_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no attempt {attempt_id!r}")
    if not hmac.compare_digest(str(row["learner_id"]), str(learner_id)):
        raise AccessDenied("this attempt belongs to another learner")
    return dict(row)


def check_writable(attempt: Row, at: float, clock: Callable[[], float]) -> None:
    """WriteRefused unless the attempt still takes answers: not submitted, in time, its session open."""
    if attempt["submitted_at"] is not None:
        raise AttemptClosed("the attempt has been submitted")
    deadline = attempt["deadline"]
    if deadline is not None and (at > deadline or clock() > deadline + LATE_WRITE_GRACE_S):
        raise TimeUp("the time limit has passed")
    if attempt["session_closed_at"] is not None:
        raise SessionClosed("the instructor has closed this class session")


def sequenced_write(
    db: Database,
    learner_id: str,
    attempt_id: str,
    seq: int,
    *,
    replayed: Callable[[sqlite3.Connection, Row], bool],
    apply: Callable[[sqlite3.Connection, Row], None],
) -> Ack:
    """One learner write to an attempt, in the attempt's sequence, in one write transaction.

    Ownership first; then `replayed` (is this exactly a write already applied?) makes it a
    duplicate; a seq not above the attempt's ``last_seq`` makes it stale (another kernel has
    written the attempt since this one loaded it); otherwise `apply` checks what it needs
    (raising WriteRefused) and changes the rows, and the attempt's ``last_seq`` moves up to seq.
    """
    check_seq(seq)

    def body(conn: sqlite3.Connection) -> Ack:
        attempt = owned_attempt(conn, learner_id, attempt_id)
        if replayed(conn, attempt):
            return Ack("duplicate", seq)
        if seq <= attempt["last_seq"]:
            return Ack("stale", seq)
        apply(conn, attempt)
        conn.execute("UPDATE attempts SET last_seq = max(last_seq, ?) WHERE attempt_id = ?", (seq, attempt_id))
        return Ack("saved", seq)

    return db.write(body)
