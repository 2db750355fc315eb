"""The item-type registry: one module per item type, and the functions the core calls for any item.

Each type module (single.py, matrix.py, ...) holds its pydantic model and an `ItemType` named
`TYPE`: scoring, max points, key and response text, chosen-option feedback, which options shuffle
and how, and the words of answers for the review, the debrief and the instructor (`AnswerWords`).
Adding a type means a new module here and its line in `_MODULES` and `Item`; nothing outside
this package branches on `item.type`, except the interchange's per-format tables
(quizbank/interchange/), which map the types to other formats' question types.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from quizbank.items import (
    bowtie,
    cloze,
    dropdown_rationale,
    highlight,
    matrix,
    ordering,
    select_all,
    select_n,
    single,
    true_false,
)
from quizbank.items.bowtie import BowtieItem, BowtieSlot
from quizbank.items.cloze import ClozeItem
from quizbank.items.dropdown_rationale import RationaleItem
from quizbank.items.highlight import HighlightItem
from quizbank.items.kind import NO_ANSWER, AnswerWords, CountChoice, ItemType
from quizbank.items.matrix import MatrixItem
from quizbank.items.ordering import OrderingItem
from quizbank.items.points import InvalidResponse, Part, Score
from quizbank.items.select_all import SelectAllItem
from quizbank.items.select_n import SelectNItem
from quizbank.items.single import SingleItem
from quizbank.items.true_false import TrueFalseItem
from quizbank.shuffle import shuffled

Item = Annotated[
    SingleItem
    | TrueFalseItem
    | SelectAllItem
    | SelectNItem
    | MatrixItem
    | ClozeItem
    | RationaleItem
    | OrderingItem
    | HighlightItem
    | BowtieItem,
    Field(discriminator="type"),
]

_MODULES = (single, true_false, select_all, select_n, matrix, cloze, dropdown_rationale, ordering, highlight, bowtie)
REGISTRY: dict[str, ItemType[Any]] = {module.TYPE.name: module.TYPE for module in _MODULES}
ITEM_TYPES: tuple[str, ...] = tuple(REGISTRY)


class NoSuchPart(LookupError):
    """The item has no inner part of that name with its own choices; `noun` says what was asked for."""

    def __init__(self, noun: str, part: str) -> None:
        super().__init__(f"no {noun} {part!r}")
        self.noun = noun


def item_type(item: Item) -> ItemType[Any]:
    """The registry entry of `item`'s type."""
    return REGISTRY[item.type]


def max_points(item: Item) -> float:
    """The most points the item can give."""
    return item_type(item).max_points(item)


def score(item: Item, response: Any) -> Score:
    """Score `response` to `item`; None scores 0. Raises InvalidResponse for a malformed response."""
    if response is None:
        return Score(0.0, max_points(item), ())
    return item_type(item).score(item, response)


def check_response(item: Item, response: Any) -> None:
    """Raise InvalidResponse unless `response` is a well-formed answer to `item`."""
    if response is not None:
        item_type(item).score(item, response)


def key_text(item: Item) -> tuple[str, ...]:
    """The key in words, for the review after an item is locked or an exam submitted."""
    return item_type(item).key_text(item)


def response_text(item: Item, response: Any) -> tuple[str, ...]:
    """A well-formed response in words (option texts, row: column, blank: choice ...)."""
    return () if response is None else item_type(item).response_text(item, response)


def chosen_feedback(item: Item, response: Any) -> tuple[tuple[str, str], ...]:
    """(choice id, feedback) for the choices the response picked that have feedback."""
    return item_type(item).chosen_feedback(item, response)


def answer_lines(item: Item, response: Any) -> tuple[str, ...]:
    """A learner's answer in lines of words, as the review and the debrief show it."""
    return (NO_ANSWER,) if response is None else item_type(item).words.review_lines(item, response)


def key_lines(item: Item) -> tuple[str, ...]:
    """The key in lines of words, as the review and the debrief show it (only once it may be shown)."""
    return item_type(item).words.key_lines(item)


def option_label(item: Item, option_id: str) -> str:
    """The words of one chosen option, beside its feedback."""
    return item_type(item).words.option_label(item, option_id)


def answer_words(item: Item) -> AnswerWords[Any]:
    """How `item`'s type words answers, for the instructor's counts (see AnswerWords)."""
    return item_type(item).words


def branch_text(item: Item, branch: str) -> str | None:
    """The words of a case step's per-answer branch; None when the type does not word its branches."""
    words = item_type(item).words.branch_text
    return None if words is None else words(item, branch)


def option_order(item: Item, seed: str, *, shuffle: bool = True) -> list[str]:
    """The item's options (segments, rows) in the order to show them, fixed by `seed`.

    Pinned options keep their place; a type whose rule is "text" keeps the author's order,
    "seeded" shuffles only when `shuffle`, "always" even when not. An order that would show
    the answer (an ordering item already solved) is never returned: it is turned by one place.
    """
    kind = item_type(item)
    choices = kind.choices(item)
    ids = [choice_id for choice_id, _ in choices]
    if not ids or kind.order_rule == "text" or (kind.order_rule == "seeded" and not shuffle):
        return ids
    order = shuffled(ids, [pinned for _, pinned in choices], seed)
    if len(order) > 1 and order == kind.solved_order(item):
        order = order[1:] + order[:1]
    return order


def part_order(item: Item, part: str, seed: str, *, shuffle: bool = True) -> list[str]:
    """The shown order of the choices inside one part: a blank's choice texts or a bow-tie side's
    option ids. Authors often write the key first, so these shuffle like options; pins are kept.
    Raises NoSuchPart when the item has no such part."""
    kind = item_type(item)
    choices = kind.parts(item).get(part)
    if choices is None:
        raise NoSuchPart(kind.part_noun, part)
    ids = [choice_id for choice_id, _ in choices]
    return shuffled(ids, [pinned for _, pinned in choices], seed) if shuffle else ids


def answer_branches(item: Item) -> tuple[str, ...] | None:
    """The branches a case step with this item must have per answer; None: it branches on the score."""
    branches = item_type(item).answer_branches
    return None if branches is None else branches(item)


def answer_branch(item: Item, response: Any) -> str | None:
    """The per-answer branch a well-formed response takes; None when the item branches on the score."""
    branch = item_type(item).answer_branch
    return None if branch is None else branch(item, response)


def branch_answer(item: Item, branch: str) -> Any:
    """The response a per-answer branch stands for (an option id, true or false), as a stored
    choice is replayed; ValueError when the item branches on the score instead."""
    answer = item_type(item).branch_answer
    if answer is None:
        raise ValueError(f"a {item.type} item branches on its score, not per answer")
    return answer(item, branch)


def branch_noun(item: Item) -> str:
    """What a case step with this item branches on, in words: "option" or "answer"."""
    return item_type(item).branch_noun


def key_response(item: Item) -> Any:
    """A response that earns every point."""
    return item_type(item).key_response(item)


__all__ = [
    "ITEM_TYPES",
    "NO_ANSWER",
    "REGISTRY",
    "BowtieItem",
    "AnswerWords",
    "BowtieSlot",
    "ClozeItem",
    "CountChoice",
    "HighlightItem",
    "InvalidResponse",
    "Item",
    "ItemType",
    "MatrixItem",
    "NoSuchPart",
    "OrderingItem",
    "Part",
    "RationaleItem",
    "Score",
    "SelectAllItem",
    "SelectNItem",
    "SingleItem",
    "TrueFalseItem",
]
