"""Export a loaded bank to Moodle XML, QTI 2.2, Canvas QTI 1.2 or GIFT, with a loss report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal

from quizbank.errors import BankError, Problem
from quizbank.interchange import canvas_write, gift_write, moodle_write, qti22_write
from quizbank.interchange.export_notes import Notes, entries
from quizbank.interchange.report import LossReport
from quizbank.interchange.yamlout import write_atomic
from quizbank.loader import Bank
from quizbank.models import Item

ExportFormat = Literal["moodle-xml", "qti22", "canvas-qti", "gift"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("moodle-xml", "qti22", "canvas-qti", "gift")
_WRITERS: dict[str, ModuleType] = {
    "moodle-xml": moodle_write,
    "qti22": qti22_write,
    "canvas-qti": canvas_write,
    "gift": gift_write,
}
SUFFIXES = {"moodle-xml": ".xml", "qti22": ".zip", "canvas-qti": ".zip", "gift": ".gift.txt"}


@dataclass(frozen=True)
class ExportResult:
    """The exported file's bytes and the loss report."""

    data: bytes
    report: LossReport


def chosen_items(bank: Bank, item_ids: Sequence[str] | None = None) -> list[Item]:
    """The bank's ready items, or those named (in the order given); BankError for an unknown or draft id."""
    if not item_ids:
        return list(bank.items.values())
    problems = []
    for item_id in item_ids:
        if item_id in bank.drafts:
            problems.append(Problem("(item ids)", 0, 0, f"item '{item_id}' is a draft; drafts are not exported"))
        elif item_id not in bank.items:
            problems.append(Problem("(item ids)", 0, 0, f"no item '{item_id}' in the bank"))
    if problems:
        raise BankError(problems)
    return [bank.items[i] for i in dict.fromkeys(item_ids)]


def export_items(items: list[Item], fmt: ExportFormat, source: str = "(items)") -> ExportResult:
    """`items` in the format `fmt`, and what the format could not carry."""
    writer = _WRITERS[fmt]
    notes = Notes()
    data = writer.write(items, notes)
    rules = writer.RULES
    skipped_types = {t for t, rule in rules.items() if rule.outcome == "skipped"}
    notes.skipped |= {i.id for i in items if i.type in skipped_types}
    written = tuple(i.id for i in items if i.id not in notes.skipped)
    report = LossReport("export", fmt, source, written, len(items), tuple(entries(items, rules, writer.COMMON, notes)))
    return ExportResult(data, report)


def export_bank(
    bank: Bank,
    fmt: ExportFormat,
    item_ids: Sequence[str] | None = None,
    out: Path | None = None,
    source: str = "the bank",
) -> ExportResult:
    """Export the bank's items (or those named) to `fmt`; written to `out` (atomically) if given."""
    if fmt not in _WRITERS:
        raise BankError([Problem(fmt, 0, 0, f"unknown export format; expected one of {', '.join(EXPORT_FORMATS)}")])
    result = export_items(chosen_items(bank, item_ids), fmt, source)
    if out is not None:
        write_atomic(out, result.data)
    return result
