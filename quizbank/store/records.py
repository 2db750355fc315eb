"""The records the store hands out and takes in: plain frozen values, the same for every backend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

ATTEMPT_KINDS: tuple[str, ...] = ("quiz", "case", "pretest", "posttest", "review")
AttemptKind = Literal["quiz", "case", "pretest", "posttest", "review"]


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
    """A learner as stored: the id, the name shown to instructors, when first seen."""

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
        """True once the instructor has closed the session."""
        return self.closed_at is not None


@dataclass(frozen=True)
class SessionListing(ClassSession):
    """A class session in the instructor's list: the session and how many learners joined and submitted."""

    joined: int = 0
    submitted: int = 0


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
    """An attempt without its responses, for lists of a learner's attempts."""

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
        """True once the attempt has been handed in."""
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


@dataclass(frozen=True)
class LearnerSecret:
    """A learner's stored secret: the resume phrase's hash, or a one-time code's hash (at most one is set)."""

    learner_id: str
    phrase_hash: str | None
    code_hash: str | None
    updated_at: float


@dataclass(frozen=True)
class RosterEntry:
    """One learner of an instructor's roster: the stored id, the name, the hash of their one-time code."""

    learner_id: str
    display_name: str
    code_hash: str
