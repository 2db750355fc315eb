"""Answers in words for the instructor: option labels, which ones are right, and the key.

`analytics.chosen_options` turns a raw answer into labels to count (an option id,
"true"/"false", "row=column", "blank=choice", "slot=option"); each item type words its
labels and marks them right or wrong against the key (`AnswerWords` in quizbank/items/). This is the
instructor's view, so the key is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quizbank.analytics import chosen_options
from quizbank.items import answer_words, key_response
from quizbank.models import Item
from quizbank.session import key_text


@dataclass(frozen=True)
class OptionCount:
    """How many learners gave one answer (or part of an answer), and whether it is right."""

    label: str
    count: int
    correct: bool


def option_counts(item: Item, answers: Iterable[Any]) -> list[OptionCount]:
    """What the class answered to `item`, one learner's answer counted once per choice in it.

    Single, true/false, select and highlight items list every option (0 when nobody chose
    it), in the bank's order. Matrix, cloze, rationale and bow-tie items list what was
    chosen plus the right choices. Ordering items count whole orders.
    """
    answers = [a for a in answers if a is not None]
    wording = answer_words(item)
    if wording.whole_answer is not None:
        key_label = wording.whole_answer(item, key_response(item))
        orders = Counter(w for w in (wording.whole_answer(item, a) for a in answers) if w is not None)
        if key_label is not None:
            orders.setdefault(key_label, 0)
        return [OptionCount(label, n, label == key_label) for label, n in orders.most_common()]
    counts: Counter[str] = Counter()
    for answer in answers:
        counts.update(set(chosen_options(answer)))
    choices = wording.count_choices(item)
    if wording.lists_every_choice:
        return [OptionCount(words, counts.get(label, 0), right) for label, words, right in choices]
    return [
        OptionCount(words, counts.get(label, 0), right)
        for label, words, right in choices
        if right or counts.get(label, 0)
    ]


def key_words(item: Item) -> tuple[str, ...]:
    """The key in words (the same wording the learner's review uses)."""
    return key_text(item)
