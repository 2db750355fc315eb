"""The bank's models: items of every type (each defined in quizbank/items/), citations, objectives.

The models are strict: unknown fields are errors and no value is coerced from one
type to another. `BankFile` (a whole YAML file, cases included) is in quizbank/bankfile.py;
this module stays free of cases so that quizbank.cases can use it.
"""

from __future__ import annotations

from typing import Any

from quizbank.fields import (
    JUDGMENT_STEPS,
    Audience,
    Citation,
    Difficulty,
    FieldProblem,
    Id,
    JudgmentStep,
    Objective,
    Strict,
    Tags,
    Text,
)
from quizbank.items import (
    ITEM_TYPES,
    BowtieItem,
    BowtieSlot,
    ClozeItem,
    HighlightItem,
    Item,
    MatrixItem,
    OrderingItem,
    RationaleItem,
    SelectAllItem,
    SelectNItem,
    SingleItem,
    TrueFalseItem,
)
from quizbank.items.base import ChoiceItem, ImportedFrom, ItemBase, LintWaiver, Option
from quizbank.items.matrix import MatrixRow
from quizbank.items.sentence import BLANK_RE, Blank

SCHEMA_VERSION = 1


def __getattr__(name: str) -> Any:
    # BankFile names Case; importing quizbank.bankfile here only on demand keeps this module
    # free of quizbank.cases (which imports this one).
    if name == "BankFile":
        from quizbank.bankfile import BankFile

        return BankFile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BLANK_RE",
    "ITEM_TYPES",
    "JUDGMENT_STEPS",
    "SCHEMA_VERSION",
    "Audience",
    "Blank",
    "BowtieItem",
    "BowtieSlot",
    "ChoiceItem",
    "Citation",
    "ClozeItem",
    "Difficulty",
    "FieldProblem",
    "HighlightItem",
    "Id",
    "ImportedFrom",
    "Item",
    "ItemBase",
    "JudgmentStep",
    "LintWaiver",
    "MatrixItem",
    "MatrixRow",
    "Objective",
    "Option",
    "OrderingItem",
    "RationaleItem",
    "SelectAllItem",
    "SelectNItem",
    "SingleItem",
    "Strict",
    "Tags",
    "Text",
    "TrueFalseItem",
]
