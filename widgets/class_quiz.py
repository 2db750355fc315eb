"""A class session's quiz: the instructor's items, mode, feedback and time limit, the same for
everyone who joins with the code (quizbank.class_settings); each learner's own order and
option order come from their own seed. A learner who comes back carries on; one who has
handed in sees their results (or, with feedback after class, that it is handed in)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.class_settings import ClassSettings
from quizbank.loader import Bank
from quizbank.services.classes import ClassSession, class_quiz_step
from quizbank.services.quizzes import Opened, load, open_quiz
from quizbank.services.records_access import CannotResume, ClassClosed, RecordsBusy, RecordsError
from widgets.guard import guarded
from widgets.html import bullet_list, tag
from widgets.learner import LearnerContext
from widgets.play import AttemptPlayer
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")
WELCOME_BACK = "Welcome back: you carry on where you stopped. Your answers so far are saved."
BUSY = "The records are busy just now. Please press the button again."
CLOSED = "This class session has ended, so it takes no new answers. Ask your instructor."
MISSING = "This class session uses questions this quiz server does not have. Please tell your instructor."
FAILED = "The class quiz could not be opened. Please reload the page and try again."


def limit_words(seconds: float) -> str:
    """'20 minutes', '1 hour 30 minutes', '45 seconds'."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute"), (secs, "second")]
    return " ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in parts if n) or "0 seconds"


def how_it_works(settings: ClassSettings) -> list[str]:
    """The session's rules in the learner's words."""
    count = len(settings.item_ids)
    lines = [f"{count} question{'s' if count != 1 else ''}, the same for everyone in the class."]
    if settings.mode == "practice" and settings.feedback == "each_answer":
        lines.append("Practice: check each answer as you go, with a second try.")
    elif settings.mode == "practice":
        lines.append("Answer every question, then submit.")
    else:
        lines.append("Exam: one answer for each question, scored when you submit.")
    if settings.feedback == "after_class":
        lines.append("Your instructor will go through the answers in class; your score is not shown here.")
    elif settings.feedback == "after_submit":
        lines.append("You see your results after you submit.")
    if settings.time_limit_s:
        lines.append(
            f"Time limit: {limit_words(settings.time_limit_s)}. The clock starts when you press Start and "
            "keeps running if you leave the page; at the end your answers are submitted automatically."
        )
    lines.append("Every answer is saved as you give it.")
    return lines


class ClassQuiz:
    """The class session's page: how it works, Start (or Continue), then the quiz and the results."""

    def __init__(self, bank: Bank, learner: LearnerContext, session: ClassSession, on_home: Callable[[], None]) -> None:
        self.bank = bank
        self.session = session
        self.settings = ClassSettings.from_dict(session.settings)
        self.learner = dataclasses.replace(learner, session_code=session.code)
        self.on_home = on_home
        self.player: AttemptPlayer | None = None
        self.offered = False  # Start (or Continue) is on offer: decided here, never read back from the widgets
        title = self.settings.title or session.instructor_label or "Class quiz"
        self.intro = ipw.HTML(
            tag("h2", title)
            + tag("p", f"Class session {session.code}", "cq-muted cq-seed")
            + bullet_list(how_it_works(self.settings))
        )
        self.start_button = ipw.Button(description="Start", button_style="primary")
        self.start_button.on_click(self._start)
        self.home_button = ipw.Button(description="← Home")
        self.home_button.on_click(self._home)
        self.message = classed(ipw.Label(""), "cq-status")
        self.intro_box = ipw.VBox(
            [
                self.intro,
                ipw.HBox([self.start_button, self.home_button], layout=ipw.Layout(flex_flow="row wrap")),
                self.message,
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.box = ipw.VBox([self.intro_box], layout=ipw.Layout(width="100%"))
        self._prepare()

    @property
    def store(self) -> Any:
        return self.learner.store

    def _prepare(self) -> None:
        """Continue an open attempt, or show the results of a handed-in one, or offer Start."""
        if self.settings.problems(self.bank):
            self.start_button.disabled = True
            self.message.value = MISSING
            return
        step, mine = class_quiz_step(self.store, self.learner.learner_id, self.session)
        if step == "continue":
            self.start_button.description = "Continue"
            self.offered = True
        elif step == "results":
            self._open(lambda: load(self.store, self.learner.learner_id, mine[0].attempt_id, self.bank))
        elif step == "closed":
            self.start_button.disabled = True
            self.message.value = CLOSED
        else:
            self.offered = True

    @guarded()
    def _start(self, _button: Any = None) -> None:
        # Decided from this object and the records, not from `children` or `disabled`: a forged page can
        # put the Start button back on screen and enable it after the quiz was handed in.
        if not self.offered or self.player is not None:
            return  # not offered
        if class_quiz_step(self.store, self.learner.learner_id, self.session)[0] == "results":
            return  # handed in (perhaps in another window): one attempt per learner per class session
        self._open(
            lambda: open_quiz(
                self.store,
                self.learner.learner_id,
                self.bank,
                self.settings.quiz_settings(),
                session_code=self.session.code,
                item_ids=self.settings.item_ids,
            )
        )

    def _open(self, opening: Callable[[], Opened]) -> None:
        try:
            opened = opening()
        except ClassClosed:
            self.message.value = CLOSED
            return
        except RecordsBusy:
            self.message.value = BUSY
            return
        except (CannotResume, KeyError):
            log.exception("the class session's items do not fit this bank")
            self.message.value = MISSING
            return
        except RecordsError:
            log.exception("opening the class quiz failed")
            self.message.value = FAILED
            return
        note = WELCOME_BACK if opened.how == "resumed" and not opened.attempt.submitted else ""
        if opened.how == "time_ran_out":
            note = "The time limit passed while you were away, so your saved answers were submitted."
        self.player = AttemptPlayer(
            self.bank,
            self.learner,
            opened,
            on_done=self.on_home,
            feedback=self.settings.feedback,
            done_label="Back to home",
            note=note,
            code_label=f"Class session {self.session.code}",
        )
        self.box.children = (self.player.box,)

    @guarded()
    def _home(self, _button: Any = None) -> None:
        if self.player is None:  # offered only before the quiz starts (not read from the page's tree)
            self.on_home()

    def show_error(self) -> None:
        self.message.value = FAILED

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()
