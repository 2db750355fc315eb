"""Select all that apply: +1 per correct option chosen, -1 per wrong one, floor 0."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import Id, known, unique
from quizbank.items.base import (
    ChoiceItem,
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


class SelectAllItem(ChoiceItem):
    """Select all that apply: +1 per correct option chosen, -1 per wrong one, floor 0."""

    type: Literal["select_all"]
    key: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _key_among_options(self) -> SelectAllItem:
        unique(self.key, "key option", ("key",))
        known(self.key, self.option_ids, "option")
        return self


def _score(item: SelectAllItem, response: Any) -> Score:
    return plus_minus(ids(response, item.option_ids, "option"), item.option_ids, item.key)


TYPE = ItemType[SelectAllItem](
    name="select_all",
    model=SelectAllItem,
    score=_score,
    max_points=lambda item: float(len(item.key)),
    key_text=lambda item: texts_of(item.options, item.key),
    response_text=lambda item, response: picked_texts(item.options, response),
    chosen_feedback=lambda item, response: picked_feedback(item.options, response),
    choices=lambda item: choices_of(item.options),
    order_rule="seeded",
    parts=no_parts,
    part_noun="part",
    solved_order=no_solved_order,
    key_response=lambda item: list(item.key),
    words=picked_words(lambda item: item.options, lambda item: item.key),
)
