"""The refresher's home: the learner's plan, today's step, progress, and the sessions themselves.

Visit by visit: the pre-test first; then review sessions of the items due today (only
those, at most ten at a time); then the post-test with its pass mark and one retake;
on a pass, the statement of completion. Every screen is rebuilt from the store, so a
reload or a visit next week continues where the learner stopped.

The sessions reuse the quiz's own player (widgets.play.AttemptPlayer: the attempt screen,
saving as it goes, then the results page). What to offer, and whether a click may start a
session, is decided by quizbank.services.refresher against the stored state (the browser is
not trusted); this module words the screens for the refresher.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import ipywidgets as ipw

from quizbank import refresher as rules
from quizbank.clock import Now
from quizbank.loader import Bank
from quizbank.refresher import Sitting
from quizbank.services.refresher import AUDIENCE, OpenedSession, RefresherService
from widgets.guard import guarded
from widgets.html import tag
from widgets.learner import LearnerContext
from widgets.play import AttemptPlayer
from widgets.refresher.history import history_card, past_results_html, retitle_results, sitting_names
from widgets.refresher.progress import progress_widget
from widgets.refresher.statement import statement_view
from widgets.refresher.style import REFRESHER_CLASS, refresher_stylesheet
from widgets.refresher.words import (
    TITLES,
    day_words,
    due_line,
    gate_words,
    path_html,
    percent,
    questions,
    results_html,
    resume_words,
    session_words,
)
from widgets.resume import Opened, last_saved_at, resume_position
from widgets.start import topic_name
from widgets.style import ROOT_CLASS, classed, stylesheet
from widgets.tree import close_tree

log = logging.getLogger("clinquiz.widgets")

RESUMED = "Welcome back: your {what} carries on where you stopped, with your answers so far."


class RefresherHome:
    """The whole refresher in one widget tree (`view`) for one learner."""

    def __init__(
        self,
        bank: Bank,
        learner: LearnerContext,
        *,
        clock: Now | None = None,
        audience: str = AUDIENCE,
        mark: float | None = None,
        on_home: Callable[[], None] | None = None,
    ) -> None:
        self.bank = bank
        self.learner = learner
        self.service = RefresherService(
            bank, learner.learner_id, learner.display_name, learner.store, clock=clock, audience=audience, mark=mark
        )
        self.store = self.service.store
        self.clock = self.service.clock
        self.mark = self.service.mark
        drugs = sorted({item.tags.drug for item in bank.items.values() if item.tags.drug})
        self.title = (" and ".join(topic_name(d) for d in drugs) + " refresher") if drugs else "Refresher"
        self.on_home = on_home
        self.offered: str | None = None  # the session kind the plan on screen offers
        self.player: AttemptPlayer | None = None  # the session on screen
        self.kind: str | None = None
        self.leave: ipw.Button | None = None
        self.session_box: ipw.VBox | None = None
        self.past: tuple[str, Sitting] | None = None  # the earlier sitting on screen, read again
        self.status = classed(ipw.Label(""), "cq-status")
        self.plan_box = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.holder = ipw.VBox([self.plan_box], layout=ipw.Layout(width="100%"))
        self.view = classed(
            ipw.VBox([stylesheet(), refresher_stylesheet(), self.holder, self.status], layout=ipw.Layout(width="100%")),
            ROOT_CLASS,
            REFRESHER_CLASS,
        )
        self.show_plan()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    @property
    def test_length(self) -> int:
        """Questions in the pre-test and the post-test: one per objective."""
        return self.service.test_length

    def state(self) -> rules.RefresherState:
        return self.service.state()

    def show_error(self) -> None:
        self.status.value = (
            "Something went wrong with that action; your answers so far are saved. Please reload the page."
        )

    # -- the plan page -------------------------------------------------------------------

    @guarded()
    def show_plan(self, _button: Any = None) -> None:
        """Rebuild the plan from the store and show it."""
        now = self.clock()
        state = self.state()
        step, plan = self.service.next_step(state, now)
        self.offered = self.service.offer(state, now)
        parts: list[ipw.Widget] = [
            ipw.HTML(path_html(self.title, self.learner.display_name, self.test_length, self.mark, state, step, now))
        ]
        parts.append(self._today(state, step, plan, now))
        if state.pretest_done:
            parts.append(progress_widget(state.progress(self.bank.items, self.service.objective_texts(), now)))
        history = history_card(state.sittings, self.reopen)
        if history is not None:
            parts.append(history)
        parts.append(
            ipw.HTML(
                tag(
                    "p",
                    "Everything you answer is saved as you go. Stop whenever you need to: "
                    "next time you continue where you stopped.",
                    "cq-muted",
                )
            )
        )
        if self.on_home is not None:
            home = ipw.Button(
                description="← Home",
                tooltip="Back to the home screen",
                layout=ipw.Layout(width="auto", align_self="flex-start"),
            )
            home.on_click(self._home)
            parts.append(classed(ipw.HBox([home]), "cq-nav"))
        old, self.plan_box.children = self.plan_box.children, tuple(parts)
        for widget in old:
            close_tree(widget)
        self.status.value = ""
        self._replace(self.plan_box)

    @guarded()
    def _home(self, _button: Any = None) -> None:
        if self.on_home is not None and self.holder.children == (self.plan_box,):
            self.stop()
            self.on_home()

    def _card(self, html: str, *buttons: ipw.Button, now_: bool = True) -> ipw.VBox:
        box = ipw.VBox([ipw.HTML(html, layout=ipw.Layout(width="100%")), *buttons], layout=ipw.Layout(width="100%"))
        return classed(box, "cq-plan-card", "cq-now") if now_ else classed(box, "cq-plan-card")

    def _button(self, description: str, kind: str) -> ipw.Button:
        button = ipw.Button(
            description=description, button_style="primary", layout=ipw.Layout(width="auto", align_self="flex-start")
        )
        button.on_click(lambda _b, k=kind: self.start(k))
        return button

    def _today(self, state: rules.RefresherState, step: str, plan: rules.Plan, now: datetime) -> ipw.Widget:
        n = self.test_length
        minutes = rules.minutes_for(n, rules.SECONDS_PER_EXAM_ITEM)
        if step == "pretest":
            html = (
                tag("h2", f"Pre-test ({questions(n)}, about {minutes} minutes)")
                + tag(
                    "p",
                    "One question for each learning objective, to find what you already know. Nothing "
                    "is marked until you submit; then you see every answer, why, and its source.",
                )
                + tag("p", "The questions you miss come back in short review sessions on later days.")
            )
            return self._card(html, self._button(resume_words(state, "pretest") or "Start the pre-test", "pretest"))
        if step == "review":
            return self._review_card(state, now)
        if step == "posttest":
            return self._posttest_card(state, now)
        if step == "passed":
            return self._passed(state)
        best = plan.best_posttest or 0.0
        html = (
            tag("h2", "Post-test sittings used")
            + tag(
                "p",
                f"You have taken the post-test and its one retake (best score {percent(best)}; pass mark "
                f"{percent(self.mark)}). Please talk to your educator about what to do next.",
            )
            + due_line(state, now)
        )
        buttons = [self._button(session_words(state, now), "review")] if self.offered == "review" else []
        return self._card(html, *buttons)

    def _review_card(self, state: rules.RefresherState, now: datetime) -> ipw.Widget:
        due = state.due(now)
        if due or "review" in state.unfinished:
            session = len(state.review_items(now))
            html = tag("h2", f"{questions(len(due))} due for review today")
            html += tag(
                "p",
                f"A review session takes up to {rules.REVIEW_SESSION_SIZE} of them, only ones due today. "
                "Check each answer as you go: you get a second try, then the answer, why, and its source.",
            )
            if len(due) > session:
                html += tag("p", f"{questions(len(due) - session)} more can wait for another session or visit.")
            html += gate_words(state)
            return self._card(html, self._button(session_words(state, now), "review"))
        upcoming = state.next_due(now)
        html = tag("h2", "Nothing is due for review today")
        if upcoming is not None:
            day, count = upcoming
            html += tag(
                "p",
                f"Your next review: {questions(count)} on {day_words(day)}. Coming back on another "
                "day, rather than now, is what makes it stick.",
            )
        html += gate_words(state)
        return self._card(html)

    def _posttest_card(self, state: rules.RefresherState, now: datetime) -> ipw.Widget:
        n = self.test_length
        minutes = rules.minutes_for(n, rules.SECONDS_PER_EXAM_ITEM)
        posts = state.of_kind("posttest")
        retake = bool(posts)
        head = f"Post-test {'retake ' if retake else ''}({questions(n)}, about {minutes} minutes)"
        html = tag("h2", head)
        if retake:
            html += tag("p", f"Your first sitting scored {percent(posts[0].score)}. This is your one retake.")
        html += tag(
            "p",
            "An exam: nothing is marked until you submit; then you see every answer, why, and its "
            "source. Its questions are new ones where the bank has enough (not the pre-test's).",
        )
        html += tag(
            "p",
            f"Pass mark: {percent(self.mark)}. "
            + (
                "If you do not reach it this time, please talk to your educator."
                if retake
                else "If you do not reach it, the questions you missed come back for review first, "
                "then you have one retake (two sittings in all)."
            ),
        )
        html += due_line(state, now)
        words = resume_words(state, "posttest") or ("Start the retake" if retake else "Start the post-test")
        return self._card(html, self._button(words, "posttest"))

    def _passed(self, state: rules.RefresherState) -> ipw.Widget:
        passed = self.service.statement(state, course=f"clinquiz · {self.title}")
        assert passed is not None
        sitting, statement = passed
        html = tag("h2", "Refresher complete") + tag(
            "p",
            f"You passed the post-test with {percent(sitting.score)} (pass mark {percent(self.mark)}) "
            f"on {day_words(sitting.submitted)}. Your statement of completion:",
        )
        return ipw.VBox([self._card(html), statement_view(statement)], layout=ipw.Layout(width="100%"))

    # -- sessions -------------------------------------------------------------------------

    def _opened(self, session: OpenedSession) -> Opened:
        """The player's view of a session: a new attempt, or a stored one where the learner stopped."""
        record = session.resumed_from
        if record is None:
            return Opened(session.attempt)
        return Opened(session.attempt, resume_position(record), last_saved_at(record), "resumed")

    @guarded()
    def start(self, kind: str) -> None:
        """Start or resume a session, only if the stored state offers it now (a forged click does nothing)."""
        if self.holder.children != (self.plan_box,) or kind != self.offered:
            return
        session = self.service.open(kind)
        if session is None:  # not offered now: changed in another window meanwhile
            self.show_plan()
            return
        opened = self._opened(session)
        self.past = None
        self._play(opened, kind, RESUMED.format(what=TITLES[kind].lower()) if opened.how != "new" else "")

    @guarded()
    def reopen(self, attempt_id: str) -> None:
        """Read one of the learner's earlier sittings again (only from the plan, only their own)."""
        if self.holder.children != (self.plan_box,):
            return
        session = self.service.reopen(attempt_id)
        if session is None:  # not theirs, or not submitted: a forged click
            self.show_plan()
            return
        state = self.state()
        index = next(i for i, s in enumerate(state.sittings) if s.attempt_id == attempt_id)
        self.past = (sitting_names(state.sittings)[index], state.sittings[index])
        self._play(self._opened(session), session.kind, "")

    def _play(self, opened: Opened, kind: str, note: str) -> None:
        """Show `opened` in the quiz's player, with "Stop here" under it while it is under way."""
        player = AttemptPlayer(
            self.bank,
            replace(self.learner, store=self.store),
            opened,
            on_done=self._back,
            done_label="Back to my plan",
            note=note,
        )
        leave = ipw.Button(
            description="Stop here (answers saved)",
            tooltip="Back to your plan; carry on later",
            layout=ipw.Layout(width="auto", align_self="flex-start"),
        )
        leave.on_click(self._leave)
        self.player, self.kind, self.offered, self.leave = player, kind, None, leave
        self._dress(player)
        player.box.observe(lambda _change: self._dress(player), names="children")
        self.session_box = ipw.VBox([player.box, leave], layout=ipw.Layout(width="100%"))
        self._replace(self.session_box)

    def _replace(self, shown: ipw.Widget) -> None:
        """Show `shown` in place of what is on screen; a session left for good is closed."""
        old = self.holder.children
        self.holder.children = (shown,)
        for widget in old:
            if widget is not self.plan_box and widget is not shown:
                close_tree(widget)

    def _dress(self, player: AttemptPlayer) -> None:
        """Refresher words on the quiz's screens: the session's name, no quiz code, and on the results
        what happens next (the card reviews are saved first, so the plan is up to date)."""
        if player is not self.player or self.kind is None:
            return
        screen = player.screen
        if screen is not None and player.box.children == (screen.box,):
            screen.heading.value = tag("h2", TITLES[self.kind])
            screen.seed_label.layout.display = "none"  # the quiz code means nothing here
            return
        results = player.results
        if results is None or player.box.children != (results.box,) or not player.attempt.submitted:
            return
        if self.leave is not None:
            self.leave.layout.display = "none"
        if self.past is not None:
            retitle_results(results.box, past_results_html(*self.past, player.attempt))
            return
        state = self.state()  # saves the card reviews of this attempt
        sitting = self.service.sitting_of(state, player.attempt)
        outcome = self.service.posttest_outcome(state, sitting) if sitting is not None else None
        retitle_results(results.box, results_html(self.kind, player.attempt, sitting, outcome, self.mark))

    @guarded()
    def _leave(self, _button: Any = None) -> None:
        """Back to the plan mid-session: everything answered is already saved."""
        if self.player is None or self.holder.children != (self.session_box,):
            return
        self._close_session()

    def _close_session(self) -> None:
        if self.player is not None:
            self.player.stop()
        self.player, self.kind = None, None
        self.show_plan()

    def _back(self) -> None:
        """The results' "Back to my plan" (AttemptPlayer calls this only from a shown results page)."""
        if self.player is None or not self.player.attempt.submitted:
            return
        self._close_session()

    def stop(self) -> None:
        """The learner leaves the refresher (the app's navigation)."""
        if self.player is not None:
            self.player.stop()


def refresher_home(
    bank: Bank,
    learner: LearnerContext,
    *,
    clock: Now | None = None,
    audience: str = AUDIENCE,
    on_home: Callable[[], None] | None = None,
) -> ipw.Widget:
    """The refresher for `learner`: their plan, today's step, progress, sessions and statement.

    `clock` defaults to the real time (CLINQUIZ_FAKE_NOW in tests); `on_home`, when given,
    adds a button back to the app's home screen on the plan page.
    """
    return RefresherHome(bank, learner, clock=clock, audience=audience, on_home=on_home).view
