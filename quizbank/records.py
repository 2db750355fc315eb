"""Connect an Attempt to the Store: each event is written as it happens, and a reload rebuilds the attempt.

The UI's contract: when ``attempt.answer()``, ``check()``, ``flag()`` or ``submit()`` returns,
the action is in the database ("saved"). When it raises a StoreError, it is not:

- StoreBusy: the database stayed locked; the event is kept and written first thing on the
  next action or on ``recorder(attempt).flush()``. Tell the learner "not saved yet".
- Conflict, WriteRefused (AttemptClosed, ItemLocked, TimeUp, SessionClosed): the database
  disagrees with this kernel (another window, the instructor closed the session, time ran
  out). Rebuild the attempt with ``resume`` and show what is stored.
"""

from __future__ import annotations

import dataclasses
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from quizbank.loader import Bank
from quizbank.models import Item
from quizbank.scoring import InvalidResponse, max_points, score
from quizbank.session import Attempt, Clock, Event, ItemState, QuizSettings
from quizbank.store import (
    Ack,
    AttemptExists,
    AttemptKind,
    AttemptRecord,
    FinalState,
    ItemSpec,
    ResponseRecord,
    Store,
    StoreBusy,
    StoreError,
    new_attempt_id,
)


class Conflict(StoreError):
    """The stored attempt is newer than this kernel's copy (changed in another window); reload it."""


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


def shuffle_seed(attempt: Attempt, item_id: str) -> str:
    """The seed an item's options were shuffled with (the formula of ``Attempt._order``), kept for audit."""
    return f"{attempt.seed}:{item_id}"


# -- the listener ---------------------------------------------------------------------------------

Write = Callable[[int], Ack]


class Recorder:
    """The listener ``persist`` attaches: writes every Event with the attempt's next sequence number."""

    def __init__(self, store: Store, attempt: Attempt, learner_id: str, next_seq: int = 1) -> None:
        self.store = store
        self.attempt = attempt
        self.learner_id = learner_id
        self.next_seq = next_seq
        self.pending: list[tuple[int, Write]] = []
        self.last_ack: Ack | None = None

    def __call__(self, event: Event) -> None:
        # The write is built now, from the state as it is at this event, and sent (or kept) in order.
        self.pending.append((self.next_seq, self._write_for(event)))
        self.next_seq += 1
        self.flush()

    def flush(self) -> Ack | None:
        """Write every pending event in order; StoreBusy leaves the rest pending."""
        while self.pending:
            seq, write = self.pending[0]
            try:
                ack = write(seq)
            except StoreBusy:
                raise
            except BaseException:
                self.pending.pop(0)
                raise
            self.pending.pop(0)
            self.last_ack = ack
            if ack.status == "stale":
                raise Conflict("this attempt was changed in another window; reload the page")
        return self.last_ack

    def _write_for(self, event: Event) -> Write:
        store, learner, attempt_id = self.store, self.learner_id, self.attempt.attempt_id
        if event.kind == "submit":
            finals = [
                FinalState(item_id, state.response, state.awarded, state.tries)
                for item_id, state in self.attempt.states.items()
            ]
            return lambda seq: store.submit_attempt(learner, attempt_id, finals, seq=seq, at=event.at)
        item_id = event.item_id
        if item_id is None:
            raise ValueError(f"a {event.kind!r} event must name its item")
        if event.kind == "answer":
            answer = event.response
            return lambda seq: store.record_answer(learner, attempt_id, item_id, answer, seq=seq, at=event.at)
        if event.kind == "flag":
            on = bool(event.response)
            return lambda seq: store.record_flag(learner, attempt_id, item_id, on, seq=seq, at=event.at)
        if event.kind == "check":
            state = self.attempt.states[item_id]
            tries, locked = state.tries, state.locked
            return lambda seq: store.record_check(
                learner,
                attempt_id,
                item_id,
                event.response,
                tries=tries,
                locked=locked,
                points=event.points,
                seq=seq,
                at=event.at,
            )
        raise ValueError(f"unknown event kind {event.kind!r}")


def recorder(attempt: Attempt) -> Recorder | None:
    """The Recorder attached to `attempt`, if any (for ``last_ack`` and ``flush``)."""
    return next((listener for listener in attempt.listeners if isinstance(listener, Recorder)), None)


def persist(attempt: Attempt, store: Store, learner_id: str, next_seq: int = 1) -> Recorder:
    """Write every future event of `attempt` to `store`; the attempt must already be stored."""
    existing = recorder(attempt)
    if existing is not None:
        return existing
    rec = Recorder(store, attempt, learner_id, next_seq)
    attempt.listeners.insert(0, rec)  # first: the UI's own listeners run only once the event is saved
    return rec


# -- starting, resuming -----------------------------------------------------------------------------


def item_specs(attempt: Attempt) -> list[ItemSpec]:
    return [ItemSpec(i.id, i.version, max_points(i), shuffle_seed(attempt, i.id)) for i in attempt.items]


def start(
    store: Store,
    attempt: Attempt,
    learner_id: str,
    *,
    kind: AttemptKind = "quiz",
    session_code: str | None = None,
) -> Recorder:
    """Store a new attempt (items, order, option orders, deadline fixed) and persist its events.

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
    return persist(attempt, store, learner_id)


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


def resume(store: Store, learner_id: str, attempt_id: str, bank: Bank, *, clock: Clock = time.time) -> Attempt:
    """Rebuild the learner's stored attempt and persist its further events.

    An attempt whose deadline passed while the learner was away comes back submitted: the
    server, not the page, ends timed attempts. Raises AccessDenied for another learner's
    attempt, NotFound for an unknown one, ResumeError when the bank has changed under it.
    """
    record = store.load_attempt(learner_id, attempt_id)
    attempt = rebuild(record, bank, clock)
    persist(attempt, store, learner_id, next_seq=record.last_seq + 1)
    if not attempt.submitted and attempt.time_left() == 0.0:
        attempt.submit()
    return attempt


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
    """Resume the learner's open attempt here, or start a new one (from `item_ids`, else drawn from the bank)."""
    open_id = store.find_open_attempt(learner_id, session_code, kind)
    if open_id is not None:
        return resume(store, learner_id, open_id, bank, clock=clock)
    seed = seed or secrets.token_hex(8)
    if item_ids is not None:
        attempt = Attempt(new_attempt_id(), [bank.items[i] for i in item_ids], settings, seed, bank.sources, clock)
    else:
        pool = bank.select(audience=settings.audience, topics=settings.topics, objectives=settings.objectives)
        attempt = Attempt.start(new_attempt_id(), pool, settings, seed, bank.sources, clock)
    try:
        start(store, attempt, learner_id, kind=kind, session_code=session_code)
    except AttemptExists as exc:  # another window started one a moment ago
        return resume(store, learner_id, exc.attempt_id, bank, clock=clock)
    return attempt
