"""Select exactly N: 0/1 per correct pick, no more than N picks."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import FieldProblem, Id, known, unique
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


TYPE = ItemType[SelectNItem](
    name="select_n",
    model=SelectNItem,
    score=_score,
    max_points=lambda item: float(item.n),
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
