"""What every bank model shares: the strict base, field types, citations, tags and the validation error.

The models are strict: unknown fields are errors and no value is coerced from one
type to another (the loader keeps YAML 1.1 look-alikes such as ``yes``, ``010`` and
``1:10`` as text, so a field that wants a boolean or a number rejects them).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

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


class Objective(Strict):
    """A learning objective items can point to."""

    id: Id
    text: Text


class FieldProblem(ValueError):
    """A validation message that knows which field (path below the model) it is about."""

    def __init__(self, message: str, at: tuple[str | int, ...] = ()):
        super().__init__(message)
        self.at = at


def unique(values: list[str], what: str, at: tuple[str | int, ...] = ()) -> None:
    """Raise FieldProblem at the second occurrence of a repeated value."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise FieldProblem(f"{what} '{value}' appears twice", at + (index,) if at else ())
        seen.add(value)


def known(key: list[str], allowed: list[str], what: str, at: tuple[str | int, ...] = ("key",)) -> None:
    """Raise FieldProblem for the first key entry that is not among `allowed`."""
    for index, value in enumerate(key):
        if value not in allowed:
            raise FieldProblem(
                f"the key names {what} '{value}', which is not among the {what}s ({', '.join(allowed)})",
                at + (index,) if len(at) == 1 and len(key) > 1 else at,
            )
