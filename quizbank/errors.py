"""Problems found in a bank, reported with file, line, column, item and field."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would act on a terminal or reorder text instead of being shown: control
# characters (escape sequences, line breaks) and bidirectional overrides. A problem is one line
# of plain text whatever the file, field name or value it quotes, so they are written as escapes.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with control characters and bidirectional overrides written as escapes (\\x1b, \\u202e)."""
    return _UNSAFE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the bank, located as precisely as the input allows."""

    file: str
    line: int  # 1-based; 0 when the whole file is meant
    column: int  # 1-based; 0 when unknown
    message: str
    item: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        parts = [where]
        if self.item:
            parts.append(f"item '{self.item}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return visible(": ".join(parts) + f": {self.message}")


def _order(problem: Problem) -> tuple[str, int, int, str, str, str]:
    """File, then place in the file; never compares None with text (Problem's own order would)."""
    return (problem.file, problem.line, problem.column, problem.item or "", problem.field or "", problem.message)


class BankError(Exception):
    """Raised when a bank cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))
