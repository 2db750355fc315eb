"""Put the options in order; scored all-or-nothing or per position. Never shown already solved."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import FieldProblem, Id, known, unique
from quizbank.items.base import ChoiceItem, choices_of, no_parts, option_texts, picked_feedback, picked_texts
from quizbank.items.kind import AnswerWords, ItemType
from quizbank.items.points import InvalidResponse, Part, Score, ids


class OrderingItem(ChoiceItem):
    """Put the options in order; scored all-or-nothing or per position."""

    type: Literal["ordering"]
    key: Annotated[list[Id], Field(min_length=2)]
    scoring: Literal["all_or_nothing", "per_position"]

    @model_validator(mode="after")
    def _key_is_permutation(self) -> OrderingItem:
        unique(self.key, "key option", ("key",))
        known(self.key, self.option_ids, "option")
        missing = [o for o in self.option_ids if o not in self.key]
        if missing:
            raise FieldProblem(f"the key must list every option in order; it leaves out {', '.join(missing)}", ("key",))
        return self


def _score(item: OrderingItem, response: Any) -> Score:
    order = ids(response, item.option_ids, "option")
    if len(order) != len(item.option_ids):
        raise InvalidResponse("an ordering must place every option")
    hits = [a == b for a, b in zip(order, item.key)]
    if item.scoring == "per_position":
        parts = tuple(Part(f"position {i + 1}", float(ok), 1.0, ok) for i, ok in enumerate(hits))
        return Score(float(sum(hits)), float(len(hits)), parts)
    right = all(hits)
    return Score(float(right), 1.0, (Part("order", float(right), 1.0, right),))


def _key_text(item: OrderingItem) -> tuple[str, ...]:
    by_id = {o.id: o.text for o in item.options}
    return tuple(f"{i + 1}. {by_id[o]}" for i, o in enumerate(item.key))


def _numbered(item: OrderingItem, response: Any) -> tuple[str, ...]:
    return tuple(f"{i}. {text}" for i, text in enumerate(picked_texts(item.options, response), start=1))


def _order_words(item: OrderingItem, answer: Any) -> str | None:
    """A whole order in words, as the instructor's counts show it; None when it is not an order."""
    if not isinstance(answer, (list, tuple)):
        return None
    texts = option_texts(item.options)
    return " → ".join(texts.get(str(o), str(o)) for o in answer)


TYPE = ItemType[OrderingItem](
    name="ordering",
    model=OrderingItem,
    score=_score,
    max_points=lambda item: float(len(item.key)) if item.scoring == "per_position" else 1.0,
    key_text=_key_text,
    response_text=lambda item, response: picked_texts(item.options, response),
    chosen_feedback=lambda item, response: picked_feedback(item.options, response),
    # Always shuffled, pins ignored: authors list the steps in key order.
    choices=lambda item: choices_of(item.options, pins=False),
    order_rule="always",
    parts=no_parts,
    part_noun="part",
    solved_order=lambda item: list(item.key),
    key_response=lambda item: list(item.key),
    words=AnswerWords[OrderingItem](
        review_lines=_numbered,
        key_lines=_key_text,
        option_label=lambda item, option_id: option_texts(item.options).get(option_id, option_id),
        count_choices=lambda item: [],
        whole_answer=_order_words,
    ),
)
