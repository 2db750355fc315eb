"""What an export could not carry: per item type (a format's fixed rules) and per item."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizbank.interchange.report import Entry, Loss, Outcome
from quizbank.models import Item


@dataclass(frozen=True)
class TypeRule:
    """How a format holds an item type: as is (with a loss), with a different scoring rule, or not at all."""

    outcome: Outcome
    what: str
    why: str


@dataclass
class Notes:
    """Losses gathered while writing one export."""

    item_losses: dict[str, list[Loss]] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)

    def lose(self, item: Item, what: str, why: str) -> None:
        """Record something of `item` the format does not carry."""
        self.item_losses.setdefault(item.id, []).append(Loss(what, why))

    def skip(self, item: Item, why: str) -> None:
        """Record that `item` is not exported at all."""
        self.skipped.add(item.id)
        self.lose(item, "the whole item", why)


def entries(items: list[Item], rules: dict[str, TypeRule], common: list[Loss], notes: Notes) -> list[Entry]:
    """Report entries: one per item type with a rule, one for the format's common losses, one per item."""
    found: list[Entry] = []
    types = list(dict.fromkeys(item.type for item in items))
    for item_type in types:
        rule = rules.get(item_type)
        if rule is None:
            continue
        ids = tuple(i.id for i in items if i.type == item_type)
        found.append(Entry(f"every {item_type} item", item_type, rule.outcome, (Loss(rule.what, rule.why),), ids))
    if common and items:
        found.append(Entry("every item", "all types", "kept", tuple(common), ()))
    for item in items:
        losses = notes.item_losses.get(item.id)
        if losses:
            outcome: Outcome = "skipped" if item.id in notes.skipped else "kept"
            found.append(Entry(f"item '{item.id}'", item.type, outcome, tuple(losses), (item.id,)))
    return found
