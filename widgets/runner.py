"""The quiz runner: start screen -> one item at a time -> results and review.

Display it (`runner` as the last line of a cell, or `display(runner)`). It keeps the
key, rationales and scores in Python; the browser only ever holds what is on screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as ipw

from quizbank.loader import Bank
from quizbank.session import Attempt, Event, QuizSettings
from widgets.attempt_screen import AttemptScreen
from widgets.start_choices import StartChoices
from widgets.guard import guarded
from widgets.review import ReviewScreen
from widgets.start import StartScreen
from widgets.style import ROOT_CLASS, classed, stylesheet


class QuizRunner:
    """A whole quiz in one widget tree (`view`)."""

    def __init__(
        self,
        bank: Bank,
        defaults: StartChoices | None = None,
        listeners: Sequence[Callable[[Event], None]] = (),
        settings: QuizSettings | None = None,
    ) -> None:
        self.bank = bank
        self.listeners = list(listeners)
        self.base_settings = settings or QuizSettings()
        self.attempt: Attempt | None = None
        self.screen: AttemptScreen | None = None
        self.review: ReviewScreen | None = None
        self.start_screen = StartScreen(bank, defaults or StartChoices(), self._start_pressed)
        self.holder = ipw.VBox([self.start_screen.box], layout=ipw.Layout(width="100%"))
        self.view = classed(ipw.VBox([stylesheet(), self.holder], layout=ipw.Layout(width="100%")), ROOT_CLASS)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def start(self, choices: StartChoices) -> Attempt:
        """Draw the items with the seed and show the first one."""
        pool = self.bank.select(
            audience=choices.audience,
            topics=(choices.topic,) if choices.topic else (),
            objectives=(choices.objective,) if choices.objective else (),
        )
        if not pool:
            raise ValueError("no items match these choices")
        settings = QuizSettings(
            mode="exam" if choices.mode == "exam" else "practice",
            length=choices.length if choices.length > 0 else len(pool),
            audience=choices.audience,
            topics=(choices.topic,) if choices.topic else (),
            objectives=(choices.objective,) if choices.objective else (),
            retry_penalty=self.base_settings.retry_penalty,
            max_tries=self.base_settings.max_tries,
            time_limit_s=self.base_settings.time_limit_s,
            shuffle_options=self.base_settings.shuffle_options,
        )
        attempt = Attempt.start(uuid.uuid4().hex, pool, settings, choices.seed, self.bank.sources)
        attempt.listeners.extend(self.listeners)
        self.attempt = attempt
        self.review = None
        self.screen = AttemptScreen(attempt, self._submitted)
        self.holder.children = (self.screen.box,)
        return attempt

    def _start_pressed(self, choices: StartChoices) -> None:
        """Start only from the start screen: a forged click on its hidden Start button does nothing."""
        if self.holder.children != (self.start_screen.box,):
            return
        self.start(choices)

    def _submitted(self) -> None:
        assert self.attempt is not None and self.attempt.submitted
        self.review = ReviewScreen(self.attempt, self._new_quiz)
        self.holder.children = (self.review.box,)

    @guarded()
    def _new_quiz(self, _button: Any = None) -> None:
        """Back to the start screen with a fresh seed (the old attempt stays submitted)."""
        if self.attempt is None or not self.attempt.submitted or self.holder.children != (self.review.box,):
            return
        self.start_screen.reset()
        self.holder.children = (self.start_screen.box,)
