"""A simple "who are you" prompt for the refresher page: a learner id and, the first time, a name.

The id is what brings a pharmacist back to their own records on the next visit; the name
is what their statement of completion shows. (Real sign-in belongs to the home screen;
this prompt only builds the LearnerContext the refresher needs.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.loader import Bank
from quizbank.services.learners import IdentityProblem, sign_in
from quizbank.services.refresher import Store, open_records
from widgets.guard import guarded
from widgets.html import tag
from widgets.keys import on_enter
from widgets.learner import LearnerContext
from widgets.refresher.plan import refresher_home
from widgets.refresher.style import REFRESHER_CLASS, refresher_stylesheet
from widgets.start import field
from widgets.style import ROOT_CLASS, classed, stylesheet


class SignInError(ValueError):
    """Why the typed id or name cannot be used; the message is fit to show."""


def learner_context(store: Store, typed_id: str, name: str) -> LearnerContext:
    """The LearnerContext for a typed id and name (SignInError says what is wrong).

    The stored learner id is derived from the typed id by the rule of every page
    (quizbank.services.learners), so the same id reaches the same records there and here. A
    blank name keeps the one saved before; a new learner must give one (it goes on the statement).
    """
    try:
        identity = sign_in(store, typed_id, name)
    except IdentityProblem as problem:
        raise SignInError(str(problem)) from None
    return LearnerContext(identity.learner_id, identity.display_name, store)


class SignIn:
    """The prompt (`view`); calls `on_ready(learner_id, name)`, which may raise SignInError to show its
    message, or `show(widget)` to put the refresher in the prompt's place."""

    def __init__(self, on_ready: Callable[[str, str], None]) -> None:
        self.on_ready = on_ready
        intro = ipw.HTML(
            tag("h1", "Refresher: sign in")
            + tag(
                "p",
                "Type your id (for example your registration number). Use the same id on every visit: "
                "it is how you carry on where you stopped. Anyone who types the same id sees the same "
                "records, so use your own.",
            )
            + tag(
                "p",
                "The first time, also type your name as it should appear on your statement of completion.",
                "cq-muted",
            )
        )
        self.learner_id = field(ipw.Text(description="Your id", placeholder="for example rx-jsmith"))
        self.name = field(
            ipw.Text(description="Your name, for your statement (first visit; blank keeps the saved one)")
        )
        self.go = ipw.Button(description="Continue", button_style="primary")
        self.go.on_click(self._continue)
        on_enter([self.learner_id, self.name], self._continue)
        self.message = classed(ipw.Label(""), "cq-status")
        self.box = ipw.VBox([intro, self.learner_id, self.name, self.go, self.message], layout=ipw.Layout(width="100%"))
        self.prompt = classed(
            ipw.VBox([stylesheet(), refresher_stylesheet(), self.box], layout=ipw.Layout(width="100%")),
            ROOT_CLASS,
            REFRESHER_CLASS,
        )
        self.view = ipw.VBox([self.prompt], layout=ipw.Layout(width="100%"))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def show(self, widget: ipw.Widget) -> None:
        """Replace the prompt with `widget` (the learner's refresher, styled on its own)."""
        self.view.children = (widget,)

    def show_error(self) -> None:
        self.message.value = "Something went wrong. Please reload the page."

    @guarded()
    def _continue(self, _button: Any = None) -> None:
        if self.view.children != (self.prompt,):
            return  # already signed in: a forged click changes nothing
        try:
            self.on_ready(self.learner_id.value, self.name.value)
        except SignInError as exc:
            self.message.value = str(exc)


class RefresherPage:
    """notebooks/refresher.ipynb's page (`view`): the sign-in prompt, then the learner's refresher.

    The records (CLINQUIZ_DB) are opened at the first sign-in, so the notebook run headless
    touches no database.
    """

    def __init__(self, bank: Bank, open_store: Callable[[], Store] = open_records) -> None:
        self.bank = bank
        self._open_store = open_store
        self._store: Store | None = None
        self.sign_in = SignIn(self.open_refresher)
        self.view = self.sign_in.view

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def open_refresher(self, learner_id: str, name: str) -> None:
        """Sign `learner_id` in (SignInError says what is wrong) and show their refresher."""
        if self._store is None:
            self._store = self._open_store()
        self.sign_in.show(refresher_home(self.bank, learner_context(self._store, learner_id, name)))


def refresher_page(bank: Bank) -> ipw.Widget:
    """The refresher notebook's whole page."""
    return RefresherPage(bank).view
