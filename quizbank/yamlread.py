"""Read a YAML file safely into plain Python values, remembering where each value stood.

Only the safe subset of YAML is accepted: no tags that build objects, no anchors or
aliases (so no alias bombs), bounded size and nesting. Plain scalars are resolved by a
small YAML 1.2 core rule set, so YAML 1.1 look-alikes such as ``yes``, ``off``, ``010``,
``0x1F``, ``1:10`` and ``2016-07-14`` stay text instead of turning silently into
booleans, numbers or dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizbank.errors import BankError, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 32

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]+$")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "value")
}

Path_ = tuple[Any, ...]


@dataclass
class Located:
    """Plain data read from YAML, with the line and column of every value and key."""

    data: Any
    file: str
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key:
                table = self.marks
                continue
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


def _problem(file: str, mark: Any, message: str) -> BankError:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    return BankError([Problem(file, line, col, message)])


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style or node.tag == "tag:yaml.org,2002:str":  # libyaml marks plain as "", PyYAML as None
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.located = Located(None, file)
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _problem(self.file, node.start_mark, f"nested more than {MAX_DEPTH} levels deep; a bank never needs that")
        if id(node) in self.seen:
            raise _problem(self.file, node.start_mark, "anchors and aliases (& and *) are not allowed in a bank")
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise _problem(self.file, node.start_mark, f"the tag '{node.tag}' is not allowed; write plain values")
        self.located.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _problem(self.file, key_node.start_mark, "merge keys (<<) are not allowed in a bank")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _problem(self.file, key_node.start_mark, "a key must be a plain word, not a list or mapping")
                key = key_node.value
                if key in result:
                    line, col = self.located.key_marks[path + (key,)]
                    raise _problem(
                        self.file,
                        key_node.start_mark,
                        f"the key '{key}' appears twice in this mapping (first on line {line})",
                    )
                self.located.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        raise _problem(self.file, node.start_mark, "unexpected YAML node")  # pragma: no cover


def read_text(path: Path, display: str | None = None) -> str:
    """Read a bank file as text, refusing what is too large, binary or not UTF-8."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BankError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")]) from None
    if size > MAX_BYTES:
        raise BankError([Problem(name, 0, 0, f"the file is {size:,} bytes; a bank file may be at most {MAX_BYTES:,}")])
    raw = path.read_bytes()
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), refusing NUL bytes and bad bytes."""
    if len(raw) > MAX_BYTES:
        raise BankError([Problem(name, 0, 0, f"the file is {len(raw):,} bytes; a bank file may be at most {MAX_BYTES:,}")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise BankError([Problem(name, line, 0, "the file contains a NUL byte; is it really a text file?")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BankError(
            [Problem(name, line, 0, f"the file is not valid UTF-8 (byte {exc.start + 1}); save it as UTF-8")]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, name: str) -> Located:
    """Parse one YAML document into plain values with their positions."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "syntax error"
        context = f" ({exc.context})" if exc.context else ""
        raise _problem(name, mark, f"YAML syntax error: {what}{context}") from None
    except yaml.YAMLError as exc:
        raise BankError([Problem(name, 0, 0, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise BankError([Problem(name, 0, 0, f"nested more than {MAX_DEPTH} levels deep")]) from None
    builder = _Builder(name)
    builder.located.data = None if node is None else builder.build(node, (), 0)
    return builder.located
