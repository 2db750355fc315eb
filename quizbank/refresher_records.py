"""Connect the refresher to the Store: read a learner's refresher attempts and cards, save card reviews.

The pure rules live in ``quizbank.refresher``; this module only moves rows in and out
through the Store's own methods. Card reviews are derived from submitted attempts and
saved idempotently: ``sync_cards`` applies every submitted attempt whose reviews are not
in the store yet, so a kernel that died between "submit" and "save the cards" loses nothing.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence

from quizbank.loader import Bank
from quizbank.records import open_attempt
from quizbank.refresher import (
    REFRESHER_KINDS,
    RefresherState,
    build_state,
    due_date,
    pending_cards,
    session_settings,
    sitting_from_record,
)
from quizbank.session import Attempt, Clock
from quizbank.store import AttemptKind, AttemptRecord, Store


def load_records(store: Store, learner_id: str) -> list[AttemptRecord]:
    """The learner's self-paced refresher attempts (pre-tests, reviews, post-tests), oldest first."""
    return [
        store.load_attempt(learner_id, summary.attempt_id)
        for summary in store.list_attempts(learner_id)
        if summary.kind in REFRESHER_KINDS and summary.session_code is None
    ]


def sync_cards(store: Store, learner_id: str, records: Sequence[AttemptRecord], bank: Bank) -> dict[str, str]:
    """Save the card reviews of every submitted attempt the cards do not reflect yet; return all cards."""
    cards = store.load_cards(learner_id)
    sittings = [s for s in (sitting_from_record(r, bank.items) for r in records) if s is not None]
    changed = pending_cards(cards, sittings)
    for item_id, card in changed.items():
        store.save_card(learner_id, item_id, card, due_date(card))
    return {**cards, **changed}


def load_state(store: Store, learner_id: str, bank: Bank) -> RefresherState:
    """The learner's refresher state, with any card reviews still owed saved first."""
    records = load_records(store, learner_id)
    cards = sync_cards(store, learner_id, records, bank)
    return build_state(records, cards, bank.items)


def open_session(
    store: Store,
    learner_id: str,
    bank: Bank,
    kind: AttemptKind,
    item_ids: Sequence[str],
    *,
    audience: str | None,
    clock: Clock = time.time,
) -> Attempt:
    """Resume the learner's unfinished attempt of this kind, or start one on `item_ids`.

    Every answer is then saved as it is given (``quizbank.records``).
    """
    if kind not in REFRESHER_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REFRESHER_KINDS)}")
    settings = session_settings(kind, len(item_ids), audience)
    return open_attempt(
        store, learner_id, bank, settings, kind=kind, item_ids=list(item_ids), seed=secrets.token_hex(4), clock=clock
    )
