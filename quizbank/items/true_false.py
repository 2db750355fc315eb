"""A statement that is true or false. Scored 0/1; a case step branches on true and false."""

from __future__ import annotations

from typing import Any, Literal

from quizbank.fields import Text
from quizbank.items.base import ItemBase, no_choices, no_parts, no_solved_order
from quizbank.items.kind import AnswerWords, ItemType
from quizbank.items.points import InvalidResponse, Score, one_point


class TrueFalseItem(ItemBase):
    """A statement that is true or false. Scored 0/1."""

    type: Literal["true_false"]
    key: bool
    feedback_true: Text | None = None
    feedback_false: Text | None = None


def _score(item: TrueFalseItem, response: Any) -> Score:
    if not isinstance(response, bool):
        raise InvalidResponse("expected true or false")
    return one_point(response == item.key)


def _words(value: Any) -> tuple[str, ...]:
    return ("True" if value else "False",)


def _chosen_feedback(item: TrueFalseItem, response: Any) -> tuple[tuple[str, str], ...]:
    text = item.feedback_true if response is True else item.feedback_false if response is False else None
    return (("true" if response else "false", text),) if text else ()


TYPE = ItemType[TrueFalseItem](
    name="true_false",
    model=TrueFalseItem,
    score=_score,
    max_points=lambda item: 1.0,
    key_text=lambda item: _words(item.key),
    response_text=lambda item, response: _words(response),
    chosen_feedback=_chosen_feedback,
    choices=no_choices,
    order_rule="seeded",
    parts=no_parts,
    part_noun="part",
    solved_order=no_solved_order,
    key_response=lambda item: item.key,
    answer_branches=lambda item: ("true", "false"),
    answer_branch=lambda item, response: "true" if response is True else "false",
    branch_answer=lambda item, branch: branch == "true",
    words=AnswerWords[TrueFalseItem](
        review_lines=lambda item, response: _words(response),
        key_lines=lambda item: _words(item.key),
        option_label=lambda item, option_id: _words(option_id == "true")[0],
        count_choices=lambda item: [("true", "True", item.key is True), ("false", "False", item.key is False)],
        lists_every_choice=True,
    ),
)
