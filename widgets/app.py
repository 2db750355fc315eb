"""The student's page: who are you -> home -> quiz, clinical case, refresher or a class session.

Voila starts a fresh kernel on every page load, so the app holds nothing that is not in
the records: the learner is asked for their id again (or it comes from JupyterHub), and
everything else is read back from the store. The store is opened only once the learner
is known, so a page that is only looked at (or run headless by nbval) creates no file.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw
from ipywidgets.widgets import widget as _ipw_widget

from quizbank.loader import Bank
from quizbank.services.classes import ClassSession, is_case_session
from quizbank.services.quizzes import load
from quizbank.services.records_access import Records, RecordsBusy, RecordsError, record_learner
from widgets.class_quiz import ClassQuiz
from widgets.guard import guarded
from widgets.home import CASE_MODULE, REFRESHER_MODULE, HomeActions, HomeScreen
from widgets.identity import Identity, IdentityScreen
from widgets.learner import LearnerContext
from widgets.runner import QuizRunner
from widgets.start import quiz_title
from widgets.start_choices import StartChoices
from widgets.style import ROOT_CLASS, classed, stylesheet
from widgets.tree import close_tree

log = logging.getLogger("clinquiz.widgets")
# ipywidgets echoes every update a browser sends to every page on the kernel *before* checking it
# (`echo_update`, for several views of one widget), so a forged {"value": "yes"} would reach the
# learner's page unchecked and leave its controls out of step with the kernel. The student page
# has one view per widget: no echo; the kernel's own, checked state is all a page ever receives.
_ipw_widget.JUPYTER_WIDGETS_ECHO = False
NO_RECORDS = (
    "Your answers cannot be saved on this server just now, so nothing is kept after you close the page. "
    "You can still practise."
)
WELCOME_BACK = "Welcome back: you carry on where you stopped. Your answers so far are saved."
TIME_RAN_OUT = "The time limit passed while you were away, so your saved answers were submitted."


class _Wrapped:
    """A screen from another package (case player, refresher) with a way back home."""

    def __init__(self, widget: ipw.Widget, on_home: Callable[[], None]) -> None:
        self.home_button = ipw.Button(description="← Home")
        self.home_button.on_click(lambda _b: on_home())
        self.box = ipw.VBox([widget, classed(ipw.HBox([self.home_button]), "cq-nav")], layout=ipw.Layout(width="100%"))


class _Plain:
    """A screen from another package that has its own way back home."""

    def __init__(self, widget: ipw.Widget) -> None:
        self.box = widget


class QuizApp:
    """The whole student page in one widget tree (`view`)."""

    def __init__(
        self,
        bank: Bank,
        *,
        open_store: Callable[[], Records] | None = None,
        defaults: StartChoices | None = None,
        identity: Identity | None = None,
    ) -> None:
        self.bank = bank
        self.open_store = open_store
        self.defaults = defaults or StartChoices()
        self.fixed_identity = identity is not None
        self.learner: LearnerContext | None = None
        self.records_problem = ""
        self.current: Any = None
        self.home: HomeScreen | None = None
        self.identity_screen = IdentityScreen(quiz_title(bank), self._identified)
        self.holder = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.view = classed(ipw.VBox([stylesheet(), self.holder], layout=ipw.Layout(width="100%")), ROOT_CLASS)
        if identity is not None and not self.enter(identity):
            for control in (self.identity_screen.typed, self.identity_screen.button):
                control.disabled = True  # the learner comes from the server: only a reload can retry
            self.identity_screen.say("The records are busy just now. Please reload the page in a minute.")
        if self.learner is None:
            self._switch(self.identity_screen)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    # -- screens --------------------------------------------------------------------------

    def _switch(self, screen: Any) -> None:
        """Show `screen`; the one left is stopped and closed (the identity screen is kept)."""
        old, self.current = self.current, screen
        self.holder.children = (screen.box,)
        if old is not None and old is not screen:
            stop = getattr(old, "stop", None)
            if stop is not None:
                stop()
            if old is not self.identity_screen:
                close_tree(old.box)

    def _store(self) -> Records | None:
        if self.open_store is None:
            return None
        try:
            return self.open_store()
        except Exception:  # noqa: BLE001 - whatever the failure, carry on without records
            log.exception("the records database could not be opened")
            self.records_problem = NO_RECORDS
            return None

    def enter(self, identity: Identity) -> bool:
        """Make `identity` the learner (recorded in the store) and show the home screen."""
        store = self.learner.store if self.learner is not None and self.learner.store is not None else self._store()
        if store is not None:
            try:
                record_learner(store, identity.learner_id, identity.display_name)
            except RecordsBusy:
                self.identity_screen.say("The records are busy just now. Please press Continue again.")
                return False
            except RecordsError:
                log.exception("recording the learner failed")
                self.records_problem, store = NO_RECORDS, None
        self.learner = LearnerContext(identity.learner_id, identity.display_name, store)
        self.show_home()
        return True

    @guarded()
    def _identified(self, identity: Identity) -> None:
        if self.current is not self.identity_screen or self.fixed_identity:
            return  # the identity screen is not on show: a forged click
        self.enter(identity)

    def show_error(self) -> None:
        if self.home is not None:
            self.home.show_error()

    def show_home(self) -> None:
        assert self.learner is not None
        actions = HomeActions(
            quiz=self.show_quiz,
            resume=self.resume,
            join=self.join,
            case=self.show_case,
            refresher=self.show_refresher,
            change_learner=None if self.fixed_identity else self.change_learner,
        )
        self.home = HomeScreen(self.learner, actions, self.records_problem)
        self._switch(self.home)

    def change_learner(self) -> None:
        if self.fixed_identity or self.current is not self.home:
            return
        self.identity_screen.typed.value = ""
        self.identity_screen.say("")
        self._switch(self.identity_screen)

    def show_quiz(self) -> QuizRunner:
        """The self-paced quiz's start screen."""
        runner = QuizRunner(self.bank, self.defaults, learner=self.learner, on_home=self._home_from_quiz)
        self._switch(runner)
        return runner

    def _home_from_quiz(self) -> None:
        if isinstance(self.current, QuizRunner) and self.current.player is None:  # the start screen is on show
            self.show_home()

    def resume(self, attempt_id: str) -> None:
        """A stored self-paced quiz: carried on where it stopped, or its results once handed in."""
        assert self.learner is not None and self.learner.store is not None
        try:
            opened = load(self.learner.store, self.learner.learner_id, attempt_id, self.bank)
        except RecordsBusy:
            self._say_home("The records are busy just now. Please try again.")
            return
        except RecordsError:
            log.exception("resuming attempt %s failed", attempt_id)
            self._say_home("That quiz cannot be opened any more (the questions have changed). Please start a new quiz.")
            return
        note = {"resumed": WELCOME_BACK, "time_ran_out": TIME_RAN_OUT}.get(opened.how, "")
        if opened.attempt.submitted and opened.how == "resumed":
            note = ""
        runner = QuizRunner(self.bank, self.defaults, learner=self.learner, on_home=self._home_from_quiz)
        runner.show(opened, note)
        self._switch(runner)

    def join(self, session: ClassSession) -> None:
        """A class session: its quiz, or its case (with the session's code in the learner's context)."""
        assert self.learner is not None
        if is_case_session(session):
            learner = dataclasses.replace(self.learner, session_code=session.code)
            if not self._open_optional(CASE_MODULE, "case_home", learner):
                self._say_home("This class session is a clinical case, which this page cannot open yet.")
            return
        self._switch(ClassQuiz(self.bank, self.learner, session, self.show_home))

    def show_case(self) -> None:
        if not self._open_optional(CASE_MODULE, "case_home", self.learner):
            self._say_home("The clinical case player could not be opened. Please try again later.")

    def show_refresher(self) -> None:
        if not self._open_optional(REFRESHER_MODULE, "refresher_home", self.learner):
            self._say_home("The self-paced refresher could not be opened. Please try again later.")

    def _open_optional(self, module: str, factory: str, learner: LearnerContext | None) -> bool:
        """Open another package's home screen (imported only now); False when it is not there or fails."""
        try:
            make = getattr(importlib.import_module(module), factory)
            home_button = "on_home" in inspect.signature(make).parameters  # the package offers its own
            widget = make(self.bank, learner, on_home=self.show_home) if home_button else make(self.bank, learner)
        except Exception:  # noqa: BLE001 - a missing or broken package must not break the page
            log.exception("opening %s.%s failed", module, factory)
            return False
        self._switch(_Plain(widget) if home_button else _Wrapped(widget, self.show_home))
        return True

    def _say_home(self, text: str) -> None:
        if self.home is not None and self.current is self.home:
            self.home.say(text)
