"""A YAML reader's refusals in plain words: syntax errors, characters a bank cannot hold."""

from __future__ import annotations

import re

import yaml

from quizbank.errors import BankError, Problem
from quizbank.yamlbuild import Builder

# What YAML allows in a file (the YAML reader refuses the rest, naming only an offset).
NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def unprintable(text: str, at: int, name: str) -> BankError:
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


def line_col(raw: bytes, at: int) -> tuple[int, int]:
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


def syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str, builder: Builder) -> BankError:
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
