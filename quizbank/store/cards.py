"""Spaced-review cards: the refresher scheduler's state per learner and item."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from quizbank.store.protocol import SQLiteBacked
from quizbank.store.values import timestamp


class Cards(SQLiteBacked):
    """The ``cards`` table."""

    def save_card(self, learner_id: str, item_id: str, card_json: str, due: datetime | float) -> None:
        """Store the learner's review card for an item (JSON from the scheduler) and when it is due."""
        json.loads(card_json)  # refuse anything that is not JSON before it is stored

        def body(conn: sqlite3.Connection) -> None:
            conn.execute(
                """INSERT INTO cards (learner_id, item_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (learner_id, item_id) DO UPDATE
                   SET card = excluded.card, due = excluded.due, updated_at = excluded.updated_at""",
                (learner_id, item_id, card_json, timestamp(due), self.clock()),
            )

        self._db.write(body)

    def load_cards(self, learner_id: str) -> dict[str, str]:
        """The learner's review cards by item id, as JSON text."""
        rows = self._db.read(
            lambda c: c.execute(
                "SELECT item_id, card FROM cards WHERE learner_id = ? ORDER BY due", (learner_id,)
            ).fetchall()
        )
        return {row["item_id"]: row["card"] for row in rows}
