"""Where the refresher's screen finds the quiz-opening rules until it calls quizbank.services itself:
they live in quizbank.services.quizzes."""

from __future__ import annotations

from quizbank.services.quizzes import Opened, last_saved_at, resume_position

__all__ = ["Opened", "last_saved_at", "resume_position"]
