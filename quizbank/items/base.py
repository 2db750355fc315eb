"""Fields every item type has, the option model, and helpers the type modules share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, StringConstraints, field_validator, model_validator

from quizbank.fields import Audience, Citation, Difficulty, FieldProblem, Id, Strict, Tags, Text, unique
from quizbank.items.kind import NO_ANSWER, AnswerWords, ItemType, OrderRule
from quizbank.items.points import Score

M = TypeVar("M", bound="ItemBase")


class Option(Strict):
    """One choice a learner can pick; `pinned` keeps its place when options shuffle."""

    id: Id
    text: Text
    feedback: Text | None = None
    pinned: bool = False


class LintWaiver(Strict):
    """An item-writing rule this item is allowed to break, and why (`quizbank lint` then says nothing)."""

    rule: Id
    reason: Annotated[str, StringConstraints(min_length=10, max_length=1000)]


class ImportedFrom(Strict):
    """Where an imported item came from: the file's format and the question's own name and id there."""

    format: Literal["moodle-xml", "gift"]
    name: Text | None = None
    idnumber: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    category: Text | None = None


class ItemBase(Strict):
    """Fields every item has.

    A `draft` item (an imported question, say) may still lack citations, objectives and a
    rationale: the bank loads it, `quizbank validate` lists what it needs, and no quiz serves it.
    """

    id: Id
    version: Annotated[int, Field(ge=1)] = 1
    draft: bool = False
    stem: Text
    rationale: Text | None = None
    objectives: list[Id] = []
    tags: Tags
    difficulty: Difficulty
    audience: Audience
    citations: list[Citation] = []
    imported_from: ImportedFrom | None = None
    lint_waivers: list[LintWaiver] = []

    @model_validator(mode="after")
    def _ready_unless_draft(self) -> ItemBase:
        """A missing citation, objective or rationale is worded as pydantic's own 'missing' and 'empty' are."""
        if self.draft:
            return self
        for name, one in (("citations", "citation"), ("objectives", "objective")):
            if not getattr(self, name):
                said = "is empty" if name in self.model_fields_set else f"'{name}' is required but missing"
                raise FieldProblem(
                    f"{said}: an item needs at least one {one} (only a draft, draft: true, may have none)", (name,)
                )
        if self.rationale is None:
            raise FieldProblem(
                "'rationale' is required but missing (only a draft, draft: true, may go without)", ("rationale",)
            )
        return self

    def needs(self) -> list[str]:
        """What a draft still lacks before a quiz may serve it (empty for a ready item)."""
        missing = [
            f"a {what}"
            for what, have in (
                ("citation", self.citations),
                ("objective", self.objectives),
                ("rationale", self.rationale),
            )
            if not have
        ]
        return missing + (["draft: true removed"] if self.draft and not missing else [])


class ChoiceItem(ItemBase):
    """An item whose learner picks among `options`."""

    options: Annotated[list[Option], Field(min_length=2, max_length=12)]

    @field_validator("options")
    @classmethod
    def _option_ids_unique(cls, options: list[Option]) -> list[Option]:
        unique([o.id for o in options], "option id", ("options",))
        return options

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


def picked_feedback(options: Sequence[Option], response: Any) -> tuple[tuple[str, str], ...]:
    """(option id, feedback) for each option in `response` (one id or a list of ids) that has feedback."""
    chosen = [response] if isinstance(response, str) else list(response or []) if isinstance(response, list) else []
    return tuple((o.id, o.feedback) for o in options if o.id in chosen and o.feedback)


def texts_of(options: Sequence[Option], ids: Sequence[str]) -> tuple[str, ...]:
    """The texts of the options whose ids are in `ids`, in the options' order."""
    return tuple(o.text for o in options if o.id in ids)


def picked_texts(options: Sequence[Option], response: Sequence[str]) -> tuple[str, ...]:
    """The texts of the picked ids, in the order picked."""
    texts = {o.id: o.text for o in options}
    return tuple(texts[r] for r in response)


def option_texts(options: Sequence[Option]) -> dict[str, str]:
    """Each option's text by its id."""
    return {o.id: o.text for o in options}


def same_label(item: Any, option_id: str) -> str:
    """For types with no options of their own to name: the label is the id itself."""
    return option_id


def picked_type(
    name: str,
    model: type[M],
    score: Callable[[M, Any], Score],
    max_points: Callable[[M], float],
    options: Callable[[M], Sequence[Option]],
    key: Callable[[M], list[str]],
    order_rule: OrderRule,
) -> ItemType[M]:
    """The ItemType of a type whose response is a list of picked option ids (select all, select n,
    highlight): everything but its scoring is read from its `options` and its `key`."""
    return ItemType[M](
        name=name,
        model=model,
        score=score,
        max_points=max_points,
        key_text=lambda item: texts_of(options(item), key(item)),
        response_text=lambda item, response: picked_texts(options(item), response),
        chosen_feedback=lambda item, response: picked_feedback(options(item), response),
        choices=lambda item: choices_of(options(item)),
        order_rule=order_rule,
        parts=no_parts,
        part_noun="part",
        solved_order=no_solved_order,
        key_response=lambda item: list(key(item)),
        words=AnswerWords[M](
            review_lines=lambda item, response: picked_texts(options(item), response) or (NO_ANSWER,),
            key_lines=lambda item: texts_of(options(item), key(item)),
            option_label=lambda item, option_id: option_texts(options(item)).get(option_id, option_id),
            count_choices=lambda item: [(o.id, o.text, o.id in key(item)) for o in options(item)],
            lists_every_choice=True,
        ),
    )


def choices_of(options: Sequence[Option], *, pins: bool = True) -> list[tuple[str, bool]]:
    """(id, pinned) of each option, for the option order; `pins=False` ignores pinning."""
    return [(o.id, pins and o.pinned) for o in options]


def no_feedback(item: Any, response: Any) -> tuple[tuple[str, str], ...]:
    """For types whose options carry no per-choice feedback."""
    return ()


def no_choices(item: Any) -> list[tuple[str, bool]]:
    """For types with no top-level options to order."""
    return []


def no_parts(item: Any) -> dict[str, list[tuple[str, bool]]]:
    """For types with no inner parts that have their own choices."""
    return {}


def no_solved_order(item: Any) -> list[str] | None:
    """For types whose option order cannot give the answer away."""
    return None
