"""Who is taking the quiz: a typed student id (or name), or the JupyterHub user.

A classroom without logins has only what the learner types. The stored learner id is
derived from it deterministically (normalised: Unicode NFKC, spaces collapsed, case
folded), so typing the same id next week brings back the same records; it is a hash, so
the records database never holds the typed id as a key. The display name (what the
instructor sees) is kept apart: the text as typed, tidied.

Anyone who types the same id gets the same records: the screen says so, and asks for a
student id rather than a first name.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as ipw

from widgets.guard import guarded
from widgets.html import tag
from widgets.style import classed

MIN_LENGTH = 2
MAX_LENGTH = 60
PUNCTUATION = " .-_'@"
HUB_VARIABLES = ("JUPYTERHUB_USER",)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SPACES = re.compile(r"\s+")


class IdentityProblem(ValueError):
    """The typed text cannot identify a learner; the message is fit to show."""


@dataclass(frozen=True)
class Identity:
    """The stored learner id and the name shown for it."""

    learner_id: str
    display_name: str


def tidy(text: str) -> str:
    """The typed text with compatible characters unified and white space collapsed."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def _allowed(char: str) -> bool:
    return char.isalnum() or char in PUNCTUATION or unicodedata.category(char).startswith("M")


def _shown(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def check_typed(text: str) -> str:
    """The tidied text, or IdentityProblem saying plainly what is wrong."""
    cleaned = tidy(text)
    if not cleaned:
        raise IdentityProblem("Please type your student id or your name.")
    if len(cleaned) < MIN_LENGTH:
        raise IdentityProblem(f"That is too short: use at least {MIN_LENGTH} characters.")
    if len(cleaned) > MAX_LENGTH:
        raise IdentityProblem(f"That is too long: use at most {MAX_LENGTH} characters.")
    bad = sorted({_shown(c) for c in cleaned if not _allowed(c)})
    if bad:
        raise IdentityProblem("Use only letters, digits, spaces and . - _ ' @ (not " + " ".join(bad[:6]) + ").")
    if not any(c.isalnum() for c in cleaned):
        raise IdentityProblem("Your id needs at least one letter or digit.")
    return cleaned


def learner_id_for(cleaned: str, namespace: str = "typed") -> str:
    """The stored learner id for a tidied id: the same text (any case, any spacing) gives the same id."""
    key = f"clinquiz-learner-v1\0{namespace}\0{cleaned.casefold()}"
    return f"{namespace}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"


def identity_from_text(text: str) -> Identity:
    """The learner a typed id names (IdentityProblem when it cannot name one)."""
    cleaned = check_typed(text)
    return Identity(learner_id_for(cleaned), cleaned)


def identity_from_environment(environ: Mapping[str, str] = os.environ) -> Identity | None:
    """The JupyterHub user, when the server runs as one (then nobody is asked to type an id)."""
    for name in HUB_VARIABLES:
        user = tidy(environ.get(name, ""))[:MAX_LENGTH]
        if user:
            return Identity(learner_id_for(user, "hub"), user)
    return None


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
