"""What a play of a case returns: the events for the outbox and the consequence shown after an answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizbank.cases import Ending
from quizbank.outcomes import FinalAnswer, Outcome
from quizbank.scoring import Score
from quizbank.session import CitedPassage, Feedback


@dataclass(frozen=True)
class Choice:
    """One answer given in a case, for the store to record."""

    case_id: str
    case_version: int
    step_id: str
    item_id: str
    response: Any
    branch: str  # the branch taken: an option id, "true"/"false", or "correct"/"incorrect"
    next: str  # the step or ending it led to
    points: float
    max_points: float
    at: float


@dataclass(frozen=True)
class StepResult:
    """What follows an answer: the consequence, the score, and (when revealed) the item's feedback."""

    choice: Choice
    score: Score
    consequence: str
    consequence_citations: tuple[CitedPassage, ...]
    feedback: Feedback | None  # None when the play reveals feedback only in the debrief
    ending: Ending | None  # the ending reached, when the branch led to one


@dataclass(frozen=True)
class CaseEnded:
    """The play reached an ending: the attempt is submitted with each step item's last answer."""

    at: float
    finals: tuple[FinalAnswer, ...]


CaseEvent = Choice | CaseEnded
CaseOutcome = Outcome[CaseEvent, StepResult]
