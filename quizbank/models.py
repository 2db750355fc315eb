"""Pydantic models of the question bank: items of every type, citations, objectives.

The models are strict: unknown fields are errors and no value is coerced from one
type to another (the loader keeps YAML 1.1 look-alikes such as ``yes``, ``010`` and
``1:10`` as text, so a field that wants a boolean or a number rejects them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

if TYPE_CHECKING:
    from quizbank.cases import Case

SCHEMA_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Audience = Literal["nursing", "pharmacy", "both"]
Difficulty = Literal["easy", "medium", "hard"]
JudgmentStep = Literal[
    "recognize-cues",
    "analyze-cues",
    "prioritize-hypotheses",
    "generate-solutions",
    "take-action",
    "evaluate-outcomes",
]
JUDGMENT_STEPS: tuple[str, ...] = JudgmentStep.__args__  # type: ignore[attr-defined]

BLANK_RE = re.compile(r"\{\{\s*([a-z0-9][a-z0-9._-]*)\s*\}\}")


class Strict(BaseModel):
    """Base for every bank model: no unknown fields, no type coercion, frozen."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(Strict):
    """A verbatim quote from a source document that the item rests on."""

    source: Id
    quote: Annotated[str, StringConstraints(min_length=12, max_length=2000)]


class Tags(Strict):
    """Topic, drug and clinical-judgment step of an item."""

    topic: Id
    drug: Id = "anakinra"
    judgment_step: JudgmentStep | None = None


class Option(Strict):
    """One choice a learner can pick; `pinned` keeps its place when options shuffle."""

    id: Id
    text: Text
    feedback: Text | None = None
    pinned: bool = False


class Objective(Strict):
    """A learning objective items can point to."""

    id: Id
    text: Text


class FieldProblem(ValueError):
    """A validation message that knows which field (path below the model) it is about."""

    def __init__(self, message: str, at: tuple[str | int, ...] = ()):
        super().__init__(message)
        self.at = at


def _unique(values: list[str], what: str, at: tuple[str | int, ...] = ()) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise FieldProblem(f"{what} '{value}' appears twice", at + (index,) if at else ())
        seen.add(value)


def _known(key: list[str], allowed: list[str], what: str, at: tuple[str | int, ...] = ("key",)) -> None:
    for index, value in enumerate(key):
        if value not in allowed:
            raise FieldProblem(
                f"the key names {what} '{value}', which is not among the {what}s ({', '.join(allowed)})",
                at + (index,) if len(at) == 1 and len(key) > 1 else at,
            )


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
        _unique([o.id for o in options], "option id", ("options",))
        return options

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


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


class TrueFalseItem(ItemBase):
    """A statement that is true or false. Scored 0/1."""

    type: Literal["true_false"]
    key: bool
    feedback_true: Text | None = None
    feedback_false: Text | None = None


class SelectAllItem(ChoiceItem):
    """Select all that apply: +1 per correct option chosen, -1 per wrong one, floor 0."""

    type: Literal["select_all"]
    key: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _key_among_options(self) -> SelectAllItem:
        _unique(self.key, "key option", ("key",))
        _known(self.key, self.option_ids, "option")
        return self


class SelectNItem(ChoiceItem):
    """Select exactly N: 0/1 per correct pick, no more than N picks."""

    type: Literal["select_n"]
    n: Annotated[int, Field(ge=1)]
    key: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _key_fits(self) -> SelectNItem:
        _unique(self.key, "key option", ("key",))
        _known(self.key, self.option_ids, "option")
        if len(self.key) != self.n:
            raise FieldProblem(f"n is {self.n} but the key lists {len(self.key)} options", ("key",))
        if self.n >= len(self.options):
            raise FieldProblem(f"n is {self.n} but there are only {len(self.options)} options", ("n",))
        return self


class MatrixRow(Strict):
    """One row of a matrix item."""

    id: Id
    text: Text
    feedback: Text | None = None


class MatrixItem(ItemBase):
    """Matrix: one column chosen per row; 0/1 per row."""

    type: Literal["matrix"]
    rows: Annotated[list[MatrixRow], Field(min_length=2, max_length=12)]
    columns: Annotated[list[Option], Field(min_length=2, max_length=6)]
    key: dict[Id, Id]

    @model_validator(mode="after")
    def _key_covers_rows(self) -> MatrixItem:
        row_ids = [r.id for r in self.rows]
        col_ids = [c.id for c in self.columns]
        _unique(row_ids, "row id", ("rows",))
        _unique(col_ids, "column id", ("columns",))
        for row in row_ids:
            if row not in self.key:
                raise FieldProblem(f"the key gives no column for row '{row}'", ("key",))
        for row, column in self.key.items():
            if row not in row_ids:
                raise FieldProblem(f"the key names row '{row}', which is not among the rows", ("key", row))
            if column not in col_ids:
                raise FieldProblem(
                    f"the key gives column '{column}', which is not among the columns ({', '.join(col_ids)})",
                    ("key", row),
                )
        return self


