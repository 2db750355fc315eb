"""The refresher's spaced-review scheduling: FSRS cards as JSON text, rated from answers, in whole days.

Scheduling works in days, not minutes: a pharmacist visits for ten minutes at a time, so
an item missed today comes back on a later day (tomorrow at the soonest), never again in
the same visit, and what is "due today" is fixed for the day. FSRS runs without its
intra-day learning steps for that reason.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

LEARNED_STABILITY_DAYS = 2.0

# No fuzz: the same history gives the same schedule. No learning steps: intervals are whole
# days (see the module docstring), so a miss is due tomorrow and a first right answer in two days.
_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(fraction: float, tries: int = 1) -> Rating:
    """The FSRS rating an answer earns.

    The mapping (a learner never rates themselves; the answer does):
    - Again: less than half the item's points, i.e. the learner did not know it.
    - Hard: at least half but not all of the points, or right only on a retry.
    - Good: every point on the first try.
    Easy is never given: one right answer does not show that recall was effortless,
    and rating it Easy would push the item out for months.
    """
    if fraction < 0.5:
        return Rating.Again
    if fraction < 1.0 or tries > 1:
        return Rating.Hard
    return Rating.Good


def new_card(now: datetime) -> str:
    """A fresh card, due now, as JSON."""
    return _card(now).to_json()


def _card(now: datetime) -> Card:
    # An explicit id: fsrs would otherwise read the wall clock (and sleep 1 ms) for one.
    return Card(card_id=int(now.timestamp() * 1000), due=now)


def review(card_json: str | None, rating: Rating, now: datetime) -> tuple[str, datetime]:
    """Apply one rated review at `now`; return the new card JSON and its due time."""
    card = Card.from_json(card_json) if card_json else _card(now)
    card, _log = _SCHEDULER.review_card(card, rating, review_datetime=now)
    return card.to_json(), card.due


def due_date(card_json: str) -> datetime:
    return Card.from_json(card_json).due


def is_due(card_json: str, now: datetime) -> bool:
    """True when the card should be reviewed at `now` (end of today counts as today)."""
    end_of_day = now.replace(hour=23, minute=59, second=59, microsecond=0)
    return due_date(card_json) <= end_of_day


def is_learned(card_json: str) -> bool:
    """True once the scheduler expects the item to be recalled two days on (stability of 2 days or more)."""
    card = Card.from_json(card_json)
    return card.state == State.Review and (card.stability or 0.0) >= LEARNED_STABILITY_DAYS


def last_review(card_json: str) -> datetime | None:
    """When the card was last reviewed (None for a card never reviewed)."""
    return Card.from_json(card_json).last_review


def end_of_day(now: datetime) -> datetime:
    return now.replace(hour=23, minute=59, second=59, microsecond=0)


def utcnow() -> datetime:
    """The current time, timezone-aware (FSRS needs UTC datetimes)."""
    return datetime.now(timezone.utc)


ONE_DAY = timedelta(days=1)
