"""The id screen: a learner types their student id (or name); the rule that turns it into a
learner is quizbank.services.learners, the same on every page.

The names below are re-exported from there for the screens and tests that import them here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.services.learners import (
    MAX_LENGTH,
    MIN_LENGTH,
    Identity,
    IdentityProblem,
    check_typed,
    hub_identity,
    identity_from_text,
    learner_id_for,
    tidy,
)
from widgets.guard import guarded
from widgets.html import tag
from widgets.keys import on_enter
from widgets.style import classed

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "Identity",
    "IdentityProblem",
    "IdentityScreen",
    "check_typed",
    "identity_from_environment",
    "identity_from_text",
    "learner_id_for",
    "tidy",
]


identity_from_environment = hub_identity  # the JupyterHub user, when the server runs as one


class IdentityScreen:
    """The first screen: asks for a student id and calls `on_identified(identity)` with a valid one."""

    def __init__(self, title: str, on_identified: Callable[[Identity], None]) -> None:
        self.on_identified = on_identified
        intro = ipw.HTML(
            tag("h1", title)
            + tag(
                "p",
                "Type your student id to begin. Use the same id every time: it brings back your saved "
                "answers, so you can stop and carry on later, even on another day.",
            )
            + tag(
                "p",
                "Anyone who types the same id sees the same answers, so use your own student id "
                "(a name works too, if your class has no ids).",
                "cq-muted",
            )
        )
        self.typed = classed(
            ipw.Text(value="", placeholder="e.g. s1234567", description="Student id or name"), "cq-field"
        )
        self.typed.style.description_width = "initial"
        self.typed.layout.width = "100%"
        self.button = ipw.Button(description="Continue", button_style="primary")
        self.button.on_click(self._continue)
        on_enter(self.typed, self._continue)
        self.message = classed(ipw.Label(""), "cq-status")
        self.box = classed(
            ipw.VBox([intro, self.typed, self.button, self.message], layout=ipw.Layout(width="100%")), "cq-identity"
        )

    def say(self, text: str) -> None:
        """Show a message under the button (plain text, never HTML)."""
        self.message.value = text

    def show_error(self) -> None:
        self.say("Something went wrong. Please try again, or reload the page.")

    @guarded()
    def _continue(self, _source: Any = None) -> None:
        try:
            identity = identity_from_text(self.typed.value)
        except IdentityProblem as problem:
            self.say(str(problem))
            return
        self.say("")
        self.on_identified(identity)
