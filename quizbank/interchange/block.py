"""The clinquiz block: clinquiz's own fields, carried inside a Moodle question.

Moodle has no place for a citation, an objective, clinquiz's tags, difficulty and audience, the
ids of options, rows and blanks, or the exact type of an item it shows as something else (a
select-N item is a Moodle multiple-response question). They travel as one HTML comment at the end
of the question's general feedback, which Moodle stores, exports and never shows:

    <!-- clinquiz-item {"clinquiz":1,"id":"...","type":"select_n",...} -->

The JSON is written with `<`, `>` and `&` as \\u escapes, so nothing in it can end the comment or
a CDATA section; JSON strings carry every quote back byte for byte.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from quizbank.models import ITEM_TYPES, Citation, LintWaiver, Tags

_BLOCK = re.compile(r"\s*<!--\s*clinquiz-item\s+(\{.*?\})\s*-->\s*", re.S)
MAX_BLOCK = 500_000


class Block(BaseModel):
    """What the block holds; `shape` is per item type (ids in Moodle's order, n, pinned options ...)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    clinquiz: int
    id: str
    type: str
    version: int = 1
    objectives: list[str] = []
    tags: Tags
    difficulty: str
    audience: str
    citations: list[Citation] = []
    lint_waivers: list[LintWaiver] = []
    shape: dict[str, Any] = {}
    texts: dict[str, str] = {}  # text as Moodle would give it back -> the exact clinquiz text


def encode(data: dict[str, Any]) -> str:
    """The block as an HTML comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"<!-- clinquiz-item {text} -->"


def split(html: str) -> tuple[str, dict[str, Any] | None, str | None]:
    """`html` without its block, the block's data, and why a block present could not be read."""
    found = _BLOCK.search(html)
    if found is None:
        return html, None, None
    rest = html[: found.start()] + html[found.end() :]
    if len(found.group(1)) > MAX_BLOCK:
        return rest, None, "the block is too large to read; imported as a Moodle question"
    try:
        data = json.loads(found.group(1))
    except (ValueError, RecursionError):
        return rest, None, "the block is not valid JSON; imported as a Moodle question"
    if not isinstance(data, dict):
        return rest, None, "the block is not a JSON object; imported as a Moodle question"
    return rest, data, None


def parse(data: dict[str, Any]) -> Block:
    """The block's fields, checked; ValueError saying what is wrong."""
    try:
        block = Block.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"the block's field '{where}' is wrong ({first['msg']})") from None
    if block.clinquiz != 1:
        raise ValueError(f"the block is of version {block.clinquiz}; this clinquiz reads version 1")
    if block.type not in ITEM_TYPES:
        raise ValueError(f"the block names the item type '{block.type}', which clinquiz does not have")
    return block
