"""Single best answer: one option is the key. Scored 0/1; a case step branches per option."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from quizbank.fields import FieldProblem, Id
from quizbank.items.base import (
    ChoiceItem,
    choices_of,
    no_parts,
    no_solved_order,
    option_texts,
    picked_feedback,
    texts_of,
)
from quizbank.items.kind import NO_ANSWER, AnswerWords, ItemType
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


def _key_text(item: SingleItem) -> tuple[str, ...]:
    return texts_of(item.options, [item.key])


def _option_label(item: SingleItem, option_id: str) -> str:
    return option_texts(item.options).get(option_id, option_id)


TYPE = ItemType[SingleItem](
    name="single",
    model=SingleItem,
    score=_score,
    max_points=lambda item: 1.0,
    key_text=_key_text,
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
    words=AnswerWords[SingleItem](
        review_lines=lambda item, response: (option_texts(item.options).get(response, NO_ANSWER),),
        key_lines=_key_text,
        option_label=_option_label,
        count_choices=lambda item: [(o.id, o.text, o.id == item.key) for o in item.options],
        lists_every_choice=True,
        branch_text=_option_label,
    ),
)
