"""Class sessions: create, open and close them (the instructor), join one and its quiz (a learner).

The rule for joining: an open session takes anyone with its code; a closed one lets in only
learners who already have an attempt in it (to see their results), and nobody new.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quizbank.class_settings import ClassSettings
from quizbank.services.records_access import records_errors
from quizbank.services.session_keys import SessionKeys
from quizbank.store import (
    AccessDenied,
    AttemptSummary,
    CaseChoice,
    ClassSession,
    NotFound,
    ResultRow,
    Store,
    normalize_code,
)
from quizbank.store.records import SessionListing

__all__ = [
    "ClassSession",
    "Joining",
    "ListedSession",
    "SessionRecords",
    "class_attempts",
    "close_session",
    "create_session",
    "export_csv",
    "is_case_session",
    "join_code",
    "joining",
    "open_for_instructor",
    "session_list",
    "session_records",
]


def join_code(text: str) -> str | None:
    """The canonical join code typed as `text` (case, spaces and dashes forgiven), or None."""
    return normalize_code(text)


@dataclass(frozen=True)
class Joining:
    """The answer to a learner's join code: the session, or why not (`problem`)."""

    session: ClassSession | None = None
    problem: Literal["no_such_session", "ended"] | None = None


def joining(store: Store, learner_id: str, code: str) -> Joining:
    """May the learner join session `code` now (see the module docstring)? Raises RecordsBusy."""
    with records_errors():
        session = store.get_session(code)
        if session is None:
            return Joining(problem="no_such_session")
        mine = store.list_attempts(learner_id)
    if session.closed and not any(a.session_code == code for a in mine):
        return Joining(problem="ended")
    return Joining(session)


def class_attempts(store: Store, learner_id: str, code: str) -> list[AttemptSummary]:
    """The learner's quiz attempts in session `code`, newest first."""
    with records_errors():
        attempts = store.list_attempts(learner_id, "quiz")
    mine = [a for a in attempts if a.session_code == code]
    return sorted(mine, key=lambda a: (a.started_at, a.attempt_id), reverse=True)


def create_session(store: Store, settings: ClassSettings, keys: SessionKeys | None = None) -> tuple[str, str]:
    """Store a new session with these (checked) settings: its join code and instructor key
    (made by `keys`, so the session list can show it again; without: random, shown once)."""
    with records_errors():
        code, key = store.create_session(
            settings.to_dict(), instructor_label=settings.title, key_for=keys.key_for if keys else None
        )
    return code, key


@dataclass(frozen=True)
class ListedSession:
    """One row of the instructor's session list."""

    session: SessionListing
    settings: ClassSettings
    key: str | None  # None: a session whose key cannot be made again (it opens with the key saved)


def session_list(store: Store, keys: SessionKeys | None = None) -> list[ListedSession]:
    """Every class session, open and closed, newest first, with its counts and (when `keys` makes it) its key."""
    with records_errors():
        listed = store.list_sessions()
        found = []
        for session in listed:
            key = keys.key_for(session.code) if keys else None
            if key is not None and not store.instructor_key_matches(session.code, key):
                key = None
            found.append(ListedSession(session, ClassSettings.from_dict(session.settings), key))
    return found


def open_for_instructor(store: Store, code: str, key: str) -> ClassSession | None:
    """The session `code` when `key` is its instructor key; None when they do not match. Raises RecordsError."""
    canonical = normalize_code(code)
    with records_errors():
        session = store.get_session(canonical) if canonical else None
        if session is None:
            return None
        try:
            store.class_results(session.code, key)
        except (AccessDenied, NotFound):
            return None
    return session


def close_session(store: Store, code: str, key: str) -> None:
    """End the session: from now on it takes no new answers."""
    with records_errors():
        store.close_session(code, key)


def is_case_session(session: ClassSession) -> bool:
    """True when the session sets a clinical case rather than a quiz."""
    return ClassSettings.from_dict(session.settings).kind == "case"


@dataclass(frozen=True)
class SessionRecords:
    """What the instructor's view of a session reads: result rows, whether it is closed, case choices."""

    rows: list[ResultRow]
    closed: bool
    case_choices: dict[str, list[CaseChoice]]


def session_records(store: Store, code: str, key: str, *, with_cases: bool = False) -> SessionRecords:
    """The session's records, read with its instructor key (`with_cases`: the case choices too)."""
    with records_errors():
        rows = store.class_results(code, key)
        session = store.get_session(code)
        choices = store.class_case_choices(code, key) if with_cases else {}
    return SessionRecords(rows, bool(session and session.closed), choices)


def export_csv(store: Store, code: str, key: str) -> str:
    """The session's results as CSV, read with its instructor key."""
    with records_errors():
        return store.export_csv(code, key)


ClassQuizStep = Literal["continue", "results", "closed", "start"]


def class_quiz_step(store: Store, learner_id: str, session: ClassSession) -> tuple[ClassQuizStep, list[AttemptSummary]]:
    """What the learner's class quiz offers now, with their attempts in it (newest first): continue
    the open one, the results of the one handed in (one attempt per learner per session), nothing
    new once the session is closed, else start."""
    mine = class_attempts(store, learner_id, session.code)
    if any(a.submitted_at is None for a in mine):
        return "continue", mine
    if mine:
        return "results", mine
    return ("closed" if session.closed else "start"), mine
