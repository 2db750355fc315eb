"""Select all that apply: +1 per correct option chosen, -1 per wrong one, floor 0."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import Id, known, unique
from quizbank.items.base import ChoiceItem, picked_type
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


TYPE = picked_type(
    "select_all",
    SelectAllItem,
    _score,
    max_points=lambda item: float(len(item.key)),
    options=lambda item: item.options,
    key=lambda item: item.key,
    order_rule="seeded",
)
