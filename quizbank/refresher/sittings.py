"""From answers to card reviews: how each item went in a submitted sitting, and the cards it changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from fsrs import Rating

from quizbank.attempt_score import attempt_score
from quizbank.models import Item
from quizbank.records import settings_from_dict
from quizbank.refresher.schedule import last_review, rating_for, review
from quizbank.refresher.sessions import REFRESHER_KINDS
from quizbank.scoring import InvalidResponse, score
from quizbank.session import Attempt
from quizbank.store import AttemptRecord


@dataclass(frozen=True)
class ItemResult:
    """How one item went in a sitting: the share of its points the final answer earned
    (before any retry penalty; the tries say how it got there) and the tries it took."""

    item_id: str
    fraction: float
    tries: int

    @property
    def rating(self) -> Rating:
        return rating_for(self.fraction, self.tries)

    @property
    def correct(self) -> bool:
        """Every point, on the first try or a retry."""
        return self.fraction >= 1.0

    @property
    def missed(self) -> bool:
        """Anything short of every point at the first try (rated Again or Hard)."""
        return self.rating != Rating.Good


def result_for(item: Item, answer: Any, tries: int) -> ItemResult:
    """Score `answer` afresh; an answer the item no longer accepts counts as wrong."""
    try:
        fraction = score(item, answer).fraction
    except InvalidResponse:
        fraction = 0.0
    return ItemResult(item.id, fraction, tries)


def attempt_results(attempt: Attempt) -> list[ItemResult]:
    """One result per item of a submitted attempt, in the attempt's order."""
    if not attempt.submitted:
        raise ValueError("results are read only from a submitted attempt")
    return [result_for(item, attempt.states[item.id].response, attempt.states[item.id].tries) for item in attempt.items]


def record_results(record: AttemptRecord, items: Mapping[str, Item]) -> list[ItemResult]:
    """One result per item of a stored attempt (items the bank no longer has are left out).

    A practice answer changed after its last check and then submitted unchecked counts as
    one more try: the learner was wrong at least once on the way.
    """
    results = []
    for item_id in record.item_order:
        item, row = items.get(item_id), record.responses.get(item_id)
        if item is None or row is None:
            continue
        tries = row.tries + (1 if row.tries and row.answer != row.checked_answer else 0)
        results.append(result_for(item, row.answer, tries))
    return results


@dataclass(frozen=True)
class Sitting:
    """A submitted pre-test, review session or post-test, reduced to what the plan needs."""

    kind: str
    attempt_id: str
    submitted: datetime
    results: tuple[ItemResult, ...]
    points: float  # earned and possible, counted as quizbank.attempt_score counts the attempt
    max_points: float

    @property
    def score(self) -> float:
        """Earned over possible (0 to 1)."""
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def missed(self) -> frozenset[str]:
        return frozenset(r.item_id for r in self.results if r.missed)


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc)


def sitting_from_attempt(attempt: Attempt, kind: str, submitted: datetime) -> Sitting:
    """The sitting of a submitted in-memory attempt."""
    total = attempt.score()
    return Sitting(kind, attempt.attempt_id, submitted, tuple(attempt_results(attempt)), total.earned, total.possible)


def sitting_from_record(record: AttemptRecord, items: Mapping[str, Item]) -> Sitting | None:
    """The sitting of a stored refresher attempt; None while it is not submitted."""
    if record.submitted_at is None or record.kind not in REFRESHER_KINDS:
        return None
    rows = [record.responses[i] for i in record.item_order if i in record.responses]
    total = attempt_score([(row.points, row.max_points) for row in rows], settings_from_dict(record.settings).score_by)
    return Sitting(
        record.kind,
        record.attempt_id,
        _utc(record.submitted_at),
        tuple(record_results(record, items)),
        total.earned,
        total.possible,
    )


def apply_sitting(cards: Mapping[str, str], sitting: Sitting) -> dict[str, str]:
    """The cards after the sitting: one review per item, rated from its result, at the submission time.

    A card already reviewed at or after that time is left as it is, so applying a sitting
    twice (a kernel that died between submitting and saving the cards) changes nothing.
    """
    out = dict(cards)
    for result in sitting.results:
        card = out.get(result.item_id)
        reviewed = last_review(card) if card else None
        if reviewed is not None and reviewed >= sitting.submitted:
            continue
        out[result.item_id], _due = review(card, result.rating, sitting.submitted)
    return out


def pending_cards(cards: Mapping[str, str], sittings: Iterable[Sitting]) -> dict[str, str]:
    """The cards that change when every sitting is applied, oldest first: what the store still lacks."""
    current = dict(cards)
    for sitting in sorted(sittings, key=lambda s: s.submitted):
        current = apply_sitting(current, sitting)
    return {item_id: card for item_id, card in current.items() if cards.get(item_id) != card}
