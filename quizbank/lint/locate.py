"""Where a finding stands: file, line and column of a field of an item, read by the strict reader.

The files are read (once each) only when a finding needs them: a bank loaded by the fast path
knows no lines, and a clean bank needs none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quizbank.errors import BankError
from quizbank.lint.parts import Path as FieldPath
from quizbank.loader import Bank, bank_files
from quizbank.yamlread import Located, load_yaml, read_text


def _index(entries: Any, entry_id: str) -> int | None:
    """The index of the mapping with this id in a raw YAML list."""
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("id") == entry_id:
                return index
    return None


class Locator:
    """Finds the file, line and column of fields of a bank's items and case steps, lazily."""

    def __init__(self, bank: Bank, files: Iterable[Path] | None = None):
        self._bank = bank
        self._files = [str(f) for f in bank_files(files)] if files is not None else None
        self._read: dict[str, Located | None] = {}

    def origin(self, item_id: str) -> tuple[str, int] | None:
        """The file and line of an item's id, as the loader recorded them (None if unknown)."""
        try:
            return self._bank.origins[item_id]
        except (KeyError, BankError, OSError):
            return None

    def order(self, item_id: str) -> tuple[str, int]:
        """A sort key that puts items in file and line order."""
        return self.origin(item_id) or ("", 0)

    def where(self, item_id: str) -> str:
        """An item's place for a message: "file:line"."""
        origin = self.origin(item_id)
        return f"{origin[0]}:{origin[1]}" if origin else "place unknown"

    def _located(self, file: str) -> Located | None:
        if file not in self._read:
            try:
                self._read[file] = load_yaml(read_text(Path(file), file), file)
            except (BankError, OSError):
                self._read[file] = None
        return self._read[file]

    def item(self, item_id: str, path: FieldPath) -> tuple[str, int, int]:
        """File, line and column of `path` inside a bank item (the item's line if the field is not found)."""
        origin = self.origin(item_id)
        if origin is None:
            return self.label(), 0, 0
        file, line = origin
        located = self._located(file)
        index = _index(located.data.get("items"), item_id) if located and isinstance(located.data, dict) else None
        if located is None or index is None:
            return file, line, 0
        found_line, column = located.where(("items", index, *path))
        return file, found_line, column

    def _case_files(self) -> list[str]:
        if self._files is not None:
            return self._files
        known: list[str] = []
        try:
            known = list(dict.fromkeys(file for file, _ in self._bank.origins.values()))
        except (BankError, OSError):
            pass
        folders = dict.fromkeys(Path(file).parent for file in known)
        siblings = [str(f) for folder in folders if folder.is_dir() for f in bank_files([folder])]
        return list(dict.fromkeys(known + [s for s in siblings if s not in known]))

    def case_step(self, case_id: str, step_id: str, path: FieldPath) -> tuple[str, int, int] | None:
        """File, line and column of `path` inside the item of a case's step (None if not found)."""
        for file in self._case_files():
            located = self._located(file)
            if located is None or not isinstance(located.data, dict):
                continue
            cases: Any = located.data.get("cases")
            c_index = _index(cases, case_id)
            if c_index is None:
                continue
            s_index = _index(cases[c_index].get("steps"), step_id)
            if s_index is None:
                continue
            line, column = located.where(("cases", c_index, "steps", s_index, "item", *path))
            return file, line, column
        return None

    def label(self) -> str:
        """How bank-level findings name the bank: the folder (or file) its files share."""
        files = self._files
        if files is None:
            try:
                files = sorted({file for file, _ in self._bank.origins.values()})
            except (BankError, OSError):
                files = []
        if not files:
            return "bank"
        if len(files) == 1:
            return files[0]
        try:
            return os.path.commonpath(files)
        except ValueError:
            return files[0]
