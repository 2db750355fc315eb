"""Drop-down rationale ("do X because of Y"): a point only when both parts are right."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator

from quizbank.fields import FieldProblem
from quizbank.items.points import Part, Score
from quizbank.items.sentence import Blank, SentenceItem, blank_results, sentence_type


class RationaleItem(SentenceItem):
    """Drop-down rationale ("do X because of Y"): a point only when both parts are right."""

    type: Literal["dropdown_rationale"]

    @field_validator("blanks")
    @classmethod
    def _two_parts(cls, blanks: list[Blank]) -> list[Blank]:
        if len(blanks) != 2:
            raise FieldProblem(f"a drop-down rationale has exactly 2 blanks, this one has {len(blanks)}")
        return blanks


def _score(item: RationaleItem, response: Any) -> Score:
    results = blank_results(item, response)
    both = all(ok for _, ok in results)
    share = 1.0 / len(results)
    parts = tuple(Part(b, share if both else 0.0, share, ok) for b, ok in results)
    return Score(1.0 if both else 0.0, 1.0, parts)


TYPE = sentence_type("dropdown_rationale", RationaleItem, _score, max_points=lambda item: 1.0)
