"""A learner's attempt opened in the store as a page opens it, for the hardening tests that set up records."""

from __future__ import annotations

from typing import Any

from quizbank.records import open_or_resume
from quizbank.services.quizzes import QuizPlay


def recorded_attempt(*args: Any, **kwargs: Any) -> QuizPlay:
    """A learner's attempt opened in the store, acting through its outbox as a page does."""
    attempt, outbox, _record = open_or_resume(*args, **kwargs)
    return QuizPlay(attempt, outbox)
