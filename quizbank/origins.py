"""Where the items of a bank read by the fast path stand: file and line of each item's id.

The fast reader (fastread.py) knows no lines, and only error messages and tools ask where an
item is, so the lines are found by the strict reader the first time anyone asks, from the
same bytes (checked by their SHA-256): the answer is the one a strict load gives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from quizbank.errors import BankError, Problem
from quizbank.yamlread import decode, load_yaml, read_bytes


def digest(raw: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


class ItemOrigins(Mapping[str, tuple[str, int]]):
    """Item id -> (file, line of its id), for the files of a valid bank, worked out when first read."""

    def __init__(self, files: list[tuple[str, str]]):
        # (file name as the loader names it, SHA-256 of the bytes it read), and where the file is
        # should the working directory change before anyone asks
        self._files = [(name, sha, str(Path(name).resolve())) for name, sha in files]
        self._found: dict[str, tuple[str, int]] | None = None

    def _resolve(self) -> dict[str, tuple[str, int]]:
        if self._found is None:
            found: dict[str, tuple[str, int]] = {}
            for name, sha, where in self._files:
                raw = read_bytes(Path(where), name)
                if digest(raw) != sha:
                    message = "the file changed after the bank was loaded; load it again to see where its items are"
                    raise BankError([Problem(name, 0, 0, message)])
                located = load_yaml(decode(raw, name), name)
                items = located.data.get("items") if isinstance(located.data, dict) else None
                for index, item in enumerate(items or []):
                    found[item["id"]] = (name, located.where(("items", index, "id"))[0])
            self._found = found
        return self._found

    def __getitem__(self, item_id: str) -> tuple[str, int]:
        return self._resolve()[item_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._resolve())

    def __len__(self) -> int:
        return len(self._resolve())

    def __repr__(self) -> str:
        return f"ItemOrigins({self._found if self._found is not None else 'not yet read'})"
