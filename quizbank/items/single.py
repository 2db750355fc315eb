"""Single best answer: one option is the key. Scored 0/1; a case step branches per option."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from quizbank.fields import FieldProblem, Id
from quizbank.items.base import ChoiceItem, choices_of, no_parts, no_solved_order, picked_feedback, texts_of
from quizbank.items.kind import ItemType
from quizbank.items.points import InvalidResponse, Score, one_point


class SingleItem(ChoiceItem):
    """Single best answer: one option is the key. Scored 0/1."""

    type: Literal["single"]
    key: Id

    @model_validator(mode="after")
    def _key_among_options(self) -> SingleItem:
        if self.key not in self.option_ids:
            raise FieldProblem(
                f"the key '{self.key}' is not among the options ({', '.join(self.option_ids)})", ("key",)
            )
        return self


def _score(item: SingleItem, response: Any) -> Score:
    if not isinstance(response, str) or response not in item.option_ids:
        raise InvalidResponse("expected one of the item's option ids")
    return one_point(response == item.key)


TYPE = ItemType[SingleItem](
    name="single",
    model=SingleItem,
    score=_score,
    max_points=lambda item: 1.0,
    key_text=lambda item: texts_of(item.options, [item.key]),
    response_text=lambda item, response: texts_of(item.options, [response]),
    chosen_feedback=lambda item, response: picked_feedback(item.options, response),
    choices=lambda item: choices_of(item.options),
    order_rule="seeded",
    parts=no_parts,
    part_noun="part",
    solved_order=no_solved_order,
    key_response=lambda item: item.key,
    answer_branches=lambda item: tuple(item.option_ids),
    answer_branch=lambda item, response: str(response),
    branch_answer=lambda item, branch: branch,
    branch_noun="option",
)
