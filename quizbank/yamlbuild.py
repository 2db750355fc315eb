"""Build plain Python values from libyaml's event stream, remembering where each value and key stood.

Nesting is counted as the events arrive, so a file of 100,000 ``[`` is refused at its 33rd
level instead of exhausting the C stack; plain scalars resolve by a small YAML 1.2 core rule set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from quizbank.errors import BankError, Problem

MAX_DEPTH = 32
# Entries of one list or mapping. No valid file comes near it (1 MB holds a few thousand items
# at most), and it stops a line of 300,000 `x,` from turning into 300,000 problems.
MAX_ENTRIES = 20_000

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]+$")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
_STANDARD_TAGS = {_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}

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
        probe = tuple(path)
        if key and probe in self.key_marks:
            return self.key_marks[probe]
        while probe:  # the value itself, or its nearest parent
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


def field_name(path: Path_) -> str:
    """A path such as ('options', 1, 'text') written as an educator reads it: options[1].text."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


_MAYBE_NOT_TEXT = set("0123456789+-.~tTfFnN")


def _resolve(value: str) -> Any:
    if value[:1] not in _MAYBE_NOT_TEXT and value:  # most plain scalars: words that are text
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits): leave it text
            return value
    if _FLOAT.match(value):
        return float(value)
    return value


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


class TooDeep(BankError):
    """Nesting beyond MAX_DEPTH."""


class _Frame:
    __slots__ = ("container", "path", "key", "is_map")

    def __init__(self, container: Any, path: Path_, is_map: bool):
        self.container = container
        self.path = path
        self.key: Any = None
        self.is_map = is_map


