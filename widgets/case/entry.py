"""What notebooks/case.ipynb needs: the bank, who the learner is, and the case screen.

The learner comes from the page address when it names one (``?learner=<code>&name=Ana``,
optionally ``&code=<class join code>``; Voila hands the query to the kernel as
QUERY_STRING), else from a short prompt: a name, and the student id, which names the same
learner as on the quiz page (quizbank.services.learners); on JupyterHub the hub user is the
learner. The records database (CLINQUIZ_DB) is opened only once a learner
is known, so running the notebook headless touches no database.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

import ipywidgets as ipw

from quizbank.config import settings
from quizbank.loader import Bank, load_bank
from quizbank.services.classes import join_code
from quizbank.services.learners import IdentityProblem, hub_identity, identity_from_text
from quizbank.services.records_access import Records, RecordsError, record_learner, records_opener
from widgets.case.home import case_home
from widgets.case.style import CASE_CLASS, case_stylesheet
from widgets.guard import guarded
from widgets.html import esc, raw_tag, tag
from widgets.keys import on_enter
from widgets.learner import LearnerContext
from widgets.request import query_string
from widgets.style import ROOT_CLASS, classed, stylesheet

LEARNER_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_NAME = 80
StoreFactory = Callable[[], Records]


def bank_from_environment(environ: Mapping[str, str] = os.environ) -> Bank:
    """The bank in CLINQUIZ_BANK (a folder of YAML files), else the shipped bank."""
    folder = settings(environ).bank_folder
    return load_bank([folder]) if folder else load_bank()


def query_values(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(query_string(environ, wait=False) or "").items() if v}


def clean_name(text: str) -> str:
    return " ".join(str(text).split())[:MAX_NAME]


def learner_from_query(values: Mapping[str, str], store: StoreFactory) -> LearnerContext | None:
    """A LearnerContext when the address names a well-formed learner code (the name defaults to it)."""
    learner_id = values.get("learner", "")
    if not LEARNER_RE.match(learner_id):
        return None
    code = join_code(values.get("code", "")) if values.get("code") else None
    return LearnerContext(learner_id, clean_name(values.get("name", "")) or "Learner", store(), code)


def return_link(learner: LearnerContext) -> str:
    """The page address that brings this learner back (relative: this page, with a query)."""
    query = {"learner": learner.learner_id, "name": learner.display_name}
    if learner.session_code:
        query["code"] = learner.session_code
    return "?" + urlencode(query)


class LearnerPrompt:
    """Who is studying: a name, and the student id (the same learner as on the quiz page)."""

    def __init__(self, store: StoreFactory, on_ready: Callable[[LearnerContext], None]) -> None:
        self.store = store
        self.on_ready = on_ready
        intro = ipw.HTML(tag("h1", "Clinical cases") + tag("p", "Tell us who is studying, then choose a case."))
        self.name = ipw.Text(
            description="Your name",
            placeholder="e.g. Ana M.",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="100%"),
        )
        self.code = ipw.Text(
            description="Student id (the same as on the quiz)",
            placeholder="e.g. s1234567",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="100%"),
        )
        for field in (self.name, self.code):
            field.add_class("cq-field")
        self.go = ipw.Button(description="Continue", button_style="primary")
        self.go.on_click(lambda _b: self._go())
        on_enter([self.name, self.code], self._go)
        self.message = classed(ipw.Label(""), "cq-status")
        self.box = ipw.VBox([intro, self.name, self.code, self.go, self.message], layout=ipw.Layout(width="100%"))

    def show_error(self) -> None:
        self.message.value = "Something went wrong; please reload the page."

    @guarded()
    def _go(self) -> None:
        name = clean_name(self.name.value)
        code = self.code.value.strip()
        if not name:
            self.message.value = "Type your name first."
            return
        try:
            learner_id = identity_from_text(code).learner_id
        except IdentityProblem as problem:
            self.message.value = str(problem)
            return
        try:
            store = self.store()
            record_learner(store, learner_id, name)
        except RecordsError as exc:
            self.message.value = f"Your records could not be opened: {exc}"
            return
        self.go.disabled = True
        self.on_ready(LearnerContext(learner_id, name, store))


class CasePage:
    """The case notebook's page: the prompt if needed, then the case screen."""

    def __init__(self, bank: Any, environ: Mapping[str, str] = os.environ, store: StoreFactory | None = None) -> None:
        self.bank = bank
        self._store: Records | None = None
        self._factory = store or records_opener()
        self.holder = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.view = ipw.VBox([self.holder], layout=ipw.Layout(width="100%"))
        hub = hub_identity(environ)
        if hub is not None:
            learner: LearnerContext | None = LearnerContext(hub.learner_id, hub.display_name, self.store())
        else:
            learner = learner_from_query(query_values(environ), self.store)
        if learner is not None:
            self.show(learner, first_visit=False)
        else:
            self.prompt = LearnerPrompt(self.store, lambda ctx: self.show(ctx, first_visit=True))
            self.holder.children = (
                classed(ipw.VBox([stylesheet(), case_stylesheet(), self.prompt.box]), ROOT_CLASS, CASE_CLASS),
            )

    def store(self) -> Records:
        """The records database, opened on first use."""
        if self._store is None:
            self._store = self._factory()
        return self._store

    def show(self, learner: LearnerContext, first_visit: bool) -> None:
        """The case screen for `learner` (with, on a first visit, the code and link to come back)."""
        parts: list[ipw.Widget] = []
        if first_visit:
            parts.append(
                classed(
                    ipw.VBox(
                        [
                            ipw.HTML(
                                tag(
                                    "p",
                                    f"Hello {learner.display_name}. Type the same student id next time "
                                    "(or bookmark the link) to carry on later.",
                                    "cq-muted",
                                )
                                + raw_tag(
                                    "p",
                                    f'<a href="{esc(return_link(learner))}">Link to come back to your cases</a>',
                                    "cq-muted",
                                )
                            )
                        ]
                    ),
                    ROOT_CLASS,
                    CASE_CLASS,
                )
            )
        parts.append(case_home(self.bank, learner))
        self.holder.children = tuple(parts)


def case_page(bank: Any, environ: Mapping[str, str] = os.environ) -> ipw.Widget:
    """The case notebook's whole page."""
    return CasePage(bank, environ).view
