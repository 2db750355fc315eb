"""Learner records in SQLite: the only module that touches the database.

Voila starts a fresh kernel on every page load, so every answer is written here the
moment it is given, in one short write transaction, and everything a reload needs is
read back from here.

Where the database lives: ``$CLINQUIZ_DB`` when set, else
``$XDG_DATA_HOME/clinquiz/clinquiz.sqlite3`` (``~/.local/share/clinquiz/clinquiz.sqlite3``).
Outside the repository on purpose: reinstalling or cleaning the checkout must never
delete learners' records.

Durability and concurrency (one database file, many kernel processes):

- WAL journal: readers (the instructor dashboard) never block writers and vice versa.
- ``synchronous=FULL``: each commit fsyncs the WAL, so an acknowledged answer survives
  a process kill *and* a power cut. ``NORMAL`` would survive a process crash but could
  lose the last transactions on power loss; a learner who was shown "saved" must not
  lose the answer, and a class produces tens of answers a second, far below what
  fsync-per-commit allows (see the concurrency test for measured figures).
- Every write is ``BEGIN IMMEDIATE`` (take the write lock up front: a deferred
  transaction that upgrades from read to write can fail with SQLITE_BUSY without ever
  waiting) plus ``busy_timeout``, plus a bounded retry loop with jittered backoff, so
  "database is locked" never reaches a learner; if the database stays locked for the
  whole budget, StoreBusy says so in plain words.
- Writes carry a per-attempt sequence number chosen by the kernel: an exact replay is
  acknowledged as a duplicate, and a write whose seq is not above the attempt's last one
  (an old event, or a second window working from an outdated copy) is ignored as stale.
  A retried or re-sent event is harmless either way.

Learner-side calls take the learner id and refuse an attempt that is not theirs
(AccessDenied). Instructor-side calls (class results, CSV export, closing a session)
take the instructor key returned once by ``create_session``; only its hash is stored.

Schema changes: append a migration to ``MIGRATIONS``; the schema version is
``PRAGMA user_version`` and pending migrations run in order, in one transaction, on open.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import random
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

T = TypeVar("T")

ATTEMPT_KINDS: tuple[str, ...] = ("quiz", "case", "pretest", "posttest", "review")
AttemptKind = Literal["quiz", "case", "pretest", "posttest", "review"]
# Join codes avoid characters people misread or mistype: 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V, G/6.
CODE_ALPHABET = "ACDEFHJKMNPQRTWXY34679"
CODE_LENGTH = 6
MAX_ID_LENGTH = 200
BUSY_TIMEOUT_S = 5.0
WRITE_TRIES = 6  # with BUSY_TIMEOUT_S each: a write gives up after roughly half a minute
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6  # SQLite result codes (sqlite3 names them only from Python 3.11)
LATE_WRITE_GRACE_S = 60.0  # a write stamped before the deadline may land this long after it (lock waits)


# -- errors ----------------------------------------------------------------------------


class StoreError(Exception):
    """Something the store could not do; the message is fit to show."""


class StoreBusy(StoreError):
    """The database stayed locked through every retry; nothing was written."""


class SchemaTooNew(StoreError):
    """The database was written by a newer clinquiz than this one."""


class NotFound(StoreError, LookupError):
    """No such learner, attempt or class session."""


class AccessDenied(StoreError, PermissionError):
    """The caller may not read or change this record (another learner's attempt, a wrong instructor key)."""


class WriteRefused(StoreError):
    """The write is not allowed now; nothing was changed."""


class AttemptClosed(WriteRefused):
    """The attempt has been submitted."""


class ItemLocked(WriteRefused):
    """The item's answer is final (checked right, out of tries, or submitted)."""


class TimeUp(WriteRefused):
    """The attempt's time limit has passed."""


class SessionClosed(WriteRefused):
    """The instructor has closed the class session."""


class AttemptExists(StoreError):
    """The learner already has an open attempt of this kind here; resume it instead."""

    def __init__(self, attempt_id: str):
        super().__init__(f"an open attempt already exists: {attempt_id}")
        self.attempt_id = attempt_id


# -- records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    """The store's answer to a write: ``saved``, ``duplicate`` (a replay) or ``stale`` (ignored)."""

    status: Literal["saved", "duplicate", "stale"]
    seq: int

    @property
    def ok(self) -> bool:
        """True when the write is in the database (now or from before)."""
        return self.status != "stale"

    def __str__(self) -> str:
        return {"saved": "saved", "duplicate": "saved", "stale": "changed elsewhere; reload"}[self.status]


@dataclass(frozen=True)
class Learner:
    learner_id: str
    display_name: str
    created_at: float


class NewClassSession(NamedTuple):
    """What ``create_session`` returns: the join code for learners, the key for the instructor."""

    code: str
    instructor_key: str


@dataclass(frozen=True)
class ClassSession:
    """A class session as learners may see it (no key, no results)."""

    code: str
    settings: dict[str, Any]
    instructor_label: str
    created_at: float
    closed_at: float | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class ItemSpec:
    """One item of a new attempt: id, bank version, points possible and its option-shuffle seed."""

    item_id: str
    version: int
    max_points: float
    shuffle_seed: str = ""


@dataclass(frozen=True)
class FinalState:
    """An item's state at submission."""

    item_id: str
    answer: Any
    points: float
    tries: int


@dataclass(frozen=True)
class ResponseRecord:
    """A stored response: the learner's answer and what became of it."""

    item_id: str
    position: int
    item_version: int
    answer: Any
    checked_answer: Any  # the answer as it was at the last check (practice)
    points: float | None  # awarded, once the item is locked
    max_points: float
    tries: int
    locked: bool
    flagged: bool
    answered_at: float | None
    shuffle_seed: str
    seq: int


@dataclass(frozen=True)
class CaseChoice:
    """One choice in a case scenario, in the order made."""

    seq: int
    step_id: str
    choice_id: str
    at: float
    points: float | None


@dataclass(frozen=True)
class AttemptSummary:
    attempt_id: str
    learner_id: str
    session_code: str | None
    kind: str
    started_at: float
    deadline: float | None
    submitted_at: float | None
    total_points: float | None
    max_points: float | None


@dataclass(frozen=True)
class AttemptRecord:
    """Everything needed to rebuild an attempt after a reload."""

    attempt_id: str
    learner_id: str
    session_code: str | None
    kind: str
    settings: dict[str, Any]
    seed: str
    item_order: list[str]
    option_orders: dict[str, list[str]]
    started_at: float
    deadline: float | None
    submitted_at: float | None
    total_points: float | None
    last_seq: int
    responses: dict[str, ResponseRecord]
    case_choices: list[CaseChoice]

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class ResultRow:
    """One learner's response to one item in a class session, for the dashboard."""

    learner_id: str
    display_name: str
    attempt_id: str
    kind: str
    started_at: float
    submitted_at: float | None
    position: int
    item_id: str
    item_version: int
    answer: Any
    points: float | None
    max_points: float
    tries: int
    locked: bool
    flagged: bool
    answered_at: float | None


# -- configuration -------------------------------------------------------------------------


def default_db_path() -> Path:
    """``$CLINQUIZ_DB``, else ``$XDG_DATA_HOME/clinquiz/clinquiz.sqlite3`` (``~/.local/share/...``)."""
    configured = os.environ.get("CLINQUIZ_DB", "").strip()
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(data_home) / "clinquiz" / "clinquiz.sqlite3"


def new_learner_id() -> str:
    """An unguessable learner id: whoever holds it can read that learner's records."""
    return secrets.token_urlsafe(16)


def new_attempt_id() -> str:
    return secrets.token_hex(16)


def new_join_code() -> str:
    """A random join code such as ``K7Q-4MP``."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{chars[:3]}-{chars[3:]}"


def normalize_code(text: str) -> str | None:
    """A typed join code in canonical form (``k7q 4mp`` -> ``K7Q-4MP``), or None if it cannot be one."""
    chars = "".join(c for c in str(text).upper() if c not in " -_\t")
    if len(chars) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in chars):
        return None
    return f"{chars[:3]}-{chars[3:]}"


# -- schema ------------------------------------------------------------------------------------

Migration = Callable[[sqlite3.Connection], None]


def _sql(*statements: str) -> Migration:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return migrate


_V1 = _sql(
    """CREATE TABLE learners (
        learner_id   TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        created_at   REAL NOT NULL
    )""",
    """CREATE TABLE class_sessions (
        code                 TEXT PRIMARY KEY,
        settings             TEXT NOT NULL,            -- JSON: item ids or case id, mode, time limit, feedback
        instructor_label     TEXT NOT NULL DEFAULT '',
        instructor_key_hash  TEXT NOT NULL,
        created_at           REAL NOT NULL,
        closed_at            REAL
    )""",
    """CREATE TABLE attempts (
        attempt_id    TEXT PRIMARY KEY,
        learner_id    TEXT NOT NULL REFERENCES learners(learner_id),
        session_code  TEXT REFERENCES class_sessions(code),
        kind          TEXT NOT NULL CHECK (kind IN ('quiz', 'case', 'pretest', 'posttest', 'review')),
        settings      TEXT NOT NULL,                   -- JSON
        seed          TEXT NOT NULL,
        item_order    TEXT NOT NULL,                   -- JSON list of item ids
        option_orders TEXT NOT NULL,                   -- JSON {item id: [option ids]}
        started_at    REAL NOT NULL,
        deadline      REAL,                            -- enforced here; a reload cannot reset it
        submitted_at  REAL,
        total_points  REAL,
        max_points    REAL,
        last_seq      INTEGER NOT NULL DEFAULT 0
    )""",
    # One open attempt per learner, place and kind: two tabs racing to start get the same one.
    """CREATE UNIQUE INDEX attempts_one_open
        ON attempts (learner_id, ifnull(session_code, ''), kind) WHERE submitted_at IS NULL""",
    "CREATE INDEX attempts_by_session ON attempts (session_code, learner_id)",
    "CREATE INDEX attempts_by_learner ON attempts (learner_id, kind, started_at)",
    """CREATE TABLE responses (
        attempt_id     TEXT NOT NULL REFERENCES attempts(attempt_id),
        item_id        TEXT NOT NULL,
        position       INTEGER NOT NULL,
        item_version   INTEGER NOT NULL,
        answer         TEXT,                           -- JSON; NULL when not answered
        checked_answer TEXT,                           -- JSON; the answer at the last check
        points         REAL,                           -- awarded; NULL until the item is locked
        max_points     REAL NOT NULL,
        tries          INTEGER NOT NULL DEFAULT 0,
        locked         INTEGER NOT NULL DEFAULT 0,
        flagged        INTEGER NOT NULL DEFAULT 0,
        answered_at    REAL,
        shuffle_seed   TEXT NOT NULL,
        seq            INTEGER NOT NULL DEFAULT 0,     -- the last write applied to this row
        write_digest   TEXT,                           -- what that write said: an exact replay is a duplicate
        PRIMARY KEY (attempt_id, item_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE case_choices (
        attempt_id TEXT NOT NULL REFERENCES attempts(attempt_id),
        seq        INTEGER NOT NULL,
        step_id    TEXT NOT NULL,
        choice_id  TEXT NOT NULL,
        at         REAL NOT NULL,
        points     REAL,
        PRIMARY KEY (attempt_id, seq)
    ) WITHOUT ROWID""",
)

_V2 = _sql(
    """CREATE TABLE cards (
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        item_id    TEXT NOT NULL,
        card       TEXT NOT NULL,                      -- JSON from the spaced-review scheduler
        due        REAL NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (learner_id, item_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX cards_due ON cards (learner_id, due)",
)

# MIGRATIONS[i] takes the database from version i to version i + 1. Only ever append.
MIGRATIONS: tuple[Migration, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


# -- helpers ---------------------------------------------------------------------------------


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise ValueError(f"{what} must be non-empty text of at most {MAX_ID_LENGTH} characters")
    return value


def _check_seq(seq: int) -> None:
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError("seq must be a positive whole number")


def _digest(payload: tuple[Any, ...]) -> str:
    text = json.dumps(list(payload), separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _timestamp(value: datetime | float) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


def _iso(value: float | None) -> str:
    if value is None:
        return ""
    return datetime.fromtimestamp(value, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _csv_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- the store -------------------------------------------------------------------------------


class Store:
    """A connection to the records database; one per kernel, safe to share between threads."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
        write_tries: int = WRITE_TRIES,
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.clock = clock
        self._tries = max(1, write_tries)
        self._lock = threading.RLock()
        on_disk = str(self.path) != ":memory:"
        if on_disk:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        is_new = on_disk and not self.path.exists()
        self._conn = sqlite3.connect(
            str(self.path), timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
        )
        if is_new:
            os.chmod(self.path, 0o600)  # learners' records: owner only (-wal and -shm copy this mode)
        try:
            self._retry(self._configure)
            self._retry(self._migrate)
        except BaseException:
            self._conn.close()
            raise

    # -- plumbing --------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:  # noqa: PYI034 (Self needs Python 3.11)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _configure(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # see the module docstring
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.path} has schema version {version}, newer than this clinquiz ({SCHEMA_VERSION}); "
                "upgrade clinquiz"
            )
        if version < SCHEMA_VERSION:
            self._write(self._apply_migrations)

    def _apply_migrations(self, conn: sqlite3.Connection) -> None:
        # Re-read inside the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target - 1](conn)
            conn.execute(f"PRAGMA user_version = {target}")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _retry(self, action: Callable[[], T]) -> T:
        delay = 0.02
        for attempt in range(1, self._tries + 1):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if attempt == self._tries:
                    raise StoreBusy(
                        "the records database is busy; your last action was not saved, please try again"
                    ) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def _transaction(self, begin: str, body: Callable[[sqlite3.Connection], T]) -> T:
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

        return self._retry(once)

    def _write(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run `body` in one short write transaction, retried as a whole while the database is busy."""
        return self._transaction("BEGIN IMMEDIATE", body)

    def _read(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run `body` on one consistent snapshot."""
        return self._transaction("BEGIN", body)

    # -- learners --------------------------------------------------------------------

    def ensure_learner(self, learner_id: str, display_name: str) -> Learner:
        """Create the learner, or update the display name of an existing one."""
        _check_id(learner_id, "learner id")
        name = str(display_name).strip()[:MAX_ID_LENGTH] or learner_id

        def body(conn: sqlite3.Connection) -> Learner:
            conn.execute(
                """INSERT INTO learners (learner_id, display_name, created_at) VALUES (?, ?, ?)
                   ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name
                   WHERE display_name != excluded.display_name""",
                (learner_id, name, self.clock()),
            )
            row = conn.execute(
                "SELECT learner_id, display_name, created_at FROM learners WHERE learner_id = ?", (learner_id,)
            ).fetchone()
            return Learner(*row)

        return self._write(body)

    def get_learner(self, learner_id: str) -> Learner | None:
        row = self._read(
            lambda c: c.execute(
                "SELECT learner_id, display_name, created_at FROM learners WHERE learner_id = ?", (learner_id,)
            ).fetchone()
        )
        return Learner(*row) if row else None

    # -- class sessions --------------------------------------------------------------

    def create_session(self, settings: Mapping[str, Any], instructor_label: str = "") -> NewClassSession:
        """Open a class session; return its join code and the instructor's key (shown once, stored hashed)."""
        settings_json = _dump(dict(settings))
        key = secrets.token_urlsafe(24)

        def body(conn: sqlite3.Connection) -> str:
            for _ in range(20):
                code = new_join_code()
                exists = conn.execute("SELECT 1 FROM class_sessions WHERE code = ?", (code,)).fetchone()
                if not exists:
                    conn.execute(
                        """INSERT INTO class_sessions
                               (code, settings, instructor_label, instructor_key_hash, created_at)
                           VALUES (?, ?, ?, ?, ?)""",
                        (code, settings_json, str(instructor_label), _hash_key(key), self.clock()),
                    )
                    return code
            raise StoreError("could not find a free join code")

        return NewClassSession(self._write(body), key)

    def get_session(self, code: str) -> ClassSession | None:
        """The session a join code names (typed codes are normalised), or None."""
        canonical = normalize_code(code)
        if canonical is None:
            return None
        row = self._read(
            lambda c: c.execute(
                "SELECT code, settings, instructor_label, created_at, closed_at FROM class_sessions WHERE code = ?",
                (canonical,),
            ).fetchone()
        )
        if row is None:
            return None
        return ClassSession(row[0], _load(row[1]), row[2], row[3], row[4])

    def close_session(self, code: str, instructor_key: str) -> None:
        """Close a session: nobody can join it or answer in it any more (submitting stays possible)."""

        def body(conn: sqlite3.Connection) -> None:
            canonical = self._authorise(conn, code, instructor_key)
            conn.execute(
                "UPDATE class_sessions SET closed_at = ? WHERE code = ? AND closed_at IS NULL",
                (self.clock(), canonical),
            )

        self._write(body)

    def _authorise(self, conn: sqlite3.Connection, code: str, instructor_key: str) -> str:
        canonical = normalize_code(code)
        row = (
            conn.execute("SELECT instructor_key_hash FROM class_sessions WHERE code = ?", (canonical,)).fetchone()
            if canonical
            else None
        )
        if row is None:
            raise NotFound(f"no class session {code!r}")
        if not hmac.compare_digest(row[0], _hash_key(str(instructor_key))):
            raise AccessDenied("that is not the instructor key of this session")
        return canonical  # type: ignore[return-value]

    # -- attempts --------------------------------------------------------------------

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
        _check_id(attempt_id, "attempt id")
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
                self._check_session_open(conn, code)
            open_id = self._open_attempt(conn, learner_id, code, kind)
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
                    _dump(dict(settings)),
                    seed,
                    _dump(item_order),
                    _dump({k: list(v) for k, v in option_orders.items()}),
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

        return self._write(body)

    @staticmethod
    def _check_session_open(conn: sqlite3.Connection, code: str) -> None:
        row = conn.execute("SELECT closed_at FROM class_sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise NotFound(f"no class session {code!r}")
        if row[0] is not None:
            raise SessionClosed("the instructor has closed this class session")

    @staticmethod
    def _open_attempt(conn: sqlite3.Connection, learner_id: str, code: str | None, kind: str) -> str | None:
        row = conn.execute(
            """SELECT attempt_id FROM attempts
               WHERE learner_id = ? AND ifnull(session_code, '') = ifnull(?, '') AND kind = ? AND submitted_at IS NULL
               ORDER BY started_at DESC LIMIT 1""",
            (learner_id, code, kind),
        ).fetchone()
        return row[0] if row else None

    def find_open_attempt(self, learner_id: str, session_code: str | None, kind: AttemptKind) -> str | None:
        """The learner's unsubmitted attempt of this kind in this session (None: self-paced), to resume."""
        code = None if session_code is None else normalize_code(session_code)
        if session_code is not None and code is None:
            return None
        return self._read(lambda c: self._open_attempt(c, learner_id, code, kind))

    def list_attempts(self, learner_id: str, kind: AttemptKind | None = None) -> list[AttemptSummary]:
        """The learner's own attempts, oldest first (for the refresher and completion statements)."""
        query = """SELECT attempt_id, learner_id, session_code, kind, started_at, deadline, submitted_at,
                          total_points, max_points FROM attempts WHERE learner_id = ?"""
        args: tuple[Any, ...] = (learner_id,)
        if kind is not None:
            query += " AND kind = ?"
            args += (kind,)
        rows = self._read(lambda c: c.execute(query + " ORDER BY started_at, attempt_id", args).fetchall())
        return [AttemptSummary(*row) for row in rows]

    def load_attempt(self, learner_id: str, attempt_id: str) -> AttemptRecord:
        """Everything stored about the learner's attempt, read in one snapshot."""

        def body(conn: sqlite3.Connection) -> AttemptRecord:
            row = self._owned(conn, learner_id, attempt_id)
            responses = {
                r[0]: ResponseRecord(
                    r[0],
                    r[1],
                    r[2],
                    _load(r[3]),
                    _load(r[4]),
                    r[5],
                    r[6],
                    r[7],
                    bool(r[8]),
                    bool(r[9]),
                    r[10],
                    r[11],
                    r[12],
                )
                for r in conn.execute(
                    """SELECT item_id, position, item_version, answer, checked_answer, points, max_points, tries,
                              locked, flagged, answered_at, shuffle_seed, seq
                       FROM responses WHERE attempt_id = ? ORDER BY position""",
                    (attempt_id,),
                )
            }
            choices = [
                CaseChoice(*c)
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
                settings=_load(row["settings"]),
                seed=row["seed"],
                item_order=_load(row["item_order"]),
                option_orders=_load(row["option_orders"]),
                started_at=row["started_at"],
                deadline=row["deadline"],
                submitted_at=row["submitted_at"],
                total_points=row["total_points"],
                last_seq=row["last_seq"],
                responses=responses,
                case_choices=choices,
            )

        return self._read(body)

    @staticmethod
    def _owned(conn: sqlite3.Connection, learner_id: str, attempt_id: str) -> dict[str, Any]:
        cursor = conn.execute(
            """SELECT a.*, s.closed_at AS session_closed_at FROM attempts a
               LEFT JOIN class_sessions s ON s.code = a.session_code WHERE a.attempt_id = ?""",
            (attempt_id,),
        )
        row = cursor.fetchone()
        if row is None:
            raise NotFound(f"no attempt {attempt_id!r}")
        record = dict(zip([d[0] for d in cursor.description], row, strict=True))
        if not hmac.compare_digest(str(record["learner_id"]), str(learner_id)):
            raise AccessDenied("this attempt belongs to another learner")
        return record

    # -- learner writes --------------------------------------------------------------------

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
        """The shared rules of every write to one response: ownership, replay, order, lock, time, session.

        An exact replay of the row's last write is a duplicate. Any other write whose seq is not
        above the attempt's last one is stale: another kernel has written this attempt since
        this one loaded it, so this kernel's view is out of date.
        """
        _check_seq(seq)
        digest = _digest(payload)

        def body(conn: sqlite3.Connection) -> Ack:
            attempt = self._owned(conn, learner_id, attempt_id)
            row = conn.execute(
                "SELECT seq, locked, write_digest FROM responses WHERE attempt_id = ? AND item_id = ?",
                (attempt_id, item_id),
            ).fetchone()
            if row is None:
                raise NotFound(f"no item {item_id!r} in this attempt")
            if seq == row[0] and row[2] == digest:
                return Ack("duplicate", seq)
            if seq <= attempt["last_seq"]:
                return Ack("stale", seq)
            self._check_writable(attempt, at)
            if needs_unlocked and row[1]:
                raise ItemLocked("this item's answer is final")
            change(conn)
            conn.execute(
                "UPDATE responses SET seq = ?, write_digest = ? WHERE attempt_id = ? AND item_id = ?",
                (seq, digest, attempt_id, item_id),
            )
            self._bump(conn, attempt_id, seq)
            return Ack("saved", seq)

        return self._write(body)

    def _check_writable(self, attempt: Mapping[str, Any], at: float) -> None:
        if attempt["submitted_at"] is not None:
            raise AttemptClosed("the attempt has been submitted")
        deadline = attempt["deadline"]
        if deadline is not None and (at > deadline or self.clock() > deadline + LATE_WRITE_GRACE_S):
            raise TimeUp("the time limit has passed")
        if attempt["session_closed_at"] is not None:
            raise SessionClosed("the instructor has closed this class session")

    @staticmethod
    def _bump(conn: sqlite3.Connection, attempt_id: str, seq: int) -> None:
        conn.execute("UPDATE attempts SET last_seq = max(last_seq, ?) WHERE attempt_id = ?", (seq, attempt_id))

    def record_answer(self, learner_id: str, attempt_id: str, item_id: str, answer: Any, *, seq: int, at: float) -> Ack:
        """Save the learner's current answer to an item (not yet checked)."""

        def change(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE responses SET answer = ?, answered_at = ? WHERE attempt_id = ? AND item_id = ?",
                (_dump(answer), at, attempt_id, item_id),
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
                (_dump(answer), _dump(answer), tries, int(locked), points if locked else None, at, attempt_id, item_id),
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
        _check_seq(seq)

        def body(conn: sqlite3.Connection) -> Ack:
            attempt = self._owned(conn, learner_id, attempt_id)
            if attempt["submitted_at"] is not None:
                return Ack("duplicate", seq)
            if seq <= attempt["last_seq"]:
                return Ack("stale", seq)
            conn.execute(
                """UPDATE responses SET locked = 1, points = ifnull(points, 0), seq = ?, write_digest = NULL
                   WHERE attempt_id = ?""",
                (seq, attempt_id),
            )
            for final in finals:
                conn.execute(
                    "UPDATE responses SET answer = ?, points = ?, tries = ? WHERE attempt_id = ? AND item_id = ?",
                    (_dump(final.answer), final.points, final.tries, attempt_id, final.item_id),
                )
            conn.execute(
                """UPDATE attempts SET submitted_at = ?,
                          total_points = (SELECT ifnull(sum(points), 0) FROM responses WHERE attempt_id = ?)
                   WHERE attempt_id = ?""",
                (at, attempt_id, attempt_id),
            )
            self._bump(conn, attempt_id, seq)
            return Ack("saved", seq)

        return self._write(body)

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
        _check_seq(seq)

        def body(conn: sqlite3.Connection) -> Ack:
            attempt = self._owned(conn, learner_id, attempt_id)
            row = conn.execute(
                "SELECT step_id, choice_id FROM case_choices WHERE attempt_id = ? AND seq = ?", (attempt_id, seq)
            ).fetchone()
            if row is not None and tuple(row) == (step_id, choice_id):
                return Ack("duplicate", seq)
            if seq <= attempt["last_seq"]:
                return Ack("stale", seq)
            self._check_writable(attempt, at)
            conn.execute(
                "INSERT INTO case_choices (attempt_id, seq, step_id, choice_id, at, points) VALUES (?, ?, ?, ?, ?, ?)",
                (attempt_id, seq, step_id, choice_id, at, points),
            )
            self._bump(conn, attempt_id, seq)
            return Ack("saved", seq)

        return self._write(body)

    # -- spaced review ---------------------------------------------------------------------

    def save_card(self, learner_id: str, item_id: str, card_json: str, due: datetime | float) -> None:
        """Store the learner's review card for an item (JSON from the scheduler) and when it is due."""
        json.loads(card_json)  # refuse anything that is not JSON before it is stored

        def body(conn: sqlite3.Connection) -> None:
            conn.execute(
                """INSERT INTO cards (learner_id, item_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (learner_id, item_id) DO UPDATE
                   SET card = excluded.card, due = excluded.due, updated_at = excluded.updated_at""",
                (learner_id, item_id, card_json, _timestamp(due), self.clock()),
            )

        self._write(body)

    def load_cards(self, learner_id: str) -> dict[str, str]:
        """The learner's review cards by item id, as JSON text."""
        rows = self._read(
            lambda c: c.execute(
                "SELECT item_id, card FROM cards WHERE learner_id = ? ORDER BY due", (learner_id,)
            ).fetchall()
        )
        return dict(rows)

    # -- instructor reads ------------------------------------------------------------------

    def class_results(self, session_code: str, instructor_key: str) -> list[ResultRow]:
        """One row per learner per item of the session's attempts, ordered by learner, attempt, position."""

        def body(conn: sqlite3.Connection) -> list[ResultRow]:
            code = self._authorise(conn, session_code, instructor_key)
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

        return self._read(body)

    def class_case_choices(self, session_code: str, instructor_key: str) -> dict[str, list[CaseChoice]]:
        """Every case choice made in the session, by attempt id."""

        def body(conn: sqlite3.Connection) -> dict[str, list[CaseChoice]]:
            code = self._authorise(conn, session_code, instructor_key)
            found: dict[str, list[CaseChoice]] = {}
            for row in conn.execute(
                """SELECT c.attempt_id, c.seq, c.step_id, c.choice_id, c.at, c.points FROM case_choices c
                   JOIN attempts a ON a.attempt_id = c.attempt_id WHERE a.session_code = ?
                   ORDER BY c.attempt_id, c.seq""",
                (code,),
            ):
                found.setdefault(row[0], []).append(CaseChoice(*row[1:]))
            return found

        return self._read(body)

    def export_csv(self, session_code: str, instructor_key: str) -> str:
        """The session's results as CSV text: one row per learner per item, times in UTC."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        code = normalize_code(session_code)
        for row in self.class_results(session_code, instructor_key):
            writer.writerow([_csv_safe(v) for v in _csv_values(code, row)])
        return out.getvalue()

    # -- maintenance -------------------------------------------------------------------------

    def integrity_check(self) -> str:
        """``ok`` when SQLite finds nothing wrong with the file."""
        return str(self._read(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0]))


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


def _result_row(r: Sequence[Any]) -> ResultRow:
    return ResultRow(
        learner_id=r[0],
        display_name=r[1],
        attempt_id=r[2],
        kind=r[3],
        started_at=r[4],
        submitted_at=r[5],
        position=r[6],
        item_id=r[7],
        item_version=r[8],
        answer=_load(r[9]),
        points=r[10],
        max_points=r[11],
        tries=r[12],
        locked=bool(r[13]),
        flagged=bool(r[14]),
        answered_at=r[15],
    )


def _csv_values(code: str | None, row: ResultRow) -> Iterator[Any]:
    yield from (code, row.learner_id, row.display_name, row.attempt_id, row.kind, row.position + 1, row.item_id)
    yield from (row.item_version, _dump(row.answer) or "", "" if row.points is None else row.points, row.max_points)
    yield from (row.tries, int(row.locked), int(row.flagged), _iso(row.answered_at), _iso(row.started_at))
    yield _iso(row.submitted_at)
