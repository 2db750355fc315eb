"""The SQLite schema as migrations; the version is ``PRAGMA user_version``.

Schema changes: append a migration to ``MIGRATIONS`` (never edit a shipped one) and document
the new tables and columns in docs/store.md (a test compares the two). Pending migrations run
in order, in one write transaction, when a Store opens the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from quizbank.store.errors import SchemaTooNew
from quizbank.store.protocol import Database

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

_V3 = _sql(
    """CREATE TABLE learner_secrets (
        learner_id  TEXT PRIMARY KEY REFERENCES learners(learner_id),
        phrase_hash TEXT,                              -- scrypt of the resume phrase; NULL while a code is set
        code_hash   TEXT,                              -- scrypt of a one-time code (roster, reset); NULL once used
        updated_at  REAL NOT NULL
    )""",
    """CREATE TABLE devices (
        device_id  TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        issued_at  REAL NOT NULL,
        revoked_at REAL
    )""",
    "CREATE INDEX devices_by_learner ON devices (learner_id)",
    """CREATE TABLE signin_failures (
        subject TEXT NOT NULL,                         -- a keyed hash of the typed id or of the client address
        at      REAL NOT NULL
    )""",
    "CREATE INDEX signin_failures_by_subject ON signin_failures (subject, at)",
)

# MIGRATIONS[i] takes the database from version i to version i + 1. Only ever append.
MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database) -> None:
    """Bring the file to SCHEMA_VERSION; SchemaTooNew when a newer clinquiz wrote it."""
    version = db.user_version()
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"{db.path} has schema version {version}, newer than this clinquiz ({SCHEMA_VERSION}); upgrade clinquiz"
        )
    if version < SCHEMA_VERSION:
        db.write(_apply_migrations)


def _apply_migrations(conn: sqlite3.Connection) -> None:
    # Re-read inside the write lock: another process may have migrated meanwhile.
    version = conn.execute("PRAGMA user_version").fetchone()["user_version"]
    for target in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[target - 1](conn)
        conn.execute(f"PRAGMA user_version = {target}")
