"""The clinical-case screen: the list of cases, the player, and the records behind them.

With a store in the learner context, every choice is saved as it is made (quizbank.services.cases)
and a page reload comes straight back to an unfinished case, restored from the store. In a
class session whose instructor chose a case, only that case is offered and its attempts
carry the session code; otherwise cases are self-paced.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import ipywidgets as ipw

from quizbank.case_session import CasePlay
from quizbank.services import cases
from quizbank.services.records_access import RecordsError
from widgets.case.picker import CasePicker
from widgets.case.player import CasePlayer, close_tree
from widgets.case.style import CASE_CLASS, case_stylesheet
from widgets.guard import guarded
from widgets.learner import LearnerContext
from widgets.style import ROOT_CLASS, classed, stylesheet

log = logging.getLogger("clinquiz.widgets")
Reveal = Literal["step", "end"]


class CaseHome:
    """Pick a case, play it, see the debrief; `view` is the widget to display."""

    def __init__(self, bank: Any, learner: LearnerContext) -> None:
        self.bank = bank
        self.learner = learner
        self.store = learner.store
        self.session_code, self.class_case, self.reveal = self._class_session()
        self.player: CasePlayer | None = None
        cases = [bank.cases[self.class_case]] if self.class_case else list(bank.cases.values())
        heading = "Your class case" if self.class_case else "Clinical cases"
        self.picker = CasePicker(cases, self._start_pressed, self._resume_pressed, heading)
        self.holder = ipw.VBox([self.picker.box], layout=ipw.Layout(width="100%"))
        self.view = classed(
            ipw.VBox([stylesheet(), case_stylesheet(), self.holder], layout=ipw.Layout(width="100%")),
            ROOT_CLASS,
            CASE_CLASS,
        )
        self._resume_from_store()

    # -- set-up ------------------------------------------------------------------------------

    def _class_session(self) -> tuple[str | None, str | None, Reveal]:
        """The class session's code, case and feedback when the learner joined a case session that is open."""
        try:
            found = cases.class_case(self.store, self.learner.session_code, self.bank.cases)
        except RecordsError:
            log.exception("reading the class session")
            found = cases.ClassCase()
        return found.session_code, found.case_id, found.reveal

    def _resume_from_store(self) -> None:
        """After a reload: go straight back into an unfinished case, as stored."""
        if self.store is None:
            return
        try:
            run = cases.restore_unfinished(
                self.store, self.learner.learner_id, self.session_code, self.bank.cases, self.bank.sources
            )
        except RecordsError:
            log.exception("looking for an unfinished case")
            self.picker.say("Your earlier cases could not be read just now; reload the page to try again.")
            return
        if run is None:
            return
        if isinstance(run, str):
            log.info("closed a case that cannot be resumed: %s", run)
            self.picker.say(f"The case has changed since you started it, so “{run}” starts afresh.")
            return
        done = len(run.play.choices)
        note = (
            f"Welcome back: your {done} earlier choice{'s are' if done != 1 else ' is'} kept; carry on from here."
            if done
            else "Welcome back: carry on from here."
        )
        self._show_player(run, note)

    # -- moving between screens ------------------------------------------------------------------

    def _show_player(self, run: cases.CaseRun, note: str = "") -> None:
        self.player = CasePlayer(run, on_leave=self._back_to_list, on_again=self._again, note=note)
        self.holder.children = (self.player.box,)

    def start(self, case_id: str) -> CasePlay:
        """Start `case_id` afresh (ending an unfinished case first) and show its first step."""
        run = cases.start(
            self.store,
            self.learner.learner_id,
            self.learner.display_name,
            self.bank.cases[case_id],
            self.bank.sources,
            reveal=self.reveal,
            session_code=self.session_code,
            cases=self.bank.cases,
        )
        if self.player is not None:
            self.player.close()
        self._show_player(run)
        return run.play

    def show_error(self) -> None:
        self.picker.say("Something went wrong; please reload the page.")

    @guarded()
    def _start_pressed(self, case_id: str) -> None:
        """Start only from the list on screen (a forged click on a hidden Start button does nothing)."""
        if self.holder.children != (self.picker.box,) or case_id not in self.bank.cases:
            return
        if self.class_case and case_id != self.class_case:
            return
        try:
            self.start(case_id)
        except RecordsError as exc:
            log.info("could not start a case: %s", exc)
            self.picker.say("The case could not be started: the records are busy. Please try again.")

    @guarded()
    def _resume_pressed(self) -> None:
        if self.holder.children != (self.picker.box,) or self.player is None or self.player.play.finished:
            return
        self.holder.children = (self.player.box,)

    def _back_to_list(self) -> None:
        if self.player is None or self.holder.children != (self.player.box,):
            return
        play = self.player.play
        if play.finished:
            self.player.close()
            self.player = None
            self.picker.offer_resume(None)
        else:
            self.picker.offer_resume(play.case.title, self.player.progress_words())
        self.picker.say("")
        self.holder.children = (self.picker.box,)

    def _again(self) -> None:
        if self.player is None or self.holder.children != (self.player.box,) or not self.player.play.finished:
            return
        try:
            self.start(self.player.play.case.id)
        except RecordsError as exc:
            log.info("could not restart a case: %s", exc)
            self.player.status.value = "The case could not be started again: the records are busy. Please try again."


def case_home(bank: Any, learner: LearnerContext) -> ipw.Widget:
    """The clinical-case screen for `learner`: pick a case, play it, read the debrief."""
    return CaseHome(bank, learner).view


__all__ = ["CaseHome", "case_home", "close_tree"]
