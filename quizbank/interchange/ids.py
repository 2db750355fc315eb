"""Ids for imported items: lower-case slugs that match the bank's id pattern, unique within a file."""

from __future__ import annotations

import re
import unicodedata

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_ID = 80
_ROOM = 6  # left for a "-NNNN" suffix


def is_id(text: str) -> bool:
    """True when `text` is a valid bank id."""
    return len(text) <= MAX_ID and _ID.match(text) is not None


def slug(text: str, limit: int = MAX_ID - _ROOM) -> str:
    """`text` as a lower-case slug (ASCII letters and digits joined by '-'); '' if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return words[:limit].strip("-")


class IdMaker:
    """Hands out ids unique within one output file, adding -2, -3 ... to an id already taken."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        """`wanted` if it is free, else `wanted` with the first free suffix; records it as taken."""
        base = wanted[: MAX_ID - _ROOM].strip("-._") or "item"
        if wanted not in self.taken and is_id(wanted):
            self.taken.add(wanted)
            return wanted
        number = 2
        while f"{base}-{number}" in self.taken:
            number += 1
        chosen = f"{base}-{number}"
        self.taken.add(chosen)
        return chosen


def topic_of(category: str | None) -> str:
    """The `tags.topic` slug of a Moodle category path: its last part ('$course$/A/B' gives 'b')."""
    if not category:
        return "imported"
    parts = [p for p in category.split("/") if p.strip() and not re.fullmatch(r"\$\w+\$", p.strip())]
    for part in reversed(parts):
        found = slug(part)
        if found:
            return found
    return "imported"
