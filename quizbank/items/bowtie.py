"""Bow-tie: 1 condition, 2 actions, 2 parameters to monitor; 0/1 per slot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizbank.fields import FieldProblem, Id, Strict, known, unique
from quizbank.items.base import ItemBase, Option, choices_of, no_choices, no_feedback, no_solved_order, same_label
from quizbank.items.kind import NO_ANSWER, AnswerWords, Choice, CountChoice, ItemType
from quizbank.items.points import InvalidResponse, Part, Score, ids

SLOTS: tuple[str, ...] = ("condition", "actions", "parameters")


class BowtieSlot(Strict):
    """One side of a bow-tie: the choices and the right picks."""

    options: Annotated[list[Option], Field(min_length=2, max_length=8)]
    key: Annotated[list[Id], Field(min_length=1, max_length=2)]

    @model_validator(mode="after")
    def _key_among_options(self) -> BowtieSlot:
        option_ids = [o.id for o in self.options]
        unique(option_ids, "option id", ("options",))
        unique(self.key, "key option", ("key",))
        known(self.key, option_ids, "option")
        return self


class BowtieItem(ItemBase):
    """Bow-tie: 1 condition, 2 actions, 2 parameters to monitor; 0/1 per slot."""

    type: Literal["bowtie"]
    condition: BowtieSlot
    actions: BowtieSlot
    parameters: BowtieSlot

    @model_validator(mode="after")
    def _slot_sizes(self) -> BowtieItem:
        for name, want in (("condition", 1), ("actions", 2), ("parameters", 2)):
            slot: BowtieSlot = getattr(self, name)
            if len(slot.key) != want:
                raise FieldProblem(f"the key must name {want}, it names {len(slot.key)}", (name, "key"))
            if len(slot.options) <= want:
                raise FieldProblem(f"needs more than {want} options to choose from", (name, "options"))
        return self

    def slot(self, name: str) -> BowtieSlot:
        """The side called `name` (condition, actions or parameters)."""
        found: BowtieSlot = getattr(self, name)
        return found


def _score(item: BowtieItem, response: Any) -> Score:
    if not isinstance(response, Mapping) or set(response) - set(SLOTS):
        raise InvalidResponse("expected condition, actions and parameters")
    parts: list[Part] = []
    for name in SLOTS:
        slot = item.slot(name)
        chosen = ids(response.get(name, []), [o.id for o in slot.options], "option", limit=len(slot.key))
        for index in range(len(slot.key)):
            pick = chosen[index] if index < len(chosen) else None
            right = pick is not None and pick in slot.key
            parts.append(Part(f"{name} {index + 1}", float(right), 1.0, right))
    return Score(sum(p.points for p in parts), float(len(parts)), tuple(parts))


def _key_text(item: BowtieItem) -> tuple[str, ...]:
    return tuple(
        f"{name}: " + "; ".join(o.text for o in item.slot(name).options if o.id in item.slot(name).key)
        for name in SLOTS
    )


def _response_text(item: BowtieItem, response: Any) -> tuple[str, ...]:
    lines = []
    for name in SLOTS:
        texts = {o.id: o.text for o in item.slot(name).options}
        chosen = [texts[r] for r in response.get(name, [])]
        lines.append(f"{name}: " + ("; ".join(chosen) or "(none)"))
    return tuple(lines)


def _review_lines(item: BowtieItem, response: Any) -> tuple[str, ...]:
    lines = []
    for name in SLOTS:
        texts = {o.id: o.text for o in item.slot(name).options}
        picked = [texts[o] for o in response.get(name, [])]
        lines.append(f"{name.capitalize()}: {'; '.join(picked) if picked else NO_ANSWER}")
    return tuple(lines)


def _count_choices(item: BowtieItem) -> list[CountChoice]:
    return [
        (f"{name}={o.id}", f"{name}: {o.text}", o.id in item.slot(name).key)
        for name in SLOTS
        for o in item.slot(name).options
    ]


def _parts(item: BowtieItem) -> dict[str, list[Choice]]:
    return {name: choices_of(item.slot(name).options) for name in SLOTS}


TYPE = ItemType[BowtieItem](
    name="bowtie",
    model=BowtieItem,
    score=_score,
    max_points=lambda item: float(sum(len(item.slot(name).key) for name in SLOTS)),
    key_text=_key_text,
    response_text=_response_text,
    chosen_feedback=no_feedback,
    choices=no_choices,
    order_rule="seeded",
    parts=_parts,
    part_noun="part",
    solved_order=no_solved_order,
    key_response=lambda item: {name: list(item.slot(name).key) for name in SLOTS},
    words=AnswerWords[BowtieItem](
        review_lines=_review_lines,
        key_lines=lambda item: tuple(line[:1].upper() + line[1:] for line in _key_text(item)),
        option_label=same_label,
        count_choices=_count_choices,
    ),
)
