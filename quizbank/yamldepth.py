"""Find flow nesting deeper than the bank reader allows before any YAML library reads the text.

libyaml scans ahead of the events it hands on (up to 1,024 characters, looking for a key's
':'), so on a line such as ``items: [[[[[...`` it meets its own nesting limit (1,000 levels
in PyYAML 6.0.4, with its own message) before the reader has seen the 33rd level. `too_deep`
finds the first ``[`` or ``{`` that opens a flow level beyond the limit without any library;
the reader then parses only the text up to it, so its own check fires there with the place
and the field, whatever libyaml's limit and wording.

It is a small model of YAML's syntax, linear in the length of the text: brackets inside
quoted scalars, comments and block scalars (``|``, ``>``) do not count, and outside a flow
collection a bracket opens one only where a value starts (after indentation, ``- ``, ``? ``,
``key: ``, a tag or an anchor). It errs towards counting: a false alarm only makes the
reader parse a prefix of the text first, then the whole text as usual.
"""

from __future__ import annotations

import re

_FLOW_MARK = re.compile(r"[\[\]{}'\"#]")
_PROPERTY = re.compile(r"[!&][^\s\[\]{},]*[ \t]+")
_INDICATOR = re.compile(r"(?:---|[-?])(?:[ \t]+|(?=\n)|$)")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*[ \t]*(?:#[^\n]*)?(?=\n|$)")
_KEY_END = re.compile(r":(?:[ \t]+|(?=\n)|$)|[ \t]#|\n")
_SPACE = " \t"
_MAX_PROPERTY = 256


def too_deep(text: str, limit: int) -> int | None:
    """The offset of the first ``[`` or ``{`` that opens flow level `limit` + 1, or None."""
    at, end = 0, len(text)
    line_start = holder = 0  # holder: the column of what holds a block scalar starting on this line
    in_line = False  # False at the start of a line, where indentation comes first
    while at < end:
        if not in_line:
            line_start = at
            while at < end and text[at] == " ":
                at += 1
            holder, in_line = at - line_start, True
            continue
        char = text[at]
        if char in _SPACE:
            at += 1
        elif char == "\n":
            at, in_line = at + 1, False
        elif char == "#":
            at = _line_end(text, at)
        elif indicator := _INDICATOR.match(text, at):  # `- `, `? `, `--- `: a value may follow
            holder, at = at - line_start, indicator.end()
        elif prop := _PROPERTY.match(text, at):
            at = prop.end()
        elif char in "[{":
            at, deep = _flow(text, at, limit)
            if deep is not None:
                return deep
            at = _past_key(text, at)
            line_start = text.rfind("\n", 0, at) + 1
        elif char in "'\"":
            at = _past_key(text, _skip_quoted(text, at))
            line_start = text.rfind("\n", 0, at) + 1
        elif char in "|>" and _BLOCK_HEADER.match(text, at):
            at, in_line = _skip_block_scalar(text, _line_end(text, at), holder), False
        else:  # a plain scalar: a key (`name: `, then a value may start) or text to the end of the line
            key_end = _KEY_END.search(text, at)
            if key_end is None:
                return None
            if text[key_end.start()] == ":":
                holder, at = at - line_start, key_end.end()
            else:
                at = _line_end(text, key_end.start())
    return None


def _past_key(text: str, at: int) -> int:
    """After a quoted scalar or flow collection outside flow context: just past its ':' when it is a
    key (a value may start there), else the end of the line (nothing more on it is counted)."""
    end = len(text)
    while at < end and text[at] in _SPACE:
        at += 1
    if at < end and text[at] == ":" and (at + 1 >= end or text[at + 1] in " \t\n"):
        return at + 1
    return _line_end(text, at)


def _flow(text: str, at: int, limit: int) -> tuple[int, int | None]:
    """Read a flow collection opening at `at`; returns the offset after it, and a too-deep opening if any."""
    depth = 0
    index = at
    while True:
        match = _FLOW_MARK.search(text, index)
        if match is None:
            return len(text), None
        found = match.start()
        char = text[found]
        index = found + 1
        if char in "[{":
            depth += 1
            if depth > limit:
                return found, found
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index, None
        elif char == "#":
            if text[found - 1] in " \t\n":
                index = _line_end(text, found)
        elif _starts_flow_value(text, found):
            index = _skip_quoted(text, found)


def _starts_flow_value(text: str, at: int) -> bool:
    """Whether the quote at `at`, inside a flow collection, opens a quoted scalar (not `it's`)."""
    probe = at - 1
    while probe >= 0 and text[probe] in " \t\n":
        probe -= 1
    if probe < 0 or text[probe] in "[{,:?":
        return True
    start = probe  # a tag or anchor just before: `!!str "x"`, `&a 'x'` (never longer than _MAX_PROPERTY)
    while start >= 0 and probe - start < _MAX_PROPERTY and text[start] not in " \t\n[]{},":
        start -= 1
    return probe < at - 1 and (start < 0 or text[start] in " \t\n[]{},") and text[start + 1] in "!&"


def _skip_quoted(text: str, at: int) -> int:
    """The offset just after the quoted scalar opening at `at` (the end of the text if unclosed)."""
    quote = text[at]
    index = at + 1
    while True:
        found = text.find(quote, index)
        if found < 0:
            return len(text)
        if quote == "'":
            if text.startswith("''", found):
                index = found + 2
                continue
            return found + 1
        backslashes = 0
        while text[found - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return found + 1
        index = found + 1


def _skip_block_scalar(text: str, at: int, holder: int) -> int:
    """The start of the first line from `at` on that is not part of a block scalar held at column `holder`."""
    end = len(text)
    while at < end:
        if text[at] == "\n":
            at += 1
        line_end = _line_end(text, at)
        content = text[at:line_end]
        stripped = content.lstrip(" ")
        if stripped and len(content) - len(stripped) <= holder:
            return at
        at = line_end
    return end


def _line_end(text: str, at: int) -> int:
    found = text.find("\n", at)
    return len(text) if found < 0 else found
