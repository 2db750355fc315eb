"""The instructor dashboard: create or open a class session, then watch it live.

Display it (``dashboard`` as a cell's last line). The page address may carry a session
to open at once (``?code=K7Q-4MP&key=…``: the reopen link a session shows). Everything
it reads or writes goes through quizbank.services.classes with the instructor key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as ipw

from quizbank.class_settings import ClassSettings
from quizbank.config import settings
from quizbank.loader import Bank
from quizbank.services.classes import create_session, join_code, open_for_instructor
from quizbank.services.records_access import Records, RecordsError, records_opener
from quizbank.services.session_keys import SessionKeys
from widgets.html import raw_tag, tag
from widgets.instructor.forms import CreateSessionForm, OpenSessionForm
from widgets.instructor.live import DEFAULT_INTERVAL_S, DEFAULT_QUIET_STOP_S
from widgets.instructor.session_list import SessionList
from widgets.instructor.session_view import SessionView
from widgets.instructor.style import ROOT_CLASSES, dashboard_stylesheet
from widgets.request import query_string
from widgets.style import classed, stylesheet

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
NO_MATCH = "That join code and instructor key do not match a class session."


def session_from_query(query: str) -> tuple[str, str] | None:
    """(code, key) from a page address query such as ``code=K7Q-4MP&key=…``, or None."""
    values = {k: v[-1] for k, v in parse_qs(query or "").items() if v}
    code = join_code(values.get("code", ""))
    key = values.get("key", "")
    if code is None or not KEY_RE.match(key):
        return None
    return code, key


class InstructorDashboard:
    """The whole dashboard in one widget tree (`view`)."""

    def __init__(
        self,
        bank: Bank,
        store: Records,
        *,
        student_url: str = "",
        query: str = "",
        interval_s: float = DEFAULT_INTERVAL_S,
        quiet_stop_s: float = DEFAULT_QUIET_STOP_S,
        keys: SessionKeys | None = None,
    ) -> None:
        self.bank, self.store, self.keys = bank, store, keys
        self.student_url = student_url
        self.interval_s, self.quiet_stop_s = interval_s, quiet_stop_s
        self.session: SessionView | None = None
        self.create_form = CreateSessionForm(bank, self.create)
        self.open_form = OpenSessionForm(self.open)
        intro = ipw.HTML(
            raw_tag("p", '<a href="logout">Log out</a>', "cq-logout")
            + tag("h1", "Instructor dashboard")
            + tag("p", "Create a class session for your learners, or open one you created before.", "cq-muted")
        )
        self.home = classed(ipw.HBox([self.create_form.box, self.open_form.box]), "cq-columns")
        self.sessions = SessionList(store, keys, self.open_listed)
        self.holder = ipw.VBox([intro, self.sessions.box, self.home], layout=ipw.Layout(width="100%"))
        self._home_children = self.holder.children
        self.view = classed(
            ipw.VBox([stylesheet(), dashboard_stylesheet(), self.holder], layout=ipw.Layout(width="100%")),
            *ROOT_CLASSES,
        )
        wanted = session_from_query(query)
        if wanted is not None:
            problem = self.open(*wanted)
            if problem:
                self.open_form.message.value = problem

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def create(self, settings: ClassSettings) -> SessionView:
        """Store a new session with these settings and show it."""
        settings = settings.checked(self.bank)
        code, key = create_session(self.store, settings, self.keys)
        return self._show(code, key, settings)

    def open(self, code: str, key: str) -> str | None:
        """Show an existing session; returns what went wrong (fit to show), or None."""
        try:
            session = open_for_instructor(self.store, code, key)
        except RecordsError as exc:
            return str(exc)
        if session is None:
            return NO_MATCH
        self._show(session.code, key, ClassSettings.from_dict(session.settings))
        return None

    def open_listed(self, code: str, key: str | None) -> str | None:
        """Open a session from the list; without its key, put its code into the open form."""
        if key is None:
            self.open_form.code.value = code
            self.open_form.message.value = f"Type the instructor key of {code} to open it."
            return None
        problem = self.open(code, key)
        if problem:
            self.sessions.message.value = problem
        return problem

    def _show(self, code: str, key: str, settings: ClassSettings) -> SessionView:
        self.leave()
        view = SessionView(
            self.store,
            self.bank,
            code,
            key,
            settings,
            student_url=self.student_url,
            interval_s=self.interval_s,
            quiet_stop_s=self.quiet_stop_s,
            on_leave=self.leave,
        )
        self.session = view
        view.start()
        self.holder.children = (view.box,)
        return view

    def leave(self) -> None:
        """Stop the shown session's live updates and go back to the forms."""
        if self.session is not None:
            self.session.stop()
            self.session = None
        self.sessions.refresh()
        self.holder.children = self._home_children

    def stop(self) -> None:
        """Stop every background activity (for tests and kernel shutdown)."""
        if self.session is not None:
            self.session.stop()


def dashboard_from_environment(environ: Mapping[str, str] = os.environ) -> InstructorDashboard:
    """The dashboard as the instructor notebook builds it.

    CLINQUIZ_BANK: the bank folder; CLINQUIZ_DB: the records; CLINQUIZ_STUDENT_URL: the
    address students open; CLINQUIZ_DASHBOARD_INTERVAL_S: seconds between live checks;
    CLINQUIZ_DASHBOARD_QUIET_S: seconds without new answers before live checks pause;
    QUERY_STRING: the page address's query (Voila passes it), which may name a session.
    """
    from widgets.launch import bank_from_environment

    given = settings(environ)
    return InstructorDashboard(
        bank_from_environment(environ),
        records_opener(given.db_path)(),
        student_url=given.student_url,
        query=query_string(environ, wait=False),
        interval_s=_seconds(given.dashboard_interval_s, DEFAULT_INTERVAL_S, 0.5, 60.0),
        quiet_stop_s=_seconds(given.dashboard_quiet_s, DEFAULT_QUIET_STOP_S, 1.0, 24 * 3600.0),
        keys=SessionKeys.beside(given.db_path),
    )


def _seconds(given: float | None, default: float, low: float, high: float) -> float:
    return default if given is None else min(max(given, low), high)
