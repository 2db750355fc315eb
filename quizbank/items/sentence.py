"""What cloze and drop-down rationale items share: a sentence with `{{blank}}` drop-downs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import Field, model_validator

from quizbank.fields import FieldProblem, Id, Strict, Text, unique
from quizbank.items.base import ItemBase, no_choices, no_feedback, no_solved_order, same_label
from quizbank.items.kind import AnswerWords, Choice, ItemType
from quizbank.items.points import InvalidResponse, Score, mapping

BLANK_RE = re.compile(r"\{\{\s*([a-z0-9][a-z0-9._-]*)\s*\}\}")


class Blank(Strict):
    """A drop-down in a sentence: its choices and the right one."""

    id: Id
    options: Annotated[list[Text], Field(min_length=2, max_length=10)]
    key: Text

    @model_validator(mode="after")
    def _key_among_options(self) -> Blank:
        unique(self.options, "choice", ("options",))
        if self.key not in self.options:
            raise FieldProblem(f"the key '{self.key}' is not among this blank's choices", ("key",))
        return self


class SentenceItem(ItemBase):
    """A sentence with `{{blank}}` markers, each filled from a drop-down."""

    sentence: Text
    blanks: Annotated[list[Blank], Field(min_length=1, max_length=8)]

    @model_validator(mode="after")
    def _blanks_match_sentence(self) -> SentenceItem:
        named = BLANK_RE.findall(self.sentence)
        blank_ids = [b.id for b in self.blanks]
        unique(blank_ids, "blank id", ("blanks",))
        unique(named, "blank marker")
        for index, blank in enumerate(blank_ids):
            if blank not in named:
                raise FieldProblem(
                    f"blank '{blank}' has no {{{{{blank}}}}} marker in the sentence", ("blanks", index, "id")
                )
        for marker in named:
            if marker not in blank_ids:
                raise FieldProblem(f"the sentence has {{{{{marker}}}}} but no blank with that id", ("sentence",))
        return self


S = TypeVar("S", bound=SentenceItem)


def blank_results(item: SentenceItem, response: Any) -> list[tuple[str, bool]]:
    """(blank id, right?) per blank of a well-formed response."""
    chosen = mapping(response, "blanks")
    blanks = {b.id: b for b in item.blanks}
    for blank, text in chosen.items():
        if blank not in blanks:
            raise InvalidResponse(f"unknown blank {blank!r}")
        if text not in blanks[blank].options:
            raise InvalidResponse(f"{text!r} is not a choice of blank {blank!r}")
    return [(b.id, chosen.get(b.id) == b.key) for b in item.blanks]


def blank_lines(item: SentenceItem, chosen: dict[str, str]) -> tuple[str, ...]:
    """'blank: choice' for each blank filled in `chosen`."""
    return tuple(f"{b.id}: {chosen[b.id]}" for b in item.blanks if b.id in chosen)


def key_choices(item: SentenceItem) -> dict[str, str]:
    """The right choice of every blank."""
    return {b.id: b.key for b in item.blanks}


def blank_parts(item: SentenceItem) -> dict[str, list[Choice]]:
    """Each blank's choice texts, none pinned: they shuffle like options."""
    return {b.id: [(text, False) for text in b.options] for b in item.blanks}


def filled_sentence(item: SentenceItem, chosen: dict[str, str]) -> str:
    """The sentence with [choices] in its blanks ('…' where none is chosen)."""
    return BLANK_RE.sub(lambda m: f"[{chosen.get(m.group(1), '…')}]", item.sentence)


def sentence_type(
    name: str, model: type[S], score: Callable[[S, Any], Score], max_points: Callable[[S], float]
) -> ItemType[S]:
    """The ItemType of a sentence with drop-down blanks (cloze, drop-down rationale): everything
    but its scoring is read from the blanks."""
    return ItemType[S](
        name=name,
        model=model,
        score=score,
        max_points=max_points,
        key_text=lambda item: blank_lines(item, key_choices(item)),
        response_text=blank_lines,
        chosen_feedback=no_feedback,
        choices=no_choices,
        order_rule="seeded",
        parts=blank_parts,
        part_noun="blank",
        solved_order=no_solved_order,
        key_response=key_choices,
        words=AnswerWords[S](
            review_lines=lambda item, response: (filled_sentence(item, response),),
            key_lines=lambda item: (filled_sentence(item, key_choices(item)),),
            option_label=same_label,
            count_choices=lambda item: [
                (f"{b.id}={o}", f"{b.id}: {o}", o == b.key) for b in item.blanks for o in b.options
            ],
        ),
    )
