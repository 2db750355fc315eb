"""The refresher as the UI calls it: one learner's plan, what to offer now, their sessions and statement.

Visit by visit: the pre-test first; then review sessions of the items due today (only
those, at most ten at a time); then the post-test with its pass mark and one retake; on a
pass, the statement of completion. Everything is rebuilt from the store, so a reload or a visit
next week continues where the learner stopped, and every click the page passes on is
checked here against the stored state (the browser is not trusted).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from quizbank import records
from quizbank.clock import Now, clock_from_environment, epoch
from quizbank.config import settings
from quizbank.loader import Bank
from quizbank.models import Item
from quizbank.refresher import (
    MAX_POSTTESTS,
    Plan,
    RefresherState,
    Sitting,
    draw_posttest,
    draw_pretest,
    objectives_with_items,
    pass_mark,
    statement_html,
)
from quizbank.refresher_records import load_state, open_session
from quizbank.session import Attempt
from quizbank.store import AttemptRecord, Store

__all__ = ["AUDIENCE", "OpenedSession", "PosttestOutcome", "RefresherService", "Store", "open_records"]

AUDIENCE = "pharmacy"
PosttestOutcome = Literal["passed", "closed", "retake"]


def open_records() -> Store:
    """The records database of this process's settings (CLINQUIZ_DB, see quizbank.config)."""
    return Store(settings().db_path)


@dataclass(frozen=True)
class OpenedSession:
    """A session ready to show: its attempt and, when it resumes one, the stored attempt it came from."""

    kind: str
    attempt: Attempt
    resumed_from: AttemptRecord | None = None


class RefresherService:
    """One learner's refresher over `store` (an in-memory store when None): the rules the page shows."""

    def __init__(
        self,
        bank: Bank,
        learner_id: str,
        display_name: str,
        store: Store | None = None,
        *,
        clock: Now | None = None,
        audience: str = AUDIENCE,
        mark: float | None = None,
    ) -> None:
        self.bank = bank
        self.learner_id = learner_id
        self.display_name = display_name
        self.store: Store = store if store is not None else Store(":memory:")
        self.store.ensure_learner(learner_id, display_name)
        self.clock: Now = clock or clock_from_environment()
        self.mark = pass_mark() if mark is None else mark
        self.audience = audience
        self.pool: list[Item] = bank.select(audience=audience)
        self.objectives = objectives_with_items(self.pool, list(bank.objectives))

    @property
    def test_length(self) -> int:
        """Questions in the pre-test and the post-test: one per objective."""
        return len(self.objectives)

    def objective_texts(self) -> dict[str, str]:
        """The tested objectives, id -> text, in the bank's order."""
        return {o: self.bank.objectives[o].text for o in self.objectives}

    def state(self) -> RefresherState:
        """The learner's state from the store (card reviews still owed are saved first)."""
        return load_state(self.store, self.learner_id, self.bank)

    # -- what to offer ------------------------------------------------------------------

    def next_step(self, state: RefresherState, now: datetime) -> tuple[str, Plan]:
        """The step to offer: an unfinished test or session first, else the plan's stage."""
        plan = state.plan(now, self.mark)
        if "pretest" in state.unfinished:
            return "pretest", plan
        if plan.stage in ("passed", "closed"):
            return plan.stage, plan
        if "posttest" in state.unfinished:
            return "posttest", plan
        if "review" in state.unfinished:
            return "review", plan
        return {"retake-review": "review"}.get(plan.stage, plan.stage), plan

    def offer(self, state: RefresherState, now: datetime) -> str | None:
        """The session kind the learner may start or resume now, if any."""
        step, _plan = self.next_step(state, now)
        if step in state.unfinished:
            return step
        if step == "pretest" or step == "posttest":
            return step
        if step in ("review", "closed") and state.review_items(now):
            return "review"
        return None

    # -- sessions -------------------------------------------------------------------------

    def _items_for(self, kind: str, state: RefresherState, now: datetime) -> list[str]:
        seed = secrets.token_hex(4)
        if kind == "pretest":
            return [i.id for i in draw_pretest(self.pool, self.objectives, seed)]
        if kind == "posttest":
            return [i.id for i in draw_posttest(self.pool, self.objectives, state.seen, seed)]
        return state.review_items(now)

    def open(self, kind: str) -> OpenedSession | None:
        """Start or resume a session of `kind`, only if the stored state offers it now; else None
        (a forged click, or the state changed in another window meanwhile)."""
        now = self.clock()
        state = self.state()
        if self.offer(state, now) != kind:
            return None
        item_ids = [] if kind in state.unfinished else self._items_for(kind, state, now)
        if kind not in state.unfinished and not item_ids:
            return None
        clock = epoch(self.clock)
        open_id = self.store.find_open_attempt(self.learner_id, None, kind)  # type: ignore[arg-type]
        if open_id is None:
            attempt = open_session(
                self.store,
                self.learner_id,
                self.bank,
                kind,  # type: ignore[arg-type]
                item_ids,
                audience=self.audience,
                clock=clock,
            )
            return OpenedSession(kind, attempt)
        record = self.store.load_attempt(self.learner_id, open_id)
        attempt = records.resume(self.store, self.learner_id, open_id, self.bank, clock=clock)
        return OpenedSession(kind, attempt, record)

    def reopen(self, attempt_id: str) -> OpenedSession | None:
        """One of this learner's submitted sittings, to read again with its review; None when
        `attempt_id` is not one of theirs or not submitted (a forged click)."""
        state = self.state()
        sitting = next((s for s in state.sittings if s.attempt_id == attempt_id), None)
        if sitting is None:
            return None
        record = self.store.load_attempt(self.learner_id, attempt_id)
        attempt = records.resume(self.store, self.learner_id, attempt_id, self.bank, clock=epoch(self.clock))
        return OpenedSession(sitting.kind, attempt, record) if attempt.submitted else None

    # -- outcomes -------------------------------------------------------------------------

    def sitting_of(self, state: RefresherState, attempt: Attempt) -> Sitting | None:
        """The stored sitting of a submitted attempt."""
        return next((s for s in reversed(state.sittings) if s.attempt_id == attempt.attempt_id), None)

    def posttest_outcome(self, state: RefresherState, sitting: Sitting) -> PosttestOutcome:
        """After a post-test: passed, closed (no sitting left), or a retake to come after review."""
        if sitting.score >= self.mark:
            return "passed"
        if len(state.of_kind("posttest")) >= MAX_POSTTESTS:
            return "closed"
        return "retake"

    def statement(self, state: RefresherState, course: str) -> tuple[Sitting, str] | None:
        """The passing post-test and the learner's statement of completion (HTML), once they have passed."""
        sitting = state.passing_sitting(self.mark)
        if sitting is None:
            return None
        html = statement_html(
            learner_name=self.display_name,
            learner_id=self.learner_id,
            completed=sitting.submitted,
            score=sitting.score,
            mark=self.mark,
            objectives=list(self.objective_texts().values()),
            sources=self.bank.sources.values(),
            course=course,
        )
        return sitting, html