class Builder:
    """Turns libyaml events into plain values and the positions of every value and key."""

    def __init__(self, file: str):
        self.file = file
        self.located = Located(None, file)
        self.stack: list[_Frame] = []  # the open mappings and lists, kept for syntax errors

    def named(self, line: int, column: int) -> tuple[str | None, str | None]:
        """Item id and field of what stood at `line`, `column` (0-based) when a syntax error struck.

        In order: the value that starts there (it was read, wrongly); the field whose name is on
        that line and whose value was being read; the innermost list or mapping that starts on
        that line; else only the item whose mapping was still open. None when nothing is sure.
        """
        marks, key_marks = self.located.marks, self.located.key_marks
        path = next((p for p, at in reversed(marks.items()) if at == (line + 1, column + 1)), None)
        if path is None and self.stack:
            top = self.stack[-1]
            if top.is_map and top.key is not None and key_marks.get(top.path + (top.key,), (0, 0))[0] == line + 1:
                path = top.path + (top.key,)
        if path is None:
            path = next((f.path for f in reversed(self.stack) if marks.get(f.path, (0, 0))[0] == line + 1), None)
        if path:
            problem = self.fail(None, "", path).problems[0]
            return problem.item, problem.field
        item = next((f.path for f in self.stack if f.is_map and len(f.path) == 2 and f.path[0] == "items"), None)
        return (self.fail(None, "", item).problems[0].item, None) if item else (None, None)

    def fail(self, mark: Any, message: str, path: Path_ = ()) -> BankError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        item = None
        shown = path
        data = self.located.data
        if len(path) >= 2 and path[0] == "items" and isinstance(data, dict):
            items = data.get("items")
            if isinstance(items, list) and isinstance(path[1], int) and path[1] < len(items):
                raw = items[path[1]]
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    item, shown = raw["id"], path[2:]
        name = field_name(shown) if len(shown) <= 8 else field_name(shown[:4]) + "..."
        return BankError([Problem(self.file, line, col, message, item, name or None)])

    def run(self, loader: Any) -> None:
        get_event = loader.get_event
        marks = self.located.marks
        key_marks = self.located.key_marks
        stack: list[_Frame] = self.stack
        documents = 0
        scalar_event = yaml.ScalarEvent
        while True:
            event = get_event()
            kind = event.__class__
            if (
                kind is scalar_event
                and stack
                and event.anchor is None
                and event.tag is None
                and len(stack) <= MAX_DEPTH
            ):
                # The common case, kept short: a plain or quoted scalar, a key or a value.
                top = stack[-1]
                start = event.start_mark
                value: Any = event.value
                if top.is_map:
                    key = top.key
                    if key is None:
                        if (
                            value in top.container
                            or (value == "<<" and not event.style)
                            or len(top.container) >= MAX_ENTRIES
                        ):
                            self._key(event, top, key_marks)  # raises the problem
                        key_marks[top.path + (value,)] = (start.line + 1, start.column + 1)
                        top.key = value
                        continue
                    path = top.path + (key,)
                    top.container[key] = value if event.style else _resolve(value)
                    top.key = None
                else:
                    index = len(top.container)
                    if index >= MAX_ENTRIES:
                        raise self._too_many(event, top)
                    path = top.path + (index,)
                    top.container.append(value if event.style else _resolve(value))
                marks[path] = (start.line + 1, start.column + 1)
                continue
            if kind is yaml.StreamEndEvent or event is None:
                return
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(
                        event.start_mark,
                        "a second YAML document starts here ('---'); a bank file holds one document, "
                        "so split it into two files or remove the '---'",
                    )
                continue
            parent = stack[-1] if stack else None
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            # A node: a key of a mapping, or a value.
            if parent is not None and parent.is_map and parent.key is None:
                self._key(event, parent, key_marks)
                continue
            if parent is None:
                path = ()
            elif parent.is_map:
                path = parent.path + (parent.key,)
            else:
                if len(parent.container) >= MAX_ENTRIES:
                    raise self._too_many(event, parent)
                path = parent.path + (len(parent.container),)
            if kind is yaml.AliasEvent:
                raise self.fail(
                    event.start_mark,
                    "anchors and aliases (& and *) are not allowed in a bank; write the value out",
                    path,
                )
            if event.anchor is not None:
                raise self.fail(
                    event.start_mark,
                    "anchors and aliases (& and *) are not allowed in a bank; write the value out",
                    path,
                )
            tag = event.tag
            if tag is not None and tag not in _STANDARD_TAGS:
                raise self.fail(
                    event.start_mark, f"the tag '{_show_tag(tag)}' is not allowed; write plain values", path
                )
            if len(stack) > MAX_DEPTH:
                raise TooDeep(
                    self.fail(
                        event.start_mark, f"nested more than {MAX_DEPTH} levels deep; a bank never needs that", path
                    ).problems
                )
            marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if kind is yaml.ScalarEvent:
                value = event.value if (event.style or tag == _STR_TAG) else _resolve(event.value)
            elif kind is yaml.MappingStartEvent:
                value = {}
            else:
                value = []
            if parent is None:
                self.located.data = value
            elif parent.is_map:
                parent.container[parent.key] = value
                parent.key = None
            else:
                parent.container.append(value)
            if kind is yaml.MappingStartEvent:
                stack.append(_Frame(value, path, True))
            elif kind is yaml.SequenceStartEvent:
                stack.append(_Frame(value, path, False))

    def _too_many(self, event: Any, top: _Frame) -> BankError:
        what = "fields" if top.is_map else "entries"
        return self.fail(
            event.start_mark,
            f"more than {MAX_ENTRIES:,} {what} in one {'mapping' if top.is_map else 'list'}; a bank never needs "
            "that many, so split the file or check for a runaway edit",
            top.path,
        )

    def _key(self, event: Any, top: _Frame, key_marks: dict[Path_, tuple[int, int]]) -> None:
        kind = event.__class__
        path = top.path
        if len(top.container) >= MAX_ENTRIES:
            raise self._too_many(event, top)
        if kind is yaml.AliasEvent or event.anchor is not None:
            raise self.fail(
                event.start_mark, "anchors and aliases (& and *) are not allowed in a bank; write the value out", path
            )
        if kind is not yaml.ScalarEvent:
            raise self.fail(event.start_mark, "a field name must be a plain word, not a list or mapping", path)
        key = event.value
        if key == "<<" and not event.style:
            raise self.fail(event.start_mark, "merge keys (<<) are not allowed in a bank; write every field out", path)
        if event.tag is not None and event.tag not in _STANDARD_TAGS:
            raise self.fail(
                event.start_mark, f"the tag '{_show_tag(event.tag)}' is not allowed; write plain values", path
            )
        if key in top.container:
            line, _ = key_marks[path + (key,)]
            raise self.fail(
                event.start_mark,
                f"the field '{key}' appears twice in this mapping (first on line {line}); keep one",
                path + (key,),
            )
        key_marks[path + (key,)] = (event.start_mark.line + 1, event.start_mark.column + 1)
        top.key = key
