"""Counts of the bank's items by type, objective, topic, audience and difficulty."""

from __future__ import annotations

from collections import Counter

from quizbank.loader import Bank


def bank_stats(bank: Bank) -> dict[str, Counter[str]]:
    """Item counts grouped by each facet an educator asks about."""
    facets: dict[str, Counter[str]] = {
        name: Counter() for name in ("type", "objective", "topic", "judgment step", "audience", "difficulty", "source")
    }
    for item in bank.items.values():
        facets["type"][item.type] += 1
        facets["objective"].update(item.objectives)
        facets["topic"][item.tags.topic] += 1
        facets["judgment step"][item.tags.judgment_step or "(none)"] += 1
        facets["audience"][item.audience] += 1
        facets["difficulty"][item.difficulty] += 1
        facets["source"].update({c.source for c in item.citations})
    return facets
