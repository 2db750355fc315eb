"""Learner records: the only package that touches the database.

Voila starts a fresh kernel on every page load, so every answer is written here the moment
it is given, in one short write transaction, and everything a reload needs is read back from
here. ``Store`` keeps the records in one SQLite file (``default_db_path``: ``$CLINQUIZ_DB``,
else under ``$XDG_DATA_HOME``); ``RecordsStore`` is the API it offers, for a second backend
beside it.

Learner-side calls take the learner id and refuse an attempt that is not theirs
(AccessDenied). Instructor-side calls (class results, CSV export, closing a session) take
the instructor key returned once by ``create_session``; only its hash is stored.

The parts: ``protocol`` (connection, busy retry, ``BEGIN IMMEDIATE``, the sequence check of
every learner write), ``schema`` (migrations), ``records`` (the values handed out),
``errors``, and one module per area (learners, sessions, attempts, responses, case_choices,
cards, reports) composed into ``Store`` in ``sqlite``. Tables and columns: docs/store.md.
"""

from __future__ import annotations

from quizbank.config import default_db_path
from quizbank.store.api import RecordsStore
from quizbank.store.errors import (
    AccessDenied,
    AttemptClosed,
    AttemptExists,
    ItemLocked,
    NotFound,
    SchemaTooNew,
    SessionClosed,
    StoreBusy,
    StoreError,
    TimeUp,
    WriteRefused,
)
from quizbank.store.ids import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_ID_LENGTH,
    new_attempt_id,
    new_join_code,
    new_learner_id,
    normalize_code,
)
from quizbank.store.protocol import BUSY_TIMEOUT_S, LATE_WRITE_GRACE_S, WRITE_TRIES
from quizbank.store.records import (
    ATTEMPT_KINDS,
    Ack,
    AttemptKind,
    AttemptRecord,
    AttemptSummary,
    CaseChoice,
    ClassSession,
    FinalState,
    ItemSpec,
    Learner,
    NewClassSession,
    ResponseRecord,
    ResultRow,
)
from quizbank.store.reports import CSV_COLUMNS
from quizbank.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from quizbank.store.sqlite import Store

__all__ = [
    "ATTEMPT_KINDS",
    "BUSY_TIMEOUT_S",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CSV_COLUMNS",
    "LATE_WRITE_GRACE_S",
    "MAX_ID_LENGTH",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "WRITE_TRIES",
    "AccessDenied",
    "Ack",
    "AttemptClosed",
    "AttemptExists",
    "AttemptKind",
    "AttemptRecord",
    "AttemptSummary",
    "CaseChoice",
    "ClassSession",
    "FinalState",
    "ItemLocked",
    "ItemSpec",
    "Learner",
    "Migration",
    "NewClassSession",
    "NotFound",
    "RecordsStore",
    "ResponseRecord",
    "ResultRow",
    "SchemaTooNew",
    "SessionClosed",
    "Store",
    "StoreBusy",
    "StoreError",
    "TimeUp",
    "WriteRefused",
    "default_db_path",
    "new_attempt_id",
    "new_join_code",
    "new_learner_id",
    "normalize_code",
]
