"""The thin ipywidgets UI of clinquiz: item widgets, the quiz runner and its screens.

Imports ipywidgets and quizbank; never touches the database.
"""

from widgets.runner import QuizRunner

__all__ = ["QuizRunner"]
