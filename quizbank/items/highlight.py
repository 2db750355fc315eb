"""Pick the cues in a chart note: +1 per cue picked, -1 per non-cue, floor 0. Segments keep text order."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import Id, known, unique
from quizbank.items.base import (
    ItemBase,
    Option,
    choices_of,
    no_parts,
    no_solved_order,
    picked_feedback,
    picked_texts,
    picked_words,
    texts_of,
)
from quizbank.items.kind import ItemType
from quizbank.items.points import Score, ids, plus_minus


class HighlightItem(ItemBase):
    """Pick the cues in a chart note: +1 per cue picked, -1 per non-cue, floor 0."""

    type: Literal["highlight"]
    segments: Annotated[list[Option], Field(min_length=2, max_length=40)]
    key: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _key_among_segments(self) -> HighlightItem:
        segment_ids = [s.id for s in self.segments]
        unique(segment_ids, "segment id", ("segments",))
        unique(self.key, "key segment", ("key",))
        known(self.key, segment_ids, "segment")
        return self


def _score(item: HighlightItem, response: Any) -> Score:
    segment_ids = [s.id for s in item.segments]
    return plus_minus(ids(response, segment_ids, "segment"), segment_ids, item.key)


TYPE = ItemType[HighlightItem](
    name="highlight",
    model=HighlightItem,
    score=_score,
    max_points=lambda item: float(len(item.key)),
    key_text=lambda item: texts_of(item.segments, item.key),
    response_text=lambda item, response: picked_texts(item.segments, response),
    chosen_feedback=lambda item, response: picked_feedback(item.segments, response),
    choices=lambda item: choices_of(item.segments),
    order_rule="text",
    parts=no_parts,
    part_noun="part",
    solved_order=no_solved_order,
    key_response=lambda item: list(item.key),
    words=picked_words(lambda item: item.segments, lambda item: item.key),
)
