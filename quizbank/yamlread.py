"""Read a YAML file safely into plain Python values, remembering where each value stood.

Only the safe subset of YAML is accepted: no tags that build objects, no anchors or
aliases (so no alias bombs), one document, bounded size and nesting. Plain scalars are
resolved by a small YAML 1.2 core rule set, so YAML 1.1 look-alikes such as ``yes``,
``off``, ``010``, ``0x1F``, ``1:10`` and ``2016-07-14`` stay text instead of turning
silently into booleans, numbers or dates.

The values are built straight from libyaml's event stream, without PyYAML's recursive
composer: nesting is counted as the events arrive, so a file of 100,000 ``[`` is
refused at its 33rd level instead of exhausting the C stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizbank.errors import BankError, Problem
from quizbank.yamldepth import too_deep

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
# Entries of one list or mapping. No valid file comes near it (1 MB holds a few thousand items
# at most), and it stops a line of 300,000 `x,` from turning into 300,000 problems.
MAX_ENTRIES = 20_000

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


class _TooDeep(BankError):
    """Nesting beyond MAX_DEPTH."""


class _Frame:
    __slots__ = ("container", "path", "key", "is_map")

    def __init__(self, container: Any, path: Path_, is_map: bool):
        self.container = container
        self.path = path
        self.key: Any = None
        self.is_map = is_map


class _Builder:
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
                raise _TooDeep(
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


def read_text(path: Path, display: str | None = None) -> str:
    """Read a bank file as text, refusing what is too large, binary or not UTF-8."""
    name = display or str(path)
    return decode(read_bytes(path, name), name)


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """Read a bank file's bytes, refusing a file that is too large."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BankError([Problem(name, 0, 0, _too_big(size))])
        return path.read_bytes()
    except OSError as exc:
        raise BankError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}")]) from None


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes; a bank file may be at most {MAX_BYTES:,} bytes, so split it into smaller files"


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), refusing NUL bytes, bad bytes and control characters."""
    if len(raw) > MAX_BYTES:
        raise BankError([Problem(name, 0, 0, _too_big(len(raw)))])
    wide = next((what for bom, what in _WIDE_BOMS if raw.startswith(bom)), None)
    if wide is not None:  # Windows Notepad's "Unicode" is UTF-16: every other byte is NUL
        raise BankError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the file is saved as {wide} text; save it as UTF-8 (for example from a 'Save as' dialog)",
                )
            ]
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line, col = _line_col(raw, at)
        raise BankError(
            [
                Problem(
                    name,
                    line,
                    col,
                    "the file contains a NUL byte; is it really a text file? Save it as plain UTF-8 text",
                )
            ]
        )
    skip = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # a byte-order mark
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, skip + exc.start)
        raise BankError(
            [
                Problem(
                    name,
                    line,
                    col,
                    "the file is not valid UTF-8 text here; save it as UTF-8 (for example from a 'Save as' dialog)",
                )
            ]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd in ("\x85", "\u2028", "\u2029"):  # NEL, LINE and PARAGRAPH SEPARATOR: line breaks to the YAML
        if odd in text:  # reader but not to the loader or most editors, so every line after one would be off
            raise _unprintable(text, text.index(odd), name)
    return text


# What YAML allows in a file (the YAML reader refuses the rest, naming only an offset).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unprintable(text: str, at: int, name: str) -> BankError:
    """A problem at the character at index `at` of `text`, a control character or another one YAML refuses."""
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    code = ord(text[at])
    what = (
        "the invisible line break"
        if code in (0x2028, 0x2029)
        else "the control character"
        if code < 0x20 or 0x7F <= code <= 0x9F
        else "the character"
    )
    return BankError(
        [
            Problem(
                name,
                line,
                column,
                f"the file contains {what} U+{code:04X} here, which is not text a bank can hold; "
                "delete it (it may have come from copying and pasting)",
            )
        ]
    )


def _line_col(raw: bytes, at: int) -> tuple[int, int]:
    start = raw.rfind(b"\n", 0, at) + 1
    prefix = raw[start:at].decode("utf-8", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf") and start == 0:
        prefix = prefix[1:]
    return raw.count(b"\n", 0, at) + 1, len(prefix) + 1


# --- syntax errors in plain words --------------------------------------------------------

_INDENT_HINT = "the lines here are not lined up with the lines above: check the indentation (spaces only), and put text that contains ': ' or ' #' in double quotes"
_EXPLAIN: tuple[tuple[str, str], ...] = (
    ("tab character", "a tab is used for indentation here; indent with spaces only"),
    ("character '\\t'", "a tab is used for indentation here; indent with spaces only"),
    (
        "mapping values are not allowed",
        "a ':' here starts a field where none can start: put text that contains ': ' in double quotes, or fix the indentation",
    ),
    ("expected ',' or ']'", "a list in [ ] is not closed: add the missing ']' (or a ',' between entries)"),
    ("expected ',' or '}'", "a mapping in { } is not closed: add the missing '}' (or a ',' between fields)"),
    ("unexpected end of stream", "the file ends in the middle of something: a quote, [ or { is not closed"),
    (
        "cannot start any token",
        "a value cannot start with this character (such as @, ` or %); put the text in double quotes",
    ),
    ("could not find expected ':'", "a field name here is not followed by ':'"),
    ("found undefined tag handle", "'!' starts a tag, which a bank does not use; put the text in double quotes"),
    (
        "unknown escape",
        "a backslash in double quotes starts an escape; write \\\\ for a backslash, or use single quotes",
    ),
    ("expected '-' indicator", _INDENT_HINT),
    ("did not find expected key", _INDENT_HINT),
    ("block sequence entries are not allowed", _INDENT_HINT),
    ("did not find expected node content", "a value is missing here, or a list or mapping is not closed"),
)


def _quotes(line: str) -> list[tuple[int, int | None]]:
    """The quoted values of one line: (index of the opening quote, index of the closing one or None).

    A quote opens a value only where a value can start (after ': ', '- ', '[', '{' or ','), so
    the apostrophe in plain text such as `the patient's dose` is not taken for one.
    """
    spans: list[tuple[int, int | None]] = []
    quote = None
    opened = 0
    index = 0
    previous = " "
    while index < len(line):
        char = line[index]
        if quote is None:
            if char == "#" and previous in " \t":
                break
            if char in "\"'" and (previous in " \t[{," or line[:index].strip() in ("", "-")):
                quote, opened = char, index
            previous = char
        elif quote == '"' and char == "\\":
            index += 1
        elif char == quote:
            if quote == "'" and index + 1 < len(line) and line[index + 1] == "'":
                index += 1  # '' is a quote inside '...'
            else:
                spans.append((opened, index))
                quote, previous = None, char
        index += 1
    if quote is not None:
        spans.append((opened, None))
    return spans


def _open_quote(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """The first line in [first, last] (0-based) that opens a quote it does not close."""
    for number in range(max(0, first), min(last, len(lines) - 1) + 1):
        spans = _quotes(lines[number])
        if spans and spans[-1][1] is None:
            return number, spans[-1][0]
    return None


def _quote_ends_early(line: str) -> int | None:
    """Where a quoted value opens whose closing quote is followed by more text (`'it's'`)."""
    for opened, closed in _quotes(line):
        if closed is not None:
            rest = line[closed + 1 :].lstrip()
            if rest and rest[0] not in ",]}#":
                return opened
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str, builder: _Builder) -> BankError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "syntax error"
    said = problem + (f" {exc.context}" if exc.context else "")
    line = mark.line if mark is not None else 0
    context_line = exc.context_mark.line if exc.context_mark is not None else max(0, line - 20)
    opened = _open_quote(text.split("\n"), min(context_line, line), line)
    if opened is not None and (opened[0] < line or "quoted scalar" in said or "expected key" in said):
        at_line, at_col = opened
        stopped = f"line {line + 1}, column {mark.column + 1}" if mark is not None else "the end"
        item, field_ = builder.named(at_line, at_col)
        return BankError(
            [
                Problem(
                    name,
                    at_line + 1,
                    at_col + 1,
                    f"YAML syntax error: the quote that opens here is not closed on this line; add the closing "
                    f"quote (the YAML reader got lost at {stopped}: {said})",
                    item,
                    field_,
                )
            ]
        )
    lines = text.split("\n")
    early = _quote_ends_early(lines[line]) if mark is not None and line < len(lines) else None
    if early is not None and ("expected key" in said or "expected ','" in said):
        item, field_ = builder.named(line, early)
        return BankError(
            [
                Problem(
                    name,
                    line + 1,
                    early + 1,
                    "YAML syntax error: the text in quotes that starts here ends early, at a quote with more text "
                    "after it: a closing quote is missing, or a quote inside the text must be written '' inside "
                    f'\'...\' and \\" inside "..." (the YAML reader says: {said})',
                    item,
                    field_,
                )
            ]
        )
    unclosed = {"']'": "list in [ ]", "'}'": "mapping in { }"}
    for bracket, what in unclosed.items():
        if f"expected ',' or {bracket}" in problem and exc.context_mark is not None and mark is not None:
            start = exc.context_mark
            return BankError(
                [
                    Problem(
                        name,
                        start.line + 1,
                        start.column + 1,
                        f"YAML syntax error: the {what} that opens here is not closed; add the missing {bracket[1]} "
                        f"(or a ',' between entries) (the YAML reader got lost at line {mark.line + 1}, "
                        f"column {mark.column + 1}: {said})",
                        *builder.named(start.line, start.column),
                    )
                ]
            )
    plain = next((words for needle, words in _EXPLAIN if needle in problem), None)
    message = f"YAML syntax error: {plain} (the YAML reader says: {said})" if plain else f"YAML syntax error: {said}"
    if mark is None:
        return BankError([Problem(name, 0, 0, message)])
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        mark = exc.context_mark  # the field name without its ':' (the reader notices only a line later)
    at_line, at_col = mark.line, mark.column
    last = text.rstrip("\n").count("\n")  # the last line with text: never point past the end of the file
    if at_line > last:
        at_line, at_col = last, len(text.split("\n")[last])
    return BankError([Problem(name, at_line + 1, at_col + 1, message, *builder.named(at_line, at_col))])


def load_yaml(text: str, name: str) -> Located:
    """Parse one YAML document into plain values with their positions."""
    deep = too_deep(text, MAX_DEPTH)
    if deep is not None:  # read up to there first, so that this reader's limit fires before libyaml's
        try:
            _parse(text[: deep + 1], name)
        except _TooDeep:
            raise
        except BankError:
            pass  # the prefix broke off somewhere else: the whole text says what is wrong
    return _parse(text, name)


def _parse(text: str, name: str) -> Located:
    builder = _Builder(name)
    loader = Loader(text)
    try:
        builder.run(loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name, builder) from None
    except yaml.reader.ReaderError:  # a character YAML does not allow; the reader names only an offset
        found = _NOT_PRINTABLE.search(text)
        if found is None:  # pragma: no cover - the reader refuses nothing else
            raise BankError(
                [Problem(name, 0, 0, "the file contains a character that is not allowed in YAML text")]
            ) from None
        raise _unprintable(text, found.start(), name) from None
    except yaml.YAMLError as exc:
        raise BankError([Problem(name, 0, 0, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    return builder.located
