"""Map an Attempt to and from the Store: start it, rebuild it from its record, open or resume it.

The attempt's events are written by the outbox (quizbank.services.outbox) that `start`,
`reopen` and `open_or_resume` hand back with the attempt: its `SaveReport` says whether an
action reached the records (saved, pending while the database is busy, refused when the
records disagree: rebuild the attempt with `resume` and show what is stored).
"""

from __future__ import annotations

import dataclasses
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from quizbank.loader import Bank
from quizbank.models import Item
from quizbank.scoring import InvalidResponse, max_points, score
from quizbank.services.outbox import Outbox
from quizbank.session import Attempt, Clock, ItemState, QuizSettings
from quizbank.shuffle import shuffle_seed
from quizbank.store import (
    AttemptExists,
    AttemptKind,
    AttemptRecord,
    ItemSpec,
    ResponseRecord,
    Store,
    StoreError,
    new_attempt_id,
)


class ResumeError(StoreError):
    """The stored attempt cannot be rebuilt from the current bank (an item was removed or changed shape)."""


# -- settings <-> JSON ------------------------------------------------------------------------

_TUPLE_FIELDS = ("topics", "objectives")


def settings_to_dict(settings: QuizSettings) -> dict[str, Any]:
    """QuizSettings as plain JSON-ready data."""
    data = dataclasses.asdict(settings)
    for name in _TUPLE_FIELDS:
        data[name] = list(data[name])
    return data


