"""Opening a learner's attempt from the records: the rules are in quizbank.services.quizzes (named here
for the screens that import them from this module)."""

from __future__ import annotations

from quizbank.services.quizzes import (
    Opened,
    answered_count,
    last_saved_at,
    load,
    open_quiz,
    quiz_attempts,
    resume_position,
)

__all__ = ["Opened", "answered_count", "last_saved_at", "load", "open_quiz", "quiz_attempts", "resume_position"]
