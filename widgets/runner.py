"""The self-paced quiz: start screen -> one item at a time -> results and review.

Display it (`runner` as the last line of a cell, or `display(runner)`), or put its `box`
inside another screen (the app does). It keeps the key, rationales and scores in
Python; the browser only ever holds what is on screen. With a learner whose context has
a store, every answer is saved as it is given and an open quiz is carried on, not
restarted; without one (tests of the runner alone) nothing is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as ipw

from quizbank.loader import Bank
from quizbank.services.quizzes import Opened, open_quiz, unsaved_quiz
from quizbank.services.records_access import RecordsBusy, RecordsError
from quizbank.session import Attempt, Event, QuizSettings
from widgets.attempt_screen import AttemptScreen
from widgets.guard import guarded
from widgets.learner import LearnerContext
from widgets.play import AttemptPlayer
from widgets.review import HandedInScreen, ReviewScreen
from widgets.start import StartScreen
from widgets.start_choices import StartChoices
from widgets.style import ROOT_CLASS, classed, stylesheet
from widgets.tree import close_tree

log = logging.getLogger("clinquiz.widgets")
CARRIED_ON = "You already had a quiz in progress, so here it is. Submit it to start a new one."
BUSY = "The records are busy just now. Please press Start quiz again."
FAILED = "Your quiz could not be started. Please reload the page and try again."


class QuizRunner:
    """A whole self-paced quiz in one widget tree (`view` on its own, `box` inside another screen)."""

    def __init__(
        self,
        bank: Bank,
        defaults: StartChoices | None = None,
        listeners: Sequence[Callable[[Event], None]] = (),
        settings: QuizSettings | None = None,
        learner: LearnerContext | None = None,
        on_home: Callable[[], None] | None = None,
    ) -> None:
        self.bank = bank
        self.listeners = list(listeners)
        self.base_settings = settings or QuizSettings()
        self.learner = learner
        self.player: AttemptPlayer | None = None
        self.start_screen = StartScreen(bank, defaults or StartChoices(), self._start_pressed, on_home)
        self.holder = ipw.VBox([self.start_screen.box], layout=ipw.Layout(width="100%"))
        self.box = self.holder
        self._view: ipw.VBox | None = None

    @property
    def view(self) -> ipw.VBox:
        """The runner on its own page, with the stylesheet (built when first asked for: inside the app,
        only `box` is shown)."""
        if self._view is None:
            self._view = classed(ipw.VBox([stylesheet(), self.holder], layout=ipw.Layout(width="100%")), ROOT_CLASS)
        return self._view

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    @property
    def attempt(self) -> Attempt | None:
        return None if self.player is None else self.player.attempt

    @property
    def screen(self) -> AttemptScreen | None:
        return None if self.player is None else self.player.screen

    @property
    def review(self) -> ReviewScreen | HandedInScreen | None:
        return None if self.player is None else self.player.results

    def settings_for(self, choices: StartChoices, pool_size: int) -> QuizSettings:
        """The attempt's settings from the start screen's choices and the runner's base settings."""
        return QuizSettings(
            mode="exam" if choices.mode == "exam" else "practice",
            length=choices.length if choices.length > 0 else pool_size,
            audience=choices.audience,
            topics=(choices.topic,) if choices.topic else (),
            objectives=(choices.objective,) if choices.objective else (),
            retry_penalty=self.base_settings.retry_penalty,
            max_tries=self.base_settings.max_tries,
            time_limit_s=self.base_settings.time_limit_s,
            shuffle_options=self.base_settings.shuffle_options,
        )

    def start(self, choices: StartChoices) -> Attempt:
        """Draw the items with the seed (or carry on with the learner's open quiz) and show the first one."""
        pool = self.bank.select(
            audience=choices.audience,
            topics=(choices.topic,) if choices.topic else (),
            objectives=(choices.objective,) if choices.objective else (),
        )
        if not pool:
            raise ValueError("no items match these choices")
        settings = self.settings_for(choices, len(pool))
        store = None if self.learner is None else self.learner.store
        if store is None:
            opened = unsaved_quiz(pool, settings, choices.seed, self.bank)
        else:
            assert self.learner is not None
            opened = open_quiz(store, self.learner.learner_id, self.bank, settings, seed=choices.seed)
        self.show(opened, CARRIED_ON if opened.how != "new" else "")
        return opened.attempt

    def show(self, opened: Opened, note: str = "") -> None:
        """Show an attempt (new, or rebuilt from the records) where it should carry on."""
        old = self.player
        self.player = AttemptPlayer(
            self.bank, self.learner, opened, on_done=self._new_quiz, listeners=self.listeners, note=note
        )
        self.holder.children = (self.player.box,)
        if old is not None:
            old.stop()
            close_tree(old.box)

    @guarded()
    def _start_pressed(self, choices: StartChoices) -> None:
        """Start only from the start screen: a forged click on its hidden Start button does nothing.

        What is on show is decided here, in Python (`player`): the page can rewrite the widget tree."""
        if self.player is not None:
            return
        try:
            self.start(choices)
        except RecordsBusy:
            self.start_screen.message.value = BUSY
        except RecordsError:
            log.exception("starting a quiz failed")
            self.start_screen.message.value = FAILED

    def show_error(self) -> None:
        self.start_screen.show_error()

    def _new_quiz(self) -> None:
        """Back to the start screen with a fresh seed (the old attempt stays submitted)."""
        if self.attempt is None or not self.attempt.submitted:
            return
        old, self.player = self.player, None
        self.start_screen.reset()
        self.holder.children = (self.start_screen.box,)
        if old is not None:
            close_tree(old.box)

    def stop(self) -> None:
        """The learner leaves the quiz: stop any countdown."""
        if self.player is not None:
            self.player.stop()
