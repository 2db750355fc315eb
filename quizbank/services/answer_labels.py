"""Answers in words for the instructor: option labels, which ones are right, and the key.

`analytics.chosen_options` turns a raw answer into labels to count (an option id,
"true"/"false", "row=column", "blank=choice", "slot=option"); here each label becomes the
words the learner saw, and is marked right or wrong against the key. This is the
instructor's view, so the key is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quizbank.analytics import chosen_options
from quizbank.models import Item, OrderingItem
from quizbank.session import key_text

SLOTS = ("condition", "actions", "parameters")
_LISTED_TYPES = ("single", "true_false", "select_all", "select_n", "highlight")


@dataclass(frozen=True)
class OptionCount:
    """How many learners gave one answer (or part of an answer), and whether it is right."""

    label: str
    count: int
    correct: bool


def _choices(item: Item) -> list[tuple[str, str, bool]]:
    """(count label, words, right) for every choice a learner can pick in this item."""
    if item.type == "true_false":
        return [("true", "True", item.key is True), ("false", "False", item.key is False)]
    if item.type in ("single", "select_all", "select_n"):
        key = {item.key} if item.type == "single" else set(item.key)
        return [(o.id, o.text, o.id in key) for o in item.options]
    if item.type == "highlight":
        return [(s.id, s.text, s.id in item.key) for s in item.segments]
    if item.type == "matrix":
        columns = {c.id: c.text for c in item.columns}
        return [(f"{r.id}={c}", f"{r.text}: {columns[c]}", item.key[r.id] == c) for r in item.rows for c in columns]
    if item.type in ("cloze", "dropdown_rationale"):
        return [(f"{b.id}={o}", f"{b.id}: {o}", o == b.key) for b in item.blanks for o in b.options]
    if item.type == "bowtie":
        return [
            (f"{slot}={o.id}", f"{slot}: {o.text}", o.id in getattr(item, slot).key)
            for slot in SLOTS
            for o in getattr(item, slot).options
        ]
    return []


def _ordering_label(item: OrderingItem, answer: Any) -> str:
    texts = {o.id: o.text for o in item.options}
    return " → ".join(texts.get(str(o), str(o)) for o in answer)


def option_counts(item: Item, answers: Iterable[Any]) -> list[OptionCount]:
    """What the class answered to `item`, one learner's answer counted once per choice in it.

    Single, true/false, select and highlight items list every option (0 when nobody chose
    it), in the bank's order. Matrix, cloze, rationale and bow-tie items list what was
    chosen plus the right choices. Ordering items count whole orders.
    """
    answers = [a for a in answers if a is not None]
    if isinstance(item, OrderingItem):
        key_label = _ordering_label(item, item.key)
        orders = Counter(_ordering_label(item, a) for a in answers if isinstance(a, (list, tuple)))
        orders.setdefault(key_label, 0)
        return [OptionCount(label, n, label == key_label) for label, n in orders.most_common()]
    counts: Counter[str] = Counter()
    for answer in answers:
        counts.update(set(chosen_options(answer)))
    choices = _choices(item)
    if item.type in _LISTED_TYPES:
        return [OptionCount(words, counts.get(label, 0), right) for label, words, right in choices]
    return [
        OptionCount(words, counts.get(label, 0), right)
        for label, words, right in choices
        if right or counts.get(label, 0)
    ]


def key_words(item: Item) -> tuple[str, ...]:
    """The key in words (the same wording the learner's review uses)."""
    return key_text(item)
