"""Taking a quiz: one item at a time, progress, previous/next, flag, check (practice), submit.

Every handler re-checks the Attempt's state itself and goes through the quiz's play
(quizbank.services.quizzes), whose Attempt refuses what is not allowed, with a code the
screen words: a click on a disabled button or a changed answer after an
item is final or the attempt submitted changes nothing, and the controls are put back
to the recorded answer. Feedback widgets are created only after a check (practice) and
the key only once the Attempt hands out a final Feedback.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as ipw

from quizbank.outcomes import Refusal, RefusalCode
from quizbank.review_policy import Shown
from quizbank.services.quizzes import QuizPlay, submit_summary
from quizbank.session import Attempt, ItemState
from widgets.countdown import Countdown
from widgets.feedback import FULL, practice_panel
from widgets.guard import guarded
from widgets.html import tag
from widgets.items import ItemWidget, item_widget
from widgets.saved import Saving
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")

FRIENDLY = {
    RefusalCode.NO_ANSWER: "Choose an answer first.",
    RefusalCode.SUBMITTED: "This quiz has been submitted.",
    RefusalCode.ITEM_LOCKED: "This item is already answered.",
    RefusalCode.TIME_UP: "The time is up: your answers so far are kept.",
}
NOT_SAVED = "That change was not saved."
FLAG_OFF = "⚐ Flag for review"
FLAG_ON = "⚑ Flagged: tap to unflag"
TIME_UP = "The time is up, so your quiz was submitted with your answers."
F = TypeVar("F", bound=Callable[..., Any])


def locked(handler: F) -> F:
    """Run a handler under the screen's lock: clicks and the countdown thread never interleave."""

    @functools.wraps(handler)
    def run(self: AttemptScreen, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return handler(self, *args, **kwargs)

    return run  # type: ignore[return-value]


def friendly(refusal: Refusal) -> str:
    """A short sentence for the learner about why an action was refused."""
    return FRIENDLY.get(refusal.code, NOT_SAVED)


class ItemPage:
    """One item's page: its widget, and in practice mode a Check button and a feedback holder."""

    def __init__(self, widget: ItemWidget, practice: bool) -> None:
        self.widget = widget
        self.check: ipw.Button | None = None
        self.feedback: ipw.VBox | None = None
        children: list[ipw.Widget] = [widget.box]
        if practice:  # exam pages have no check button and no place for feedback at all
            self.check = ipw.Button(
                description="Check answer",
                button_style="primary",
                layout=ipw.Layout(width="auto", align_self="flex-start"),
            )
            self.feedback = ipw.VBox([], layout=ipw.Layout(width="100%"))
            children += [self.check, self.feedback]
        self.box = ipw.VBox(children, layout=ipw.Layout(width="100%"))


class AttemptScreen:
    """The screen of a running attempt; calls `on_submitted(note)` once the attempt is submitted.

    `attempt` is the quiz's play (or a bare Attempt: nothing is saved, as in tests of the
    screen alone); `saving` shows whether each action reached the records. `allow_check` (default: practice
    mode) gives each item a Check button; without it nothing is checked before submission.
    A timed attempt shows a countdown and is submitted by the kernel at its deadline.
    `code_label` replaces the "Quiz code: <seed>" line (a class session shows its join code).
    """

    def __init__(
        self,
        attempt: QuizPlay | Attempt,
        on_submitted: Callable[[str], None],
        *,
        position: int = 0,
        allow_check: bool | None = None,
        saving: Saving | None = None,
        note: str = "",
        code_label: str | None = None,
        shown: Shown = FULL,
    ) -> None:
        self.shown = shown  # what a check may show (the review options while answering)
        self.saving = saving or Saving(attempt)
        self.play = self.saving.play
        self.attempt = attempt = self.play.attempt
        self.on_submitted = on_submitted
        self.practice = attempt.settings.mode == "practice" if allow_check is None else allow_check
        self.lock = threading.RLock()
        self.position = 0
        self.pages: dict[str, ItemPage] = {}
        self._quiet = False
        self.confirming = False  # the submit question is on show (kept here: the page can rewrite the tree)
        count = len(attempt.items)
        mode = "Practice" if attempt.settings.mode == "practice" else "Exam"
        self.heading = ipw.HTML(tag("h2", f"{mode} quiz"))
        self.seed_label = classed(ipw.Label(code_label or f"Quiz code: {attempt.seed}"), "cq-muted", "cq-seed")
        self.note = classed(ipw.HTML(tag("p", note) if note else ""), "cq-banner-holder")
        self.countdown = Countdown(attempt, self.time_up)
        self.where = ipw.Label("")
        self.bar = ipw.IntProgress(value=1, min=0, max=count, layout=ipw.Layout(width="100%"))
        self.tally = classed(ipw.Label(""), "cq-muted")
        self.page_holder = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.status = classed(ipw.Label(""), "cq-status")
        self.previous = ipw.Button(description="← Previous")
        self.next = ipw.Button(description="Next →")
        self.flag = ipw.ToggleButton(value=False, description=FLAG_OFF, tooltip="Mark this item to come back to")
        self.submit = ipw.Button(description="Submit…", tooltip="Finish and see your results")
        self.previous.on_click(lambda _b: self.go(self.position - 1))
        self.next.on_click(lambda _b: self.go(self.position + 1))
        self.flag.observe(self._flagged, names="value")
        self.submit.on_click(self._ask_submit)
        nav = classed(
            ipw.VBox(
                [
                    ipw.HBox(
                        [self.previous, self.flag, self.next], layout=ipw.Layout(flex_flow="row wrap", width="100%")
                    ),
                    ipw.HBox([self.submit], layout=ipw.Layout(flex_flow="row wrap", width="100%")),
                ]
            ),
            "cq-nav",
        )
        self.item_view = ipw.VBox(
            [self.where, self.bar, self.tally, self.page_holder, self.saving.status.box, self.status, nav],
            layout=ipw.Layout(width="100%"),
        )
        self.confirm_text = ipw.HTML("")
        self.confirm_yes = ipw.Button(description="Yes, submit", button_style="primary")
        self.confirm_no = ipw.Button(description="Keep working")
        self.confirm_yes.on_click(self._submit)
        self.confirm_no.on_click(self._cancel_submit)
        self.confirm_goto = ipw.HBox([], layout=ipw.Layout(flex_flow="row wrap", width="100%"))
        self.confirm_view = ipw.VBox(
            [
                self.confirm_text,
                self.confirm_goto,
                ipw.HBox([self.confirm_yes, self.confirm_no], layout=ipw.Layout(flex_flow="row wrap")),
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.main = ipw.VBox([self.item_view], layout=ipw.Layout(width="100%"))
        self.box = ipw.VBox(
            [self.heading, self.seed_label, self.countdown.label, self.note, self.main], layout=ipw.Layout(width="100%")
        )
        self.go(position)
        self.countdown.start()

    # -- helpers --------------------------------------------------------------------------

    @property
    def item_id(self) -> str:
        return self.attempt.items[self.position].id

    def state(self, item_id: str) -> ItemState:
        return self.attempt.states[item_id]

    def page(self, item_id: str) -> ItemPage:
        """The item's page, built on first visit from the Attempt's record."""
        if item_id not in self.pages:
            item = self.attempt.item(item_id)
            widget = item_widget(
                item, self.attempt.option_orders[item_id], functools.partial(self.attempt.choice_order, item_id)
            )
            page = ItemPage(widget, self.practice)
            widget.on_change = functools.partial(self._answered, item_id)
            if page.check is not None:
                page.check.on_click(lambda _b, i=item_id: self._check(i))
            state = self.state(item_id)
            widget.show(state.response)
            self.pages[item_id] = page
            self._settle(item_id)
        return self.pages[item_id]

    def _settle(self, item_id: str) -> None:
        """Lock a final item's controls and show the feedback the Attempt allows."""
        page, state = self.pages[item_id], self.state(item_id)
        if state.locked or self.attempt.submitted:
            page.widget.lock()
            if page.check is not None:
                page.check.disabled = True
                page.check.description = "Answered"
        if page.feedback is not None and state.tries and not page.feedback.children:
            feedback = self.attempt.feedback(item_id)
            if feedback is not None:
                page.feedback.children = (
                    practice_panel(self.attempt.item(item_id), feedback, self.attempt.settings, self.shown),
                )

    def _refresh_nav(self) -> None:
        count = len(self.attempt.items)
        self.where.value = f"Item {self.position + 1} of {count}"
        self.bar.value = self.position + 1
        flagged = sum(1 for s in self.attempt.states.values() if s.flagged)
        self.tally.value = f"Answered {self.attempt.answered} of {count} · Flagged {flagged}"
        self.previous.disabled = self.position == 0
        self.next.disabled = self.position == count - 1
        self.submit.button_style = "primary" if self.position == count - 1 else ""
        self._show_flag(self.state(self.item_id).flagged)

    def _show_flag(self, on: bool) -> None:
        """Set the flag button quietly; its words say the state (not only its colour)."""
        self._quiet = True
        try:
            self.flag.value = on
            self.flag.description = FLAG_ON if on else FLAG_OFF
        finally:
            self._quiet = False

    def show_error(self) -> None:
        self.status.value = "Something went wrong with that action; your answers so far are kept."

    def stop(self) -> None:
        """Stop the countdown (the screen is being left or replaced)."""
        self.countdown.stop()

    # -- handlers (each one re-checks the state; the browser is not trusted) -----------------

    @guarded()
    @locked
    def go(self, position: int) -> None:
        """Show the item at `position` (0-based); out-of-range requests are ignored."""
        if self.attempt.submitted or not 0 <= position < len(self.attempt.items):
            return
        self.saving.flush()  # anything kept back by a busy database goes first
        if self.saving.reloaded:
            return  # the flush found the records had moved on: the attempt was reloaded
        self.position = position
        item_id = self.item_id
        page = self.page(item_id)
        self.status.value = ""
        self.page_holder.children = (page.box,)
        self.main.children = (self.item_view,)
        self.confirming = False
        self._refresh_nav()

    @locked
    def _answered(self, item_id: str, response: Any) -> None:
        """A control changed: record it through the Attempt or put the control back."""
        page, state = self.pages[item_id], self.state(item_id)
        if self.attempt.submitted or state.locked:
            log.info("answer to %s refused: this item is already answered", item_id)
            page.widget.show(state.response)
            return
        try:
            done = self.play.answer(item_id, response)
            outcome = self.saving.shown(done)
        except Exception:  # noqa: BLE001 - never a traceback to the browser
            log.exception("error recording an answer")
            page.widget.show(state.response)
            self.show_error()
            return
        if done.refusal is not None:
            log.info("answer to %s refused: %s", item_id, done.refusal.message)
            page.widget.show(state.response)
            if not (self.attempt.submitted or state.locked):
                page.widget.say(friendly(done.refusal))
        elif outcome != "reload":
            self._refresh_nav()

    @guarded()
    @locked
    def _check(self, item_id: str) -> None:
        """Practice: check the current answer and show what the Attempt allows."""
        page, state = self.pages[item_id], self.state(item_id)
        if page.feedback is None or self.attempt.submitted or state.locked:
            return  # not practice, or a disabled button was clicked: nothing to do
        if state.response is None:
            page.widget.say("Choose an answer first.")
            return
        done = self.play.check(item_id)
        if done.refusal is not None:
            self.status.value = friendly(done.refusal)
            return
        if self.saving.shown(done) == "reload":
            return
        feedback = done.value or self.attempt.feedback(item_id)
        if feedback is not None:
            page.feedback.children = (
                practice_panel(self.attempt.item(item_id), feedback, self.attempt.settings, self.shown),
            )
        self._settle(item_id)
        self._refresh_nav()

    @guarded()
    @locked
    def _flagged(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        item_id = self.item_id
        outcome = self.saving.shown(self.play.flag(item_id, bool(change["new"])))
        if outcome == "refused":
            self._show_flag(self.state(item_id).flagged)
            return
        if outcome != "reload":
            self._refresh_nav()

    @guarded()
    @locked
    def _ask_submit(self, _button: Any = None) -> None:
        if self.attempt.submitted:
            return
        summary = submit_summary(self.attempt)
        lines = [
            tag("h2", "Submit your answers?"),
            tag("p", f"You have answered {summary.answered} of {summary.count} items."),
        ]
        if summary.unanswered:
            lines.append(tag("p", "Not answered: item " + ", ".join(map(str, summary.unanswered)) + "."))
        if summary.flagged:
            lines.append(tag("p", "Flagged for review: item " + ", ".join(map(str, summary.flagged)) + "."))
        if self.practice and summary.unchecked:
            lines.append(
                tag(
                    "p",
                    "Not checked yet: item "
                    + ", ".join(map(str, summary.unchecked))
                    + ". They are scored as they stand when you submit.",
                )
            )
        if self.practice and summary.tries_left:
            lines.append(
                tag(
                    "p",
                    "Checked, not right yet, with tries left: item "
                    + ", ".join(map(str, summary.tries_left))
                    + ". They are scored as they stand when you submit.",
                )
            )
        lines.append(tag("p", "After you submit you cannot change your answers."))
        self.confirm_text.value = "".join(lines)
        goto = []
        for number in summary.to_revisit:
            button = ipw.Button(description=f"Go to item {number}")
            button.on_click(lambda _b, p=number - 1: self.go(p))
            goto.append(button)
        old_buttons, self.confirm_goto.children = self.confirm_goto.children, tuple(goto)
        for old in old_buttons:
            old.close()
        self.main.children = (self.confirm_view,)
        self.confirming = True

    @guarded()
    @locked
    def _cancel_submit(self, _button: Any = None) -> None:
        if self.attempt.submitted:
            return
        self.go(self.position)

    @guarded(lambda self, exc: None)
    @locked
    def _submit(self, _button: Any = None) -> None:
        if self.attempt.submitted or not self.confirming:
            return  # already submitted, or "Yes, submit" was never offered
        self._finish("")

    @guarded(lambda self, exc: None)
    @locked
    def time_up(self) -> None:
        """The deadline has come (the countdown thread calls this): submit what is there."""
        if self.attempt.submitted:
            return
        self._finish(TIME_UP)

    def _finish(self, note: str) -> None:
        self.countdown.stop()
        if self.saving.shown(self.play.submit()) in ("reload", "refused"):
            return
        for item_id in self.pages:
            self._settle(item_id)
        for button in (self.previous, self.next, self.submit, self.confirm_yes, self.confirm_no, self.flag):
            button.disabled = True
        self.on_submitted(note)
