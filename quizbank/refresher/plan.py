"""The learner's next step in the refresher, from what is stored about them; the post-test's pass mark."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizbank.config import settings
from quizbank.refresher.schedule import is_due, is_learned

MAX_POSTTESTS = 2  # the first sitting and one retake


def pass_mark() -> float:
    """The post-test pass mark, from CLINQUIZ_PASS_MARK (a fraction or a percentage, see quizbank.config), default 70%."""
    return settings().pass_mark


@dataclass(frozen=True)
class Plan:
    """Where a learner stands in the refresher, and what to do next."""

    stage: str  # "pretest", "review", "posttest", "retake-review", "passed", "closed"
    due_today: int
    cards: int
    learned: int
    posttests_taken: int
    best_posttest: float | None
    message: str


def plan(
    *,
    now: datetime,
    pretest_done: bool,
    cards: Mapping[str, str],
    missed_reviewed: bool,
    posttest_scores: Sequence[float],
    mark: float | None = None,
) -> Plan:
    """Decide the learner's next step from what is stored about them.

    - No pre-test yet: take it.
    - Cards due (items missed or due again): review them, ten minutes at a time.
    - Every missed item reviewed and nothing due: the post-test opens.
    - A failed post-test: its missed items come due; after reviewing them, one retake.
    - Passed: the statement of completion. Two failed sittings: closed, see the educator.
    """
    mark = pass_mark() if mark is None else mark
    due = sum(1 for card in cards.values() if is_due(card, now))
    learned = sum(1 for card in cards.values() if is_learned(card))
    best = max(posttest_scores) if posttest_scores else None
    base: dict[str, Any] = dict(
        due_today=due, cards=len(cards), learned=learned, posttests_taken=len(posttest_scores), best_posttest=best
    )
    if not pretest_done:
        return Plan("pretest", message="Start with a short pre-test: one question per objective.", **base)
    if best is not None and best >= mark:
        return Plan("passed", message="You passed the post-test. Your statement of completion is ready.", **base)
    if len(posttest_scores) >= MAX_POSTTESTS:
        return Plan(
            "closed",
            message="You have used the post-test and its one retake. Please talk to your educator.",
            **base,
        )
    if due or not missed_reviewed:
        stage = "retake-review" if posttest_scores else "review"
        return Plan(stage, message=f"{due} question(s) due for review today.", **base)
    label = "Take the post-test." if not posttest_scores else "Take your one retake of the post-test."
    return Plan("posttest", message=label, **base)
