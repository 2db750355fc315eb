"""Loss reports: what an import or an export could not carry over, per question or per item type.

Nothing is dropped silently: every question that is skipped, converted with a different scoring
rule or imported without some of its parts gets one entry, with what was lost and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from quizbank.errors import visible

Outcome = Literal["exact", "kept", "converted", "skipped"]
Direction = Literal["import", "export"]

_OUTCOME_WORDS = {
    "exact": "exported exactly, scored as clinquiz scores it",
    "kept": "kept, with losses",
    "converted": "converted, scored by a different rule",
    "skipped": "skipped",
}


@dataclass(frozen=True)
class Loss:
    """One thing that did not carry over: what it was, and why (and what was done instead)."""

    what: str
    why: str


@dataclass(frozen=True)
class Entry:
    """The losses of one question (import) or of one item type or item (export)."""

    name: str  # the question's name (import); the item type or item id (export)
    kind: str  # the Moodle/GIFT question type (import); the clinquiz item type (export)
    outcome: Outcome
    losses: tuple[Loss, ...]
    items: tuple[str, ...] = ()  # clinquiz item ids this entry is about
    line: int = 0  # where the question starts in the input file (import)

    def lines(self) -> list[str]:
        """The entry as indented lines of plain text."""
        where = f"line {self.line}: " if self.line else ""
        target = ""
        if self.items and len(self.items) <= 3:
            target = " -> " + ", ".join(f"'{i}'" for i in self.items)
        elif self.items:
            target = f" -> {len(self.items)} items ({', '.join(self.items[:3])}, ...)"
        head = f"{where}{self.name} ({self.kind}){target}: {_OUTCOME_WORDS[self.outcome]}"
        return [visible(head)] + [visible(f"    - {loss.what}: {loss.why}") for loss in self.losses]


@dataclass(frozen=True)
class LossReport:
    """Everything an import or export could not carry over, and what it did carry."""

    direction: Direction
    format: str
    source: str  # the input file (import) or the bank paths (export)
    written: tuple[str, ...]  # ids of the items written
    read: int  # questions read (import) or items asked for (export)
    entries: tuple[Entry, ...] = field(default=())

    @property
    def skipped(self) -> tuple[Entry, ...]:
        """The entries of questions or items that were not written at all."""
        return tuple(e for e in self.entries if e.outcome == "skipped")

    def entry(self, name: str) -> Entry:
        """The entry of the question (import) or item type/item (export) called `name`."""
        for found in self.entries:
            if found.name == name:
                return found
        raise KeyError(name)

    def lines(self) -> list[str]:
        """The report as lines of plain text, as the command line prints it."""
        if self.direction == "import":
            head = (
                f"{self.format} import of {self.source}: {len(self.written)} item(s) from {self.read} question(s)"
                f"{'' if not self.entries else f'; {len(self.entries)} question(s) with losses'}"
            )
        else:
            head = (
                f"{self.format} export of {len(self.written)} of {self.read} item(s) from {self.source}"
                f"{'' if not self.entries else f'; {len(self.entries)} report entries'}"
            )
        out = [visible(head)]
        for entry in self.entries:
            out.extend("  " + line for line in entry.lines())
        if not self.entries:
            out.append("  nothing was lost")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())
