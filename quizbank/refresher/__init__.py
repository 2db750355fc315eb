"""The self-paced refresher: pre-test, spaced review with FSRS, post-test, completion.

Pure logic: card states go in and come out as JSON text, time comes from the caller, so
tests can simulate weeks. The store keeps the cards and attempts
(``quizbank.refresher_records`` reads and writes them); ``quizbank.services.refresher`` is
what the UI calls. The parts: ``schedule`` (FSRS cards, in whole days), ``sessions`` (the
sittings' kinds, draws and settings), ``sittings`` (from answers to card reviews), ``plan``
(the next step and the pass mark), ``state`` (a learner's state from stored rows) and
``statement`` (the statement of completion).
"""

from quizbank.config import DEFAULT_PASS_MARK
from quizbank.refresher.plan import MAX_POSTTESTS, Plan, pass_mark, plan
from quizbank.refresher.schedule import (
    LEARNED_STABILITY_DAYS,
    ONE_DAY,
    due_date,
    end_of_day,
    is_due,
    is_learned,
    last_review,
    new_card,
    rating_for,
    review,
    utcnow,
)
from quizbank.refresher.sessions import (
    REFRESHER_KINDS,
    REVIEW_SESSION_SIZE,
    SECONDS_PER_EXAM_ITEM,
    SECONDS_PER_REVIEW_ITEM,
    draw_posttest,
    draw_pretest,
    minutes_for,
    objectives_with_items,
    session_settings,
)
from quizbank.refresher.sittings import (
    ItemResult,
    Sitting,
    apply_sitting,
    attempt_results,
    pending_cards,
    record_results,
    result_for,
    sitting_from_attempt,
    sitting_from_record,
)
from quizbank.refresher.state import ObjectiveProgress, OpenSitting, RefresherState, build_state
from quizbank.refresher.statement import statement_html

__all__ = [
    "DEFAULT_PASS_MARK",
    "ItemResult",
    "LEARNED_STABILITY_DAYS",
    "MAX_POSTTESTS",
    "ONE_DAY",
    "ObjectiveProgress",
    "OpenSitting",
    "Plan",
    "REFRESHER_KINDS",
    "REVIEW_SESSION_SIZE",
    "RefresherState",
    "SECONDS_PER_EXAM_ITEM",
    "SECONDS_PER_REVIEW_ITEM",
    "Sitting",
    "apply_sitting",
    "attempt_results",
    "build_state",
    "draw_posttest",
    "draw_pretest",
    "due_date",
    "end_of_day",
    "is_due",
    "is_learned",
    "last_review",
    "minutes_for",
    "new_card",
    "objectives_with_items",
    "pass_mark",
    "pending_cards",
    "plan",
    "rating_for",
    "record_results",
    "result_for",
    "review",
    "session_settings",
    "sitting_from_attempt",
    "sitting_from_record",
    "statement_html",
    "utcnow",
]
