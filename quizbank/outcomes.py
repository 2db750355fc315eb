"""What an action on an attempt or a case play did: the events to record, or why it was refused.

`Attempt` (quizbank.session) and `CasePlay` (quizbank.case_session) return an `Outcome`
from every action instead of telling listeners: the caller hands `outcome.events` to the
outbox (quizbank.services.outbox), and words a refusal from its `code`, never from the
English `message` (kept for logs and tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

E = TypeVar("E")
V = TypeVar("V")


class RefusalCode(str, Enum):
    """Why an action was refused (nothing was changed)."""

    SUBMITTED = "submitted"  # the attempt has been submitted
    ITEM_LOCKED = "item_locked"  # the item's answer is final
    TIME_UP = "time_up"  # the time limit has passed
    NO_ANSWER = "no_answer"  # a check or a case step without an answer
    INVALID_ANSWER = "invalid_answer"  # the response does not fit the item
    NOT_IN_PRACTICE = "not_in_practice"  # a check in exam mode
    UNKNOWN_ITEM = "unknown_item"  # no such item in this attempt
    CASE_ENDED = "case_ended"  # an answer after the case's ending
    NOT_CURRENT_STEP = "not_current_step"  # an answer meant for another step of the case


@dataclass(frozen=True)
class FinalAnswer:
    """One item as a submission leaves it (an event's data): the answer scored, its points and tries."""

    item_id: str
    response: Any
    points: float
    tries: int


@dataclass(frozen=True)
class Refusal:
    """Why an action was refused: a code to word it by, and the message in English."""

    code: RefusalCode
    message: str


@dataclass(frozen=True)
class Outcome(Generic[E, V]):
    """What an action did: its events (empty when refused), the refusal if any, and its value
    (a check's feedback, a case step's result)."""

    events: tuple[E, ...] = ()
    refusal: Refusal | None = None
    value: V | None = None

    @property
    def ok(self) -> bool:
        """True when the action was done (its events are to be recorded)."""
        return self.refusal is None


def refused(code: RefusalCode, message: str) -> Outcome[E, V]:
    """An outcome that changed nothing."""
    return Outcome(refusal=Refusal(code, message))
