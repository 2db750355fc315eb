"""The thin ipywidgets UI of clinquiz: item widgets, the quiz runner and its screens.

Imports ipywidgets and quizbank; never runs SQL nor opens a database: learners' records are read and written only
through quizbank.services (widgets.app is the student page: identity,
home, quiz, class sessions; widgets.play saves every answer as it is given).
"""

from widgets.runner import QuizRunner

__all__ = ["QuizRunner"]
