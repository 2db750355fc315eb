"""Pick the cues in a chart note: +1 per cue picked, -1 per non-cue, floor 0. Segments keep text order."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import Id, known, unique
from quizbank.items.base import ItemBase, Option, picked_type
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


TYPE = picked_type(
    "highlight",
    HighlightItem,
    _score,
    max_points=lambda item: float(len(item.key)),
    options=lambda item: item.segments,
    key=lambda item: item.key,
    order_rule="text",
)