class Blank(Strict):
    """A drop-down in a sentence: its choices and the right one."""

    id: Id
    options: Annotated[list[Text], Field(min_length=2, max_length=10)]
    key: Text

    @model_validator(mode="after")
    def _key_among_options(self) -> Blank:
        _unique(self.options, "choice", ("options",))
        if self.key not in self.options:
            raise FieldProblem(f"the key '{self.key}' is not among this blank's choices", ("key",))
        return self


class _SentenceItem(ItemBase):
    """A sentence with `{{blank}}` markers, each filled from a drop-down."""

    sentence: Text
    blanks: Annotated[list[Blank], Field(min_length=1, max_length=8)]

    @model_validator(mode="after")
    def _blanks_match_sentence(self) -> _SentenceItem:
        named = BLANK_RE.findall(self.sentence)
        ids = [b.id for b in self.blanks]
        _unique(ids, "blank id", ("blanks",))
        _unique(named, "blank marker")
        for index, blank in enumerate(ids):
            if blank not in named:
                raise FieldProblem(
                    f"blank '{blank}' has no {{{{{blank}}}}} marker in the sentence", ("blanks", index, "id")
                )
        for marker in named:
            if marker not in ids:
                raise FieldProblem(f"the sentence has {{{{{marker}}}}} but no blank with that id", ("sentence",))
        return self


class ClozeItem(_SentenceItem):
    """Drop-down cloze: 0/1 per blank."""

    type: Literal["cloze"]


class RationaleItem(_SentenceItem):
    """Drop-down rationale ("do X because of Y"): a point only when both parts are right."""

    type: Literal["dropdown_rationale"]

    @field_validator("blanks")
    @classmethod
    def _two_parts(cls, blanks: list[Blank]) -> list[Blank]:
        if len(blanks) != 2:
            raise FieldProblem(f"a drop-down rationale has exactly 2 blanks, this one has {len(blanks)}")
        return blanks


class OrderingItem(ChoiceItem):
    """Put the options in order; scored all-or-nothing or per position."""

    type: Literal["ordering"]
    key: Annotated[list[Id], Field(min_length=2)]
    scoring: Literal["all_or_nothing", "per_position"]

    @model_validator(mode="after")
    def _key_is_permutation(self) -> OrderingItem:
        _unique(self.key, "key option", ("key",))
        _known(self.key, self.option_ids, "option")
        missing = [o for o in self.option_ids if o not in self.key]
        if missing:
            raise FieldProblem(f"the key must list every option in order; it leaves out {', '.join(missing)}", ("key",))
        return self


class HighlightItem(ItemBase):
    """Pick the cues in a chart note: +1 per cue picked, -1 per non-cue, floor 0."""

    type: Literal["highlight"]
    segments: Annotated[list[Option], Field(min_length=2, max_length=40)]
    key: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _key_among_segments(self) -> HighlightItem:
        ids = [s.id for s in self.segments]
        _unique(ids, "segment id", ("segments",))
        _unique(self.key, "key segment", ("key",))
        _known(self.key, ids, "segment")
        return self


class BowtieSlot(Strict):
    """One side of a bow-tie: the choices and the right picks."""

    options: Annotated[list[Option], Field(min_length=2, max_length=8)]
    key: Annotated[list[Id], Field(min_length=1, max_length=2)]

    @model_validator(mode="after")
    def _key_among_options(self) -> BowtieSlot:
        ids = [o.id for o in self.options]
        _unique(ids, "option id", ("options",))
        _unique(self.key, "key option", ("key",))
        _known(self.key, ids, "option")
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
ITEM_TYPES: tuple[str, ...] = (
    "single",
    "true_false",
    "select_all",
    "select_n",
    "matrix",
    "cloze",
    "dropdown_rationale",
    "ordering",
    "highlight",
    "bowtie",
)


class BankFile(Strict):
    """One YAML file of the bank."""

    schema_version: Literal[1]
    objectives: list[Objective] = []
    items: list[Item] = []
    cases: list[Case] = []  # unfolding case scenarios, defined in quizbank/cases.py


# Case models embed items, so quizbank.cases imports this module; importing it last here
# lets it finish BankFile (it calls BankFile.model_rebuild once Case is defined).
import quizbank.cases  # noqa: E402,F401
