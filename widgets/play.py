"""One attempt on screen, from the first answer to the results, saved as it goes.

The results follow the feedback mode: ``each_answer`` and ``after_submit`` show the
review page after submission; ``after_class`` only says the answers were handed in.
When the records refuse a write (another window, the time limit, a closed class
session), the attempt is rebuilt from the records and the learner told why.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as ipw

from quizbank.class_settings import FeedbackMode
from quizbank.loader import Bank
from quizbank.services.outbox import RecordsRefusal, SaveReport
from quizbank.services.quizzes import Opened, QuizPlay, checks_allowed, feedback_mode, load
from quizbank.services.records_access import RecordsError
from quizbank.services.review import review_now
from quizbank.session import Event
from widgets.attempt_screen import AttemptScreen
from widgets.guard import guarded
from widgets.learner import LearnerContext
from widgets.review import HandedInScreen, ReviewScreen
from widgets.saved import Saving, describe
from widgets.tree import close_tree

log = logging.getLogger("clinquiz.widgets")
RELOAD_FAILED = "Your answers could not be reloaded just now. Please reload the page; what was saved is kept."


class AttemptPlayer:
    """The attempt screen, then the results; `box` is what to display."""

    def __init__(
        self,
        bank: Bank,
        learner: LearnerContext | None,
        opened: Opened,
        *,
        on_done: Callable[[], None],
        feedback: FeedbackMode | None = None,
        done_label: str = "Start a new quiz",
        listeners: Sequence[Callable[[Event], None]] = (),
        note: str = "",
        code_label: str | None = None,
    ) -> None:
        self.bank = bank
        self.learner = learner
        self.on_done = on_done
        self.done_label = done_label
        self.listeners = list(listeners)
        self.code_label = code_label
        self.feedback: FeedbackMode = feedback_mode(opened.attempt.settings, feedback)
        self.screen: AttemptScreen | None = None
        self.results: ReviewScreen | HandedInScreen | None = None
        self.box = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self._show(opened, note)

    @property
    def attempt(self) -> Any:
        return self.saving.attempt

    @property
    def store(self) -> Any:
        return None if self.learner is None else self.learner.store

    def _show(self, opened: Opened, note: str) -> None:
        attempt = opened.attempt
        learner_id = None if self.learner is None else self.learner.learner_id
        play = QuizPlay.recording(opened, self.store, learner_id, self.listeners)
        self.saving = Saving(play, self._reload, records_available=self.store is not None)
        if opened.last_saved_at is not None:
            self.saving.status.saved(opened.last_saved_at)
        elif self.store is None:
            self.saving.status.unavailable()
        if attempt.submitted:
            self._results(note, just_submitted=opened.how == "time_ran_out")
            return
        during = review_now(self.store, learner_id, attempt)
        allow_check = checks_allowed(attempt.settings, self.feedback) and during.marks
        self.screen = AttemptScreen(
            play,
            self._results,
            position=opened.position,
            allow_check=allow_check,
            saving=self.saving,
            note=note,
            code_label=self.code_label,
            shown=during,
        )
        self.box.children = (self.screen.box,)

    def _results(self, note: str = "", *, just_submitted: bool = True) -> None:
        """The results, with only what the review options allow now (asked afresh of the records)."""
        attempt = self.saving.attempt
        status = self.saving.status.box if self.store is not None else None
        learner_id = None if self.learner is None else self.learner.learner_id
        shown = review_now(self.store, learner_id, attempt, just_submitted=just_submitted)
        common: dict[str, Any] = dict(done_label=self.done_label, note=note, status=status, code_label=self.code_label)
        if self.feedback == "after_class" or not shown.anything:
            self.results = HandedInScreen(attempt, self._done, **common)
        else:
            self.results = ReviewScreen(attempt, self._done, shown=shown, **common)
        self.box.children = (self.results.box,)

    @guarded()
    def _done(self, _button: Any = None) -> None:
        if self.results is None:
            return  # not handed in: the button was never shown
        self.on_done()

    def _reload(self, report: SaveReport) -> None:
        """The records disagree with this page: show what they hold, and why."""
        store, learner = self.store, self.learner
        old = self.screen
        if old is not None:
            old.stop()
        try:
            if store is None or learner is None:
                raise RecordsError("no records")
            opened = load(store, learner.learner_id, self.saving.attempt.attempt_id, self.bank)
            if report.code is RecordsRefusal.SESSION_CLOSED and not opened.attempt.submitted:
                QuizPlay.recording(
                    opened, store, learner.learner_id
                ).submit()  # a closed session still takes submissions
        except RecordsError:
            log.exception("reloading the attempt failed")
            if old is not None:
                old.status.value = RELOAD_FAILED
            return
        if old is not None:
            opened = dataclasses.replace(opened, position=old.position)  # stay on the item on screen
        self.screen = None
        self._show(opened, describe(report))
        close_tree(old.box if old is not None else None)

    def stop(self) -> None:
        """The learner leaves this attempt's page: stop its countdown."""
        if self.screen is not None:
            self.screen.stop()

    def show_error(self) -> None:
        self.saving.status.failed()
