"""Drop-down cloze: 0/1 per blank."""

from __future__ import annotations

from typing import Any, Literal

from quizbank.items.points import Part, Score
from quizbank.items.sentence import SentenceItem, blank_results, sentence_type


class ClozeItem(SentenceItem):
    """Drop-down cloze: 0/1 per blank."""

    type: Literal["cloze"]


def _score(item: ClozeItem, response: Any) -> Score:
    parts = tuple(Part(b, float(ok), 1.0, ok) for b, ok in blank_results(item, response))
    return Score(sum(p.points for p in parts), float(len(parts)), parts)


TYPE = sentence_type("cloze", ClozeItem, _score, max_points=lambda item: float(len(item.blanks)))
