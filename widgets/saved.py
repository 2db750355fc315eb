"""Telling the learner whether their last action reached the records.

The quiz's outbox (quizbank.services.outbox) writes each event before the action returns,
and its SaveReport says what happened:

- saved ("✓ Saved at 14:03:27");
- pending: kept in the kernel and written first thing on the next action ("Not saved
  yet", with a Save now button);
- refused: the records disagree with this page (another window, the time limit, a closed
  class session): the attempt is reloaded from the records (`on_reload`) and the learner
  told why, in words chosen by the refusal's code.

Nothing here shows a traceback; unexpected errors are logged and reported in words.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Literal

import ipywidgets as ipw

from quizbank.services.outbox import RecordsRefusal, SaveReport
from quizbank.services.quizzes import Done, QuizPlay
from quizbank.session import Attempt
from widgets.guard import guarded
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")
Outcome = Literal["saved", "pending", "reload", "unsaved", "refused"]

SAVED = "✓ Saved at {time}"
NOT_SAVED = "Not saved yet — check your connection; your answer will be saved with your next action."
NO_RECORDS = "Not saved: this page cannot reach the records. Your answers last only while the page is open."
FAILED = "Not saved: something went wrong while saving. Please reload the page; what was saved before is kept."


def clock_time(at: float) -> str:
    """'14:03:27' in the server's local time."""
    return time.strftime("%H:%M:%S", time.localtime(at))


class SaveStatus:
    """One line under the question: saved (with the time), or not yet (with a Save now button)."""

    def __init__(self, on_retry: Callable[[], None]) -> None:
        self.label = classed(ipw.Label(""), "cq-saved")
        self.retry = ipw.Button(
            description="Save now",
            tooltip="Try to save your answers again",
            layout=ipw.Layout(display="none", width="auto"),
        )
        self.retry.on_click(lambda _b: on_retry())
        self.box = classed(
            ipw.HBox([self.label, self.retry], layout=ipw.Layout(flex_flow="row wrap", width="100%")), "cq-saved-line"
        )
        self.state = "none"

    def _show(self, text: str, state: str, retry: bool = False) -> None:
        for old in ("cq-saved-ok", "cq-saved-warn"):
            self.label.remove_class(old)
        if state == "saved":
            self.label.add_class("cq-saved-ok")
        elif state != "none":
            self.label.add_class("cq-saved-warn")
        self.label.value = text
        self.retry.layout.display = "" if retry else "none"
        self.state = state

    def saved(self, at: float | None = None) -> None:
        self._show(SAVED.format(time=clock_time(at if at is not None else time.time())), "saved")

    def pending(self) -> None:
        self._show(NOT_SAVED, "pending", retry=True)

    def unavailable(self) -> None:
        self._show(NO_RECORDS, "unsaved")

    def failed(self) -> None:
        self._show(FAILED, "unsaved")

    def clear(self) -> None:
        self._show("", "none")


class Saving:
    """Shows what an action of the quiz's play did to the records; refusals by the records go to `on_reload`."""

    def __init__(
        self,
        play: QuizPlay | Attempt,
        on_reload: Callable[[SaveReport], None] | None = None,
        records_available: bool = True,
    ) -> None:
        self.play = play if isinstance(play, QuizPlay) else QuizPlay(play)
        self.on_reload = on_reload
        self.records_available = records_available
        self.status = SaveStatus(self.flush)
        self.reloaded = False  # True once a refusal handed the attempt back to the records

    @property
    def attempt(self) -> Attempt:
        return self.play.attempt

    @property
    def recording(self) -> bool:
        return self.play.outbox is not None

    def shown(self, done: Done[Any]) -> Outcome:
        """Show what `done` did: "refused" by the attempt (nothing changed, nothing shown), else its save."""
        if done.refusal is not None:
            return "refused"
        return self._report(done.saved)

    def _report(self, report: SaveReport | None) -> Outcome:
        if report is None:
            if not self.records_available:
                self.status.unavailable()
            return "saved"
        if report.status == "pending":
            log.warning("records busy: the event stays pending")
            self.status.pending()
            return "pending"
        if report.status == "refused":
            log.info("the records refused a write (%s): reloading", report.detail)
            self.reloaded = True
            if self.on_reload is not None:
                self.on_reload(report)
            return "reload"
        if report.status == "failed":
            self.status.failed()
            return "unsaved"
        self.status.saved(report.at)
        return "saved"

    @guarded()
    def flush(self) -> None:
        """Write what is pending (the Save now button, and every navigation)."""
        if self.play.pending:
            self._report(self.play.flush())

    def show_error(self) -> None:
        self.status.failed()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Saving({self.attempt.attempt_id!r}, {self.status.state})"


REFUSED_WORDS = {
    RecordsRefusal.TIME_UP: "The time is up, so your quiz was submitted with the answers saved before the end.",
    RecordsRefusal.SESSION_CLOSED: (
        "Your instructor has closed this class session, so your quiz was submitted with your saved answers."
    ),
    RecordsRefusal.ATTEMPT_CLOSED: "This quiz was already submitted (perhaps in another window). Here are your results.",
    RecordsRefusal.ITEM_LOCKED: (
        "That answer was already final (perhaps from another window). This page now shows what is saved."
    ),
}
OTHER_WINDOW = (
    "This quiz was changed in another window. This page now shows what is saved; please check your last answer."
)


def describe(report: SaveReport) -> str:
    """What to tell the learner when the records refused a write and the attempt was reloaded."""
    return REFUSED_WORDS.get(report.code, OTHER_WINDOW) if report.code is not None else OTHER_WINDOW
