"""The records API every backend offers; ``Store`` (SQLite) is the one there is today.

Callers that only need records can type against ``RecordsStore``; a second backend (such as
PostgreSQL) satisfies it with the same rules: the same records, errors, acknowledgements and
sequence protocol (see docs/store.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from quizbank.store.records import (
    Ack,
    AttemptKind,
    AttemptRecord,
    AttemptSummary,
    CaseChoice,
    ClassSession,
    FinalState,
    ItemSpec,
    Learner,
    LearnerSecret,
    NewClassSession,
    ResultRow,
    RosterEntry,
    SessionListing,
)


@runtime_checkable
class RecordsStore(Protocol):
    """Learner records: learners, class sessions, attempts and their writes, review cards, class reports."""

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def integrity_check(self) -> str:
        """``ok`` when the backend finds nothing wrong with the stored data."""
        ...

    # learners
    def ensure_learner(self, learner_id: str, display_name: str) -> Learner:
        """Create the learner, or update the display name of an existing one."""
        ...

    def get_learner(self, learner_id: str) -> Learner | None:
        """The learner with this id, or None."""
        ...

    # sign-in secrets and devices
    def get_secret(self, learner_id: str) -> LearnerSecret | None:
        """The learner's stored secret hashes, or None when they have none."""
        ...

    def create_learner_with_phrase(self, learner_id: str, display_name: str, phrase_hash: str) -> bool:
        """Create a new learner with their resume phrase; False (nothing changed) when the id is taken."""
        ...

    def replace_code_with_phrase(self, learner_id: str, code_hash: str, phrase_hash: str) -> bool:
        """Use up the learner's one-time code: the phrase replaces it. False when that code is no longer theirs."""
        ...

    def set_one_time_codes(self, entries: Sequence[RosterEntry]) -> None:
        """Give each learner a one-time code in place of any secret and revoke their devices, all at once."""
        ...

    def add_device(self, device_id: str, learner_id: str, issued_at: float) -> None:
        """Remember a device that may sign the learner in without their secret."""
        ...

    def device_active(self, device_id: str, learner_id: str, issued_at: float) -> bool:
        """True when this device was issued to this learner at that time and has not been revoked."""
        ...

    def revoke_device(self, device_id: str) -> None:
        """This device no longer signs anyone in."""
        ...

    def record_signin_failure(self, subjects: Sequence[str], at: float) -> None:
        """Note one failed sign-in try against each subject."""
        ...

    def count_signin_failures(self, subject: str, since: float) -> int:
        """Failed tries against `subject` at or after `since`."""
        ...

    def forget_signin_failures(self, subjects: Sequence[str], before: float | None = None) -> None:
        """Drop the failed tries of `subjects`, and every try older than `before`."""
        ...

    # class sessions
    def create_session(
        self, settings: Mapping[str, Any], instructor_label: str = "", key_for: Callable[[str], str] | None = None
    ) -> NewClassSession:
        """Open a class session; return its join code and the instructor's key (made by `key_for` from the code)."""
        ...

    def list_sessions(self) -> list[SessionListing]:
        """Every class session, newest first, with the learners who joined and submitted."""
        ...

    def instructor_key_matches(self, code: str, instructor_key: str) -> bool:
        """True when `instructor_key` is the session's key."""
        ...

    def get_session(self, code: str) -> ClassSession | None:
        """The session a join code names, or None."""
        ...

    def close_session(self, code: str, instructor_key: str) -> None:
        """Close a session to new learners and answers."""
        ...

    # attempts
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
        """Record a new attempt with its items and orders fixed; return its id."""
        ...

    def find_open_attempt(self, learner_id: str, session_code: str | None, kind: AttemptKind) -> str | None:
        """The learner's unsubmitted attempt of this kind in this session, to resume."""
        ...

    def list_attempts(self, learner_id: str, kind: AttemptKind | None = None) -> list[AttemptSummary]:
        """The learner's own attempts, oldest first."""
        ...

    def load_attempt(self, learner_id: str, attempt_id: str) -> AttemptRecord:
        """Everything stored about the learner's attempt, read in one snapshot."""
        ...

    # the learner's sequenced writes
    def record_answer(self, learner_id: str, attempt_id: str, item_id: str, answer: Any, *, seq: int, at: float) -> Ack:
        """Save the learner's current answer to an item."""
        ...

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
        """Save a practice check."""
        ...

    def record_flag(self, learner_id: str, attempt_id: str, item_id: str, flagged: bool, *, seq: int, at: float) -> Ack:
        """Mark or unmark an item for review."""
        ...

    def submit_attempt(
        self, learner_id: str, attempt_id: str, finals: Sequence[FinalState], *, seq: int, at: float
    ) -> Ack:
        """End the attempt with every item's final state."""
        ...

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
        """Append one case-scenario choice."""
        ...

    # spaced review
    def save_card(self, learner_id: str, item_id: str, card_json: str, due: datetime | float) -> None:
        """Store the learner's review card for an item and when it is due."""
        ...

    def load_cards(self, learner_id: str) -> dict[str, str]:
        """The learner's review cards by item id, as JSON text."""
        ...

    # instructor reads
    def class_results(self, session_code: str, instructor_key: str) -> list[ResultRow]:
        """One row per learner per item of the session's attempts."""
        ...

    def class_case_choices(self, session_code: str, instructor_key: str) -> dict[str, list[CaseChoice]]:
        """Every case choice made in the session, by attempt id."""
        ...

    def export_csv(self, session_code: str, instructor_key: str) -> str:
        """The session's results as CSV text."""
        ...
