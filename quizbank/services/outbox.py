"""The outbox: writes an attempt's events to the store, in order, each with its sequence number.

`Attempt` and `CasePlay` return events; `Outbox.send` turns each into the store write it
needs and sends every pending write in order. Its `SaveReport` says what reached the records:

- ``saved``: every write is in the database;
- ``pending``: the database stayed busy; the writes are kept and sent first on the next
  `send` or `flush`;
- ``refused``: the records disagree with this kernel (`code`: another window wrote first,
  the time is up, the class session is closed, the attempt or item is already final); the
  caller reloads the attempt from the records. What was still pending is dropped.
- ``failed``: the store raised another error (the write is dropped).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from quizbank.case_events import CaseEnded, CaseEvent, Choice
from quizbank.session import Event
from quizbank.store import (
    Ack,
    AttemptClosed,
    FinalState,
    ItemLocked,
    SessionClosed,
    Store,
    StoreBusy,
    StoreError,
    TimeUp,
    WriteRefused,
)

log = logging.getLogger("clinquiz.services")
Write = Callable[[int], Ack]
SaveStatus = Literal["saved", "pending", "refused", "failed"]


class RecordsRefusal(str, Enum):
    """Why the records refused a write."""

    OTHER_WINDOW = "other_window"  # the attempt was written by another kernel since this one loaded it
    TIME_UP = "time_up"
    SESSION_CLOSED = "session_closed"
    ATTEMPT_CLOSED = "attempt_closed"
    ITEM_LOCKED = "item_locked"
    REFUSED = "refused"  # another refusal of the store's


_REFUSALS: tuple[tuple[type[WriteRefused], RecordsRefusal], ...] = (
    (TimeUp, RecordsRefusal.TIME_UP),
    (SessionClosed, RecordsRefusal.SESSION_CLOSED),
    (AttemptClosed, RecordsRefusal.ATTEMPT_CLOSED),
    (ItemLocked, RecordsRefusal.ITEM_LOCKED),
)


@dataclass(frozen=True)
class SaveReport:
    """What reached the records: status, the refusal's code when refused, when it was saved, the detail."""

    status: SaveStatus
    code: RecordsRefusal | None = None
    at: float | None = None
    detail: str = ""

    @property
    def saved(self) -> bool:
        return self.status == "saved"


def refusal_code(exc: WriteRefused) -> RecordsRefusal:
    """The code of a store refusal."""
    return next((code for kind, code in _REFUSALS if isinstance(exc, kind)), RecordsRefusal.REFUSED)


class Outbox:
    """One attempt's writes, sent in order with the attempt's next sequence numbers.

    `next_seq` None: read from the stored attempt on the first send (an attempt opened elsewhere).
    """

    def __init__(
        self,
        store: Store,
        learner_id: str,
        attempt_id: str,
        next_seq: int | None = 1,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.learner_id = learner_id
        self.attempt_id = attempt_id
        self.next_seq = next_seq
        self.clock = clock
        self.pending: list[tuple[int, Write]] = []
        self.last_ack: Ack | None = None
        self.last_report = SaveReport("saved")

    def send(self, events: Iterable[Event | CaseEvent]) -> SaveReport:
        """Queue the writes of `events` (built now, from each event) and send everything pending."""
        writes = [write for event in events for write in self._writes_for(event)]
        if writes and self.next_seq is None:
            try:
                self.next_seq = self.store.load_attempt(self.learner_id, self.attempt_id).last_seq + 1
            except StoreBusy as exc:
                return self._report(SaveReport("pending", detail=str(exc)))
            except StoreError as exc:
                return self._report(SaveReport("failed", detail=str(exc)))
        for write in writes:
            assert self.next_seq is not None
            self.pending.append((self.next_seq, write))
            self.next_seq += 1
        return self.flush()

    def flush(self) -> SaveReport:
        """Send every pending write in order; a busy database leaves the rest pending."""
        while self.pending:
            seq, write = self.pending[0]
            try:
                ack = write(seq)
            except StoreBusy as exc:
                log.warning("records busy: %d write(s) pending", len(self.pending))
                return self._report(SaveReport("pending", detail=str(exc)))
            except WriteRefused as exc:
                self.pending.clear()
                return self._report(SaveReport("refused", refusal_code(exc), detail=str(exc)))
            except StoreError as exc:
                self.pending.pop(0)
                log.exception("saving failed")
                return self._report(SaveReport("failed", detail=str(exc)))
            self.pending.pop(0)
            self.last_ack = ack
            if ack.status == "stale":
                self.pending.clear()
                detail = "this attempt was changed in another window; reload the page"
                return self._report(SaveReport("refused", RecordsRefusal.OTHER_WINDOW, detail=detail))
        return self._report(SaveReport("saved", at=self.clock()))

    def _report(self, report: SaveReport) -> SaveReport:
        self.last_report = report
        return report

    def _writes_for(self, event: Event | CaseEvent) -> list[Write]:
        store, learner, attempt_id = self.store, self.learner_id, self.attempt_id
        if isinstance(event, Choice):
            choice = event
            return [
                lambda seq: store.record_answer(
                    learner, attempt_id, choice.item_id, choice.response, seq=seq, at=choice.at
                ),
                lambda seq: store.record_case_choice(
                    learner,
                    attempt_id,
                    seq=seq,
                    step_id=choice.step_id,
                    choice_id=choice.branch,
                    at=choice.at,
                    points=choice.points,
                ),
            ]
        if isinstance(event, CaseEnded) or event.kind == "submit":
            finals = [FinalState(f.item_id, f.response, f.points, f.tries) for f in event.finals]
            at = event.at
            return [lambda seq: store.submit_attempt(learner, attempt_id, finals, seq=seq, at=at)]
        return [_item_write(store, learner, attempt_id, event)]


def _item_write(store: Store, learner: str, attempt_id: str, event: Event) -> Write:
    item_id = event.item_id
    if item_id is None:
        raise ValueError(f"a {event.kind!r} event must name its item")
    if event.kind == "answer":
        return lambda seq: store.record_answer(learner, attempt_id, item_id, event.response, seq=seq, at=event.at)
    if event.kind == "flag":
        on = bool(event.response)
        return lambda seq: store.record_flag(learner, attempt_id, item_id, on, seq=seq, at=event.at)
    if event.kind == "check":
        return lambda seq: store.record_check(
            learner,
            attempt_id,
            item_id,
            event.response,
            tries=event.tries,
            locked=event.locked,
            points=event.points,
            seq=seq,
            at=event.at,
        )
    raise ValueError(f"unknown event kind {event.kind!r}")
