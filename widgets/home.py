"""The home screen after the learner is known: quiz, clinical case, refresher, or join a class.

What is in progress comes first (a quiz to continue, a class quiz to go back to), read
from the records, since a reload starts from nothing. The case player and the refresher
are separate packages (widgets.case, widgets.refresher) opened only when chosen; while a
package is not installed its button says "coming soon" and does nothing.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import ipywidgets as ipw

from quizbank.services.classes import ClassSession, join_code, joining
from quizbank.services.quizzes import answered_count, quiz_attempts
from quizbank.services.records_access import RecordsBusy, RecordsError
from widgets.guard import guarded
from widgets.html import tag
from widgets.keys import on_enter
from widgets.learner import LearnerContext
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")
CASE_MODULE, REFRESHER_MODULE = "widgets.case", "widgets.refresher"
BAD_CODE = "A join code has 6 letters and digits, like K7Q-4MP. Please check the code and try again."
NO_RECORDS_TO_JOIN = "Joining a class needs the records, which this page cannot reach. Please reload the page."
BUSY = "The records are busy just now. Please press Join class again."


@dataclass(frozen=True)
class HomeActions:
    """Where each choice leads (the app's navigation)."""

    quiz: Callable[[], object]
    resume: Callable[[str], None]  # a stored quiz attempt, by id
    join: Callable[[ClassSession], None]
    case: Callable[[], None]
    refresher: Callable[[], None]
    change_learner: Callable[[], None] | None  # None: the learner comes from the server (JupyterHub)


def installed(module: str) -> bool:
    """True when the optional package exists (found without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def when(at: float) -> str:
    """'Tue 12 Mar, 14:02'."""
    return datetime.fromtimestamp(at).strftime("%a %d %b, %H:%M")


def _choice(button: ipw.Button, text: str) -> ipw.HBox:
    button.layout = ipw.Layout(width="15em", min_width="12em")
    return classed(
        ipw.HBox(
            [button, classed(ipw.HTML(tag("p", text, "cq-muted")), "cq-choice-text")],
            layout=ipw.Layout(flex_flow="row wrap", align_items="center", width="100%"),
        ),
        "cq-choice",
    )


class HomeScreen:
    """The learner's choices; `say` shows a message under them."""

    def __init__(self, learner: LearnerContext, actions: HomeActions, records_problem: str = "") -> None:
        self.learner = learner
        self.actions = actions
        self.open_quiz_id: str | None = None
        self.last_result_id: str | None = None
        self.class_code: str | None = None
        self._progress_text = self._last_text = ""
        greeting = ipw.HTML(tag("h1", f"Hello, {learner.display_name}") + tag("p", "What would you like to do?"))
        parts: list[ipw.Widget] = [greeting]
        if records_problem:
            parts.append(classed(ipw.HTML(tag("p", records_problem)), "cq-banner-holder"))
        found = self._in_progress()
        parts.extend(found)
        self.quiz_button = ipw.Button(description="Quiz", button_style="primary")
        quiz_text = "Questions from the source texts: practise with feedback, or take an exam."
        if self.open_quiz_id is not None:
            self.quiz_button.description = "Continue your quiz"
            quiz_text = self._progress_text
        self.quiz_button.on_click(self._quiz)
        self.case_button = self._optional_button("Clinical case", CASE_MODULE, self._case)
        self.refresher_button = self._optional_button("Self-paced refresher", REFRESHER_MODULE, self._refresher)
        parts += [
            _choice(self.quiz_button, quiz_text),
            _choice(self.case_button, "Follow a patient's case step by step and decide what to do."),
            _choice(
                self.refresher_button,
                "Short visits over weeks: a pre-test, review of what you missed, then a post-test.",
            ),
        ]
        if self.last_result_id is not None:
            self.results_button = ipw.Button(description="See your last results")
            self.results_button.on_click(self._results)
            parts.append(_choice(self.results_button, self._last_text))
        self.code = classed(ipw.Text(value="", placeholder="e.g. K7Q-4MP", description="Join code"), "cq-field")
        self.code.style.description_width = "initial"
        self.code.layout.width = "100%"
        self.join_button = ipw.Button(description="Join class")
        self.join_button.on_click(self._join)
        on_enter(self.code, self._join)
        self.message = classed(ipw.Label(""), "cq-status")
        parts += [
            ipw.HTML(tag("h2", "Join a class") + tag("p", "Type the code your instructor shows.", "cq-muted")),
            self.code,
            self.join_button,
            self.message,
        ]
        if actions.change_learner is not None:
            self.change_button = ipw.Button(description="Change id", tooltip="Not you? Type another id")
            self.change_button.on_click(lambda _b: actions.change_learner())  # type: ignore[misc]
            parts.append(
                classed(
                    ipw.HBox(
                        [ipw.HTML(tag("p", f"Not {learner.display_name}?", "cq-muted")), self.change_button],
                        layout=ipw.Layout(flex_flow="row wrap", align_items="center"),
                    ),
                    "cq-nav",
                )
            )
        self.box = classed(ipw.VBox(parts, layout=ipw.Layout(width="100%")), "cq-home")

    def _in_progress(self) -> list[ipw.Widget]:
        """What the records say is under way: an open quiz, an open class quiz, the last results."""
        store = self.learner.store
        if store is None:
            return []
        found: list[ipw.Widget] = []
        try:
            attempts = quiz_attempts(store, self.learner.learner_id)
            own = [a for a in attempts if a.session_code is None]
            open_own = next((a for a in own if a.submitted_at is None), None)
            if open_own is not None:
                answered, count, position = answered_count(store, self.learner.learner_id, open_own.attempt_id)
                self.open_quiz_id = open_own.attempt_id
                self._progress_text = (
                    f"You have a quiz in progress, started {when(open_own.started_at)}: "
                    f"{answered} of {count} answered, next item {position + 1}."
                )
            done = next((a for a in own if a.submitted_at is not None), None)
            if done is not None:
                self.last_result_id = done.attempt_id
                self._last_text = f"Your last quiz, handed in {when(done.submitted_at or done.started_at)}."
            in_class = next((a for a in attempts if a.session_code is not None and a.submitted_at is None), None)
            if in_class is not None:
                self.class_code = in_class.session_code
                self.class_button = ipw.Button(
                    description=f"Continue class {in_class.session_code}", button_style="primary"
                )
                self.class_button.on_click(self._continue_class)
                found.append(_choice(self.class_button, "Your class quiz is in progress; your answers are saved."))
        except RecordsError:
            log.exception("reading the learner's attempts failed")
        return found

    def _optional_button(self, title: str, module: str, action: Callable[[], None]) -> ipw.Button:
        if installed(module):
            button = ipw.Button(description=title)
            button.on_click(lambda _b: action())
            return button
        return ipw.Button(
            description=f"{title} (coming soon)", disabled=True, tooltip="Not available on this server yet"
        )

    def say(self, text: str) -> None:
        """A message under the join box (plain text)."""
        self.message.value = text

    def show_error(self) -> None:
        self.say("Something went wrong. Please try again, or reload the page.")

    @guarded()
    def _quiz(self, _button: object = None) -> None:
        if self.open_quiz_id is not None:
            self.actions.resume(self.open_quiz_id)
        else:
            self.actions.quiz()

    @guarded()
    def _results(self, _button: object = None) -> None:
        if self.last_result_id is not None:
            self.actions.resume(self.last_result_id)

    @guarded()
    def _case(self) -> None:
        if installed(CASE_MODULE):
            self.actions.case()

    @guarded()
    def _refresher(self) -> None:
        if installed(REFRESHER_MODULE):
            self.actions.refresher()

    @guarded()
    def _continue_class(self, _button: object = None) -> None:
        if self.class_code is not None:
            self._open_session(self.class_code)

    @guarded()
    def _join(self, _button: object = None) -> None:
        code = join_code(self.code.value)
        if code is None:
            self.say(BAD_CODE)
            return
        self._open_session(code)

    def _open_session(self, code: str) -> None:
        store = self.learner.store
        if store is None:
            self.say(NO_RECORDS_TO_JOIN)
            return
        try:
            found = joining(store, self.learner.learner_id, code)
        except RecordsBusy:
            self.say(BUSY)
            return
        if found.problem == "no_such_session":
            self.say(f"No class session has the code {code}. Please check the code your instructor shows.")
            return
        if found.problem == "ended" or found.session is None:
            self.say(f"The class session {code} has ended. Ask your instructor for the current code.")
            return
        self.say("")
        self.actions.join(found.session)