def settings_from_dict(data: Mapping[str, Any]) -> QuizSettings:
    """QuizSettings from stored data; fields this version does not know are ignored."""
    known = {f.name for f in dataclasses.fields(QuizSettings)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _TUPLE_FIELDS:
        if name in values:
            values[name] = tuple(values[name])
    return QuizSettings(**values)


# -- starting, resuming -----------------------------------------------------------------------------


def item_specs(attempt: Attempt) -> list[ItemSpec]:
    return [ItemSpec(i.id, i.version, max_points(i), shuffle_seed(attempt.seed, i.id)) for i in attempt.items]


def start(
    store: Store,
    attempt: Attempt,
    learner_id: str,
    *,
    kind: AttemptKind = "quiz",
    session_code: str | None = None,
) -> Outbox:
    """Store a new attempt (items, order, option orders, deadline fixed); the outbox writes its events.

    Raises AttemptExists when the learner already has an open attempt here: resume that one.
    """
    store.start_attempt(
        learner_id,
        attempt_id=attempt.attempt_id,
        kind=kind,
        items=item_specs(attempt),
        settings=settings_to_dict(attempt.settings),
        seed=attempt.seed,
        option_orders=attempt.option_orders,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        session_code=session_code,
    )
    return Outbox(store, learner_id, attempt.attempt_id)


def _state(item: Item, row: ResponseRecord) -> ItemState:
    state = ItemState(response=row.answer, tries=row.tries, locked=row.locked, flagged=row.flagged)
    state.awarded = row.points or 0.0
    try:
        # A locked item's answer is the one scored (by the final check or the submission); an
        # unlocked one shows the result of its last check only, never of the unchecked answer.
        if row.locked:
            state.last_score = score(item, row.answer)
        elif row.tries:
            state.last_score = score(item, row.checked_answer)
    except InvalidResponse as exc:
        raise ResumeError(f"item {item.id!r} has changed since the attempt was started: {exc}") from None
    return state


def _items(record: AttemptRecord, bank: Bank) -> list[Item]:
    missing = [i for i in record.item_order if i not in bank.items]
    if missing:
        raise ResumeError(f"the bank no longer has item(s) {', '.join(missing)}")
    items = [bank.items[i] for i in record.item_order]
    for item in items:
        options = getattr(item, "options", None) or getattr(item, "segments", None) or getattr(item, "rows", None) or []
        stored = record.option_orders.get(item.id, [])
        if sorted(stored) != sorted(o.id for o in options):
            raise ResumeError(f"the options of item {item.id!r} have changed since the attempt was started")
    return items


def rebuild(record: AttemptRecord, bank: Bank, clock: Clock = time.time) -> Attempt:
    """An Attempt in exactly the stored state: same items, order, option orders, answers, tries, locks."""
    settings = settings_from_dict(record.settings)
    if record.deadline is not None:
        # The stored deadline is the authority: a reload can neither reset nor extend it.
        settings = dataclasses.replace(settings, time_limit_s=record.deadline - record.started_at)
    items = _items(record, bank)
    return Attempt(
        attempt_id=record.attempt_id,
        items=items,
        settings=settings,
        seed=record.seed,
        sources=bank.sources,
        clock=clock,
        started_at=record.started_at,
        submitted=record.submitted,
        states={item.id: _state(item, record.responses[item.id]) for item in items},
        option_orders={k: list(v) for k, v in record.option_orders.items()},
    )


def reopen(
    store: Store, learner_id: str, attempt_id: str, bank: Bank, *, clock: Clock = time.time
) -> tuple[Attempt, Outbox, AttemptRecord]:
    """Rebuild the learner's stored attempt, with the outbox for its further events and the record as it was.

    An attempt whose deadline passed while the learner was away comes back submitted: the
    server, not the page, ends timed attempts. Raises AccessDenied for another learner's
    attempt, NotFound for an unknown one, ResumeError when the bank has changed under it.
    """
    record = store.load_attempt(learner_id, attempt_id)
    attempt = rebuild(record, bank, clock)
    outbox = Outbox(store, learner_id, attempt_id, next_seq=record.last_seq + 1)
    if not attempt.submitted and attempt.time_left() == 0.0:
        outbox.send(attempt.submit().events)
    return attempt, outbox, record


def resume(store: Store, learner_id: str, attempt_id: str, bank: Bank, *, clock: Clock = time.time) -> Attempt:
    """The learner's stored attempt, rebuilt (see `reopen`); its events go through an outbox of the caller's."""
    return reopen(store, learner_id, attempt_id, bank, clock=clock)[0]


def open_or_resume(
    store: Store,
    learner_id: str,
    bank: Bank,
    settings: QuizSettings,
    *,
    kind: AttemptKind = "quiz",
    session_code: str | None = None,
    item_ids: Sequence[str] | None = None,
    seed: str | None = None,
    clock: Clock = time.time,
) -> tuple[Attempt, Outbox, AttemptRecord | None]:
    """Resume the learner's open attempt here (with its record as it was), or start a new one (record
    None; from `item_ids`, else drawn from the bank)."""
    open_id = store.find_open_attempt(learner_id, session_code, kind)
    if open_id is not None:
        return reopen(store, learner_id, open_id, bank, clock=clock)
    seed = seed or secrets.token_hex(8)
    if item_ids is not None:
        attempt = Attempt(new_attempt_id(), [bank.items[i] for i in item_ids], settings, seed, bank.sources, clock)
    else:
        pool = bank.select(audience=settings.audience, topics=settings.topics, objectives=settings.objectives)
        attempt = Attempt.start(new_attempt_id(), pool, settings, seed, bank.sources, clock)
    try:
        outbox = start(store, attempt, learner_id, kind=kind, session_code=session_code)
    except AttemptExists as exc:  # another window started one a moment ago
        return reopen(store, learner_id, exc.attempt_id, bank, clock=clock)
    return attempt, outbox, None


def open_attempt(
    store: Store,
    learner_id: str,
    bank: Bank,
    settings: QuizSettings,
    *,
    kind: AttemptKind = "quiz",
    session_code: str | None = None,
    item_ids: Sequence[str] | None = None,
    seed: str | None = None,
    clock: Clock = time.time,
) -> Attempt:
    """`open_or_resume`'s attempt alone (its events go through an outbox of the caller's)."""
    return open_or_resume(
        store,
        learner_id,
        bank,
        settings,
        kind=kind,
        session_code=session_code,
        item_ids=item_ids,
        seed=seed,
        clock=clock,
    )[0]
