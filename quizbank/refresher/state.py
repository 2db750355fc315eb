"""The learner's refresher state, built from stored rows: sittings, cards, what is due, progress per objective."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from quizbank.models import Item
from quizbank.refresher.plan import Plan, plan
from quizbank.refresher.schedule import due_date, is_due
from quizbank.refresher.sessions import REFRESHER_KINDS, REVIEW_SESSION_SIZE
from quizbank.refresher.sittings import ItemResult, Sitting, sitting_from_record
from quizbank.store import AttemptRecord


@dataclass(frozen=True)
class OpenSitting:
    """A refresher attempt started and not yet submitted: the learner resumes it."""

    kind: str
    attempt_id: str
    answered: int
    total: int


@dataclass(frozen=True)
class ObjectiveProgress:
    """One learning objective: questions answered in the refresher, right the last time, due today."""

    objective_id: str
    text: str
    seen: int
    right: int
    due: int

    @property
    def fraction(self) -> float:
        return self.right / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class RefresherState:
    """Everything the plan needs about one learner, built from stored rows by `build_state`."""

    sittings: tuple[Sitting, ...] = ()  # submitted, oldest first
    cards: Mapping[str, str] = field(default_factory=dict)
    unfinished: Mapping[str, OpenSitting] = field(default_factory=dict)  # by kind

    def of_kind(self, kind: str) -> tuple[Sitting, ...]:
        return tuple(s for s in self.sittings if s.kind == kind)

    @property
    def pretest_done(self) -> bool:
        return bool(self.of_kind("pretest"))

    @property
    def posttest_scores(self) -> list[float]:
        return [s.score for s in self.of_kind("posttest")]

    @property
    def last_test(self) -> Sitting | None:
        """The latest pre-test or post-test."""
        tests = [s for s in self.sittings if s.kind in ("pretest", "posttest")]
        return tests[-1] if tests else None

    @property
    def still_to_review(self) -> frozenset[str]:
        """Items missed in the latest test and not yet answered right in a review session since."""
        test = self.last_test
        if test is None:
            return frozenset()
        fixed = {
            r.item_id
            for s in self.sittings
            if s.kind == "review" and s.submitted > test.submitted
            for r in s.results
            if r.correct
        }
        return test.missed - fixed

    @property
    def missed_reviewed(self) -> bool:
        return not self.still_to_review

    @property
    def seen(self) -> frozenset[str]:
        """Every item the learner has met in the refresher."""
        return frozenset(self.cards) | {r.item_id for s in self.sittings for r in s.results}

    def latest_results(self) -> dict[str, ItemResult]:
        """Each item's most recent result."""
        latest: dict[str, ItemResult] = {}
        for sitting in self.sittings:
            latest.update((r.item_id, r) for r in sitting.results)
        return latest

    def due(self, now: datetime) -> list[str]:
        """Items due by the end of today, most overdue first."""
        due = [(due_date(card), item_id) for item_id, card in self.cards.items() if is_due(card, now)]
        return [item_id for _, item_id in sorted(due)]

    def review_items(self, now: datetime, limit: int = REVIEW_SESSION_SIZE) -> list[str]:
        """A review session's items: due ones only, missed-and-not-yet-fixed first, at most `limit`."""
        waiting = self.still_to_review
        due = self.due(now)
        return sorted(due, key=lambda item_id: item_id not in waiting)[:limit]

    def next_due(self, now: datetime) -> tuple[date, int] | None:
        """The next day after today on which items fall due, and how many; None when none do."""
        later = sorted(due_date(card) for card in self.cards.values() if not is_due(card, now))
        if not later:
            return None
        day = later[0].date()
        return day, sum(1 for d in later if d.date() == day)

    def plan(self, now: datetime, mark: float | None = None) -> Plan:
        return plan(
            now=now,
            pretest_done=self.pretest_done,
            cards=self.cards,
            missed_reviewed=self.missed_reviewed,
            posttest_scores=self.posttest_scores,
            mark=mark,
        )

    def passing_sitting(self, mark: float) -> Sitting | None:
        """The first post-test that reached the pass mark."""
        return next((s for s in self.of_kind("posttest") if s.score >= mark), None)

    def progress(
        self, items: Mapping[str, Item], objectives: Mapping[str, str], now: datetime
    ) -> list[ObjectiveProgress]:
        """Per objective (id -> text, in that order): questions met, right the last time, due today."""
        latest = self.latest_results()
        due = set(self.due(now))
        rows = []
        for objective_id, text in objectives.items():
            met = [i for i in latest if i in items and objective_id in items[i].objectives]
            rows.append(
                ObjectiveProgress(
                    objective_id,
                    text,
                    len(met),
                    sum(1 for i in met if latest[i].correct),
                    sum(1 for i in met if i in due),
                )
            )
        return rows


def build_state(
    records: Iterable[AttemptRecord], cards: Mapping[str, str], items: Mapping[str, Item]
) -> RefresherState:
    """The learner's state from their stored refresher attempts and cards.

    Attempts in class sessions and cards of items no longer in the bank are left out.
    """
    sittings: list[Sitting] = []
    unfinished: dict[str, OpenSitting] = {}
    for record in sorted(records, key=lambda rec: (rec.submitted_at or 0.0, rec.started_at)):
        if record.kind not in REFRESHER_KINDS or record.session_code is not None:
            continue
        sitting = sitting_from_record(record, items)
        if sitting is not None:
            sittings.append(sitting)
        else:
            answered = sum(1 for row in record.responses.values() if row.answer is not None)
            unfinished[record.kind] = OpenSitting(record.kind, record.attempt_id, answered, len(record.item_order))
    kept = {item_id: card for item_id, card in cards.items() if item_id in items}
    return RefresherState(tuple(sittings), kept, unfinished)
