"""Select exactly N: 0/1 per correct pick, no more than N picks."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import FieldProblem, Id, known, unique
from quizbank.items.base import ChoiceItem, picked_type
from quizbank.items.points import Part, Score, ids


class SelectNItem(ChoiceItem):
    """Select exactly N: 0/1 per correct pick, no more than N picks."""

    type: Literal["select_n"]
    n: Annotated[int, Field(ge=1)]
    key: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _key_fits(self) -> SelectNItem:
        unique(self.key, "key option", ("key",))
        known(self.key, self.option_ids, "option")
        if len(self.key) != self.n:
            raise FieldProblem(f"n is {self.n} but the key lists {len(self.key)} options", ("key",))
        if self.n >= len(self.options):
            raise FieldProblem(f"n is {self.n} but there are only {len(self.options)} options", ("n",))
        return self


def _score(item: SelectNItem, response: Any) -> Score:
    chosen = ids(response, item.option_ids, "option", limit=item.n)
    parts = tuple(Part(o, float(o in item.key), 1.0, o in item.key) for o in chosen)
    return Score(sum(p.points for p in parts), float(item.n), parts)


TYPE = picked_type(
    "select_n",
    SelectNItem,
    _score,
    max_points=lambda item: float(item.n),
    options=lambda item: item.options,
    key=lambda item: item.key,
    order_rule="seeded",
)
