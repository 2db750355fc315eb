"""Drop-down cloze: 0/1 per blank."""

from __future__ import annotations

from typing import Any, Literal

from quizbank.items.base import no_choices, no_feedback, no_solved_order
from quizbank.items.kind import ItemType
from quizbank.items.points import Part, Score
from quizbank.items.sentence import SENTENCE_WORDS, SentenceItem, blank_lines, blank_parts, blank_results, key_choices


class ClozeItem(SentenceItem):
    """Drop-down cloze: 0/1 per blank."""

    type: Literal["cloze"]


def _score(item: ClozeItem, response: Any) -> Score:
    parts = tuple(Part(b, float(ok), 1.0, ok) for b, ok in blank_results(item, response))
    return Score(sum(p.points for p in parts), float(len(parts)), parts)


TYPE = ItemType[ClozeItem](
    name="cloze",
    model=ClozeItem,
    score=_score,
    max_points=lambda item: float(len(item.blanks)),
    key_text=lambda item: blank_lines(item, key_choices(item)),
    response_text=blank_lines,
    chosen_feedback=no_feedback,
    choices=no_choices,
    order_rule="seeded",
    parts=blank_parts,
    part_noun="blank",
    solved_order=no_solved_order,
    key_response=key_choices,
    words=SENTENCE_WORDS,
)
