"""Telling the learner whether their last action reached the records.

The Attempt's Recorder (quizbank.records) writes each event before the action returns:

- it returned: saved ("✓ Saved at 14:03:27");
- StoreBusy: kept in the kernel and written first thing on the next action ("Not saved
  yet", with a Save now button);
- Conflict or WriteRefused: the records disagree with this page (another window, the
  time limit, a closed class session): the attempt is reloaded from the records
  (`on_reload`) and the learner told why.

Nothing here shows a traceback; unexpected errors are logged and reported in words.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Literal, TypeVar

import ipywidgets as ipw

from quizbank.records import Conflict, recorder
from quizbank.session import Attempt
from quizbank.store import AttemptClosed, ItemLocked, SessionClosed, StoreBusy, StoreError, TimeUp, WriteRefused
from widgets.guard import guarded
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")
T = TypeVar("T")
Outcome = Literal["saved", "pending", "reload", "unsaved"]

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
    """Runs the Attempt's actions and shows what reached the records; conflicts go to `on_reload`."""

    def __init__(
        self, attempt: Attempt, on_reload: Callable[[StoreError], None] | None = None, records_available: bool = True
    ) -> None:
        self.attempt = attempt
        self.on_reload = on_reload
        self.records_available = records_available
        self.status = SaveStatus(self.flush)
        self.reloaded = False  # True once a conflict handed the attempt back to the records

    @property
    def recording(self) -> bool:
        return recorder(self.attempt) is not None

    def run(self, action: Callable[[], T]) -> tuple[Outcome, T | None]:
        """Do `action` (an Attempt call); Refused passes through untouched (nothing changed)."""
        try:
            value = action()
        except StoreBusy:
            log.warning("records busy: the event stays pending")
            self.status.pending()
            return "pending", None
        except (Conflict, WriteRefused) as exc:
            log.info("the records refused a write (%s): reloading", exc)
            self.reloaded = True
            if self.on_reload is not None:
                self.on_reload(exc)
            return "reload", None
        except StoreError:
            log.exception("saving failed")
            self.status.failed()
            return "unsaved", None
        self._after()
        return "saved", value

    def _after(self) -> None:
        if self.recording:
            self.status.saved()
        elif not self.records_available:
            self.status.unavailable()

    @guarded()
    def flush(self) -> None:
        """Write what is pending (the Save now button, and every navigation)."""
        rec = recorder(self.attempt)
        if rec is None or not rec.pending:
            return
        self.run(rec.flush)

    def show_error(self) -> None:
        self.status.failed()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Saving({self.attempt.attempt_id!r}, {self.status.state})"


def describe(exc: StoreError) -> str:
    """What to tell the learner when the records refused a write and the attempt was reloaded."""
    if isinstance(exc, TimeUp):
        return "The time is up, so your quiz was submitted with the answers saved before the end."
    if isinstance(exc, SessionClosed):
        return "Your instructor has closed this class session, so your quiz was submitted with your saved answers."
    if isinstance(exc, AttemptClosed):
        return "This quiz was already submitted (perhaps in another window). Here are your results."
    if isinstance(exc, ItemLocked):
        return "That answer was already final (perhaps from another window). This page now shows what is saved."
    return "This quiz was changed in another window. This page now shows what is saved; please check your last answer."
