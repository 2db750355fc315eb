"""A fast reader for bank files that answers only where it cannot disagree with the strict one.

The strict reader (yamlread.py) builds values from libyaml's events one Python object at a
time and remembers the line of every value; for a large bank that is most of the load time.
yaml_rs (Rust) reads the same text about ten times faster, but it reads YAML 1.2 with its own
scalar rules (``010``, ``0x1F``, ``1_000``, ``.inf`` become numbers), accepts anchors, tags,
several documents and some syntax that libyaml refuses, and crashes the process on block
nesting some thousands of levels deep. So `read` returns values only for text where the two
readers cannot differ, and None (use the strict reader) for anything else:

1. `doubt` (a pre-scan with regular expressions, conservative: a false alarm only costs
   time) refuses text with anything the strict reader refuses or reads its own way: anchors,
   aliases, tags, merge keys, directives and document markers, tabs, YAML 1.1 line breaks
   and stray byte-order marks, control characters, block nesting that could be deep, and any
   plain scalar that looks like a number but is not one of the strict reader's ints or floats.
2. yaml_rs reads the values, refusing duplicate keys, aliases and flow nesting deeper than 255.
3. libyaml, the strict reader's own parser, must accept the syntax: `raw_parse` runs it in C
   without building Python objects, so any syntax error goes to the strict reader.

The caller validates the result with the same models and cross-checks as the strict path and,
on any problem, throws it away and loads strictly, so every error is reported by the strict
reader with its file, line and column. tests/quizbank/test_fastread*.py check the two readers
against each other.
"""

from __future__ import annotations

import re
from typing import Any

from quizbank.yamlbuild import _FLOAT, _INT

try:  # an optional speed-up: without it every bank is read strictly
    import yaml_rs
    from yaml_rs import AliasLimits, DuplicateKeyPolicy

    _OPTIONS: dict[str, Any] = {
        "parse_datetime": False,
        "duplicate_key_policy": DuplicateKeyPolicy.Error,
        "alias_limits": AliasLimits(
            max_total_replayed_events=0, max_replay_stack_depth=0, max_alias_expansions_per_anchor=0
        ),
    }
except ImportError:  # pragma: no cover - yaml-rs is a dependency; this keeps a broken install working
    yaml_rs = None  # type: ignore[assignment]

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml: no way to check the syntax cheaply
    _CParser = None  # type: ignore[assignment,misc]

MAX_LEAD = 64  # leading spaces and indicators on a line; block nesting is at most 2 * (MAX_LEAD + 1)

# Found with str.find (fast), then looked at one by one.
_PROPERTIES = "!&*"  # a tag, an anchor or an alias, where a value starts
_VALUE_START = set(" \n[]{},:?-")  # what stands before a value (or the text's start)
_NOT_A_NAME = set(" \n[]{},")  # what cannot follow '&' or '*' in an anchor or alias
_STRANGE = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "<<", "\n---", "\n...", "\n%")
_DEEP = re.compile(r"\n[ ?:-]{" + str(MAX_LEAD + 1) + "}")
# A plain scalar that stands alone as a value or a key and starts like a number; the scan is
# broad, `_NUMBERISH` then keeps what either reader could take for a number.
_CANDIDATE = re.compile(
    r"[-+._0-9](?:(?<=[\s\[{,][-+._0-9])|(?<=[\"']:[-+._0-9]))"  # after a space, [ { , or a quoted key's ':'
    r"[0-9A-Za-z_.+-]*(?=(?: *(?:\n|$|[,\]}]|:(?:[ \n,\]}]|$))| +#))"  # and up to the scalar's end
)
_NUMBERISH = re.compile(r"[-+]?(?:[._0-9][0-9A-Fa-f_.xXoObB+-]*|\.[A-Za-z]+)")
_MAX_NUMBER = 18  # longer numbers are left to the strict reader (yaml_rs and Python differ on huge ones)


def available() -> bool:
    """Whether the fast path can run here (yaml_rs and libyaml are installed)."""
    return yaml_rs is not None and _CParser is not None


def doubt(text: str) -> str | None:
    """Why the two readers might not read `text` alike (None when they read it alike)."""
    text = "\n" + text
    for what in _STRANGE:
        if what in text:
            return f"{what!r}"
    for char in _PROPERTIES:
        at = text.find(char)
        while at >= 0:
            if text[at - 1] in _VALUE_START and (char == "!" or text[at + 1 : at + 2] not in _NOT_A_NAME):
                return f"{char!r} at offset {at - 1}"
            at = text.find(char, at + 1)
    if _DEEP.search(text):
        return f"a line indented more than {MAX_LEAD} places"
    for match in _CANDIDATE.finditer(text):
        token = match.group()
        number = _INT.match(token) or _FLOAT.match(token)
        if _NUMBERISH.fullmatch(token) and (len(token) > _MAX_NUMBER or not number):
            return f"number-like {token!r} at offset {match.start() - 1}"
    return None


def read(text: str) -> Any | None:
    """The plain data of one bank file, or None where only the strict reader may answer."""
    if not available() or doubt(text) is not None:
        return None
    try:  # first, as it refuses flow nesting deeper than 255 at once, where libyaml slows down
        data = yaml_rs.loads(text, **_OPTIONS)
    except Exception:  # noqa: BLE001 - whatever yaml_rs dislikes, the strict reader explains
        return None
    try:
        _CParser(text).raw_parse()  # libyaml's own verdict on the syntax, in C, without building values
    except Exception:  # noqa: BLE001 - a syntax error (or text libyaml cannot even encode)
        return None
    return data
