"""The property tests' YAML writer: `write_yaml(data, style)` writes a bank in a drawn style (block or
flow mappings, plain, single- or double-quoted text, indentation) and returns the text and, for every
path, the first and last line its field takes."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

Path_ = tuple[Any, ...]


class Raw(str):
    """A scalar written exactly as it is, unquoted (a YAML trap such as yes, 010 or 1:10)."""


@dataclass(frozen=True)
class Style:
    quote: str = "double"  # double | single | plain (where plain reads back the same) | mixed
    flow: str = "leaves"  # never | leaves (mappings and lists of scalars in { } / [ ]) | mixed
    indent: int = 2
    indent_lists: bool = True  # "key:\n  - x" rather than "key:\n- x"
    comment: bool = False  # a comment line first (every line moves down one)
    seed: int = 0


STYLES = st.builds(
    Style,
    quote=st.sampled_from(["double", "single", "plain", "mixed"]),
    flow=st.sampled_from(["never", "leaves", "mixed"]),
    indent=st.sampled_from([2, 4]),
    indent_lists=st.booleans(),
    comment=st.booleans(),
    seed=st.integers(0, 2**16),
)

_PLAIN = re.compile(r"\A[A-Za-z][A-Za-z0-9 ._()/+'-]*[A-Za-z0-9.)]\Z|\A[A-Za-z]\Z")
_NOT_PLAIN_WORDS = {"true", "false", "null", "y", "n", "yes", "no", "on", "off"}
_PLAIN_KEY = re.compile(r"\A[A-Za-z_][A-Za-z0-9_.-]*\Z")


def _scalar_kind(value: Any) -> bool:
    return not isinstance(value, (dict, list))


class Writer:
    """Block-style YAML with flow leaves, recording the lines of every path."""

    def __init__(self, style: Style, repeat: frozenset[Path_] = frozenset()) -> None:
        self.style = style
        self.rand = random.Random(style.seed)
        self.repeat = repeat  # paths of fields written twice (a repeated field name)
        self.lines: list[str] = ["# a generated bank"] if style.comment else []
        self.spans: dict[Path_, tuple[int, int]] = {}

    # scalars
    def scalar(self, value: Any) -> str:
        if isinstance(value, Raw):
            return str(value)
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        assert isinstance(value, str), value
        quote = self.style.quote if self.style.quote != "mixed" else self.rand.choice(["double", "single", "plain"])
        if quote == "plain" and _PLAIN.match(value) and value.lower() not in _NOT_PLAIN_WORDS and " #" not in value:
            return value
        if quote == "single" and "\\" not in value:  # single quotes: no escapes, '' for a quote
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(value, ensure_ascii=False)

    def key(self, name: Any) -> str:
        return (
            name
            if isinstance(name, str) and _PLAIN_KEY.match(name) and name.lower() not in _NOT_PLAIN_WORDS
            else json.dumps(name)
        )

    def flow(self, value: Any, path: Path_) -> str:
        if isinstance(value, dict):
            fields = [
                f"{self.key(k)}: {self.flow(v, path + (k,))}"
                for k, v in value.items()
                for _ in range(2 if path + (k,) in self.repeat else 1)
            ]
            return "{" + ", ".join(fields) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v, path + (i,)) for i, v in enumerate(value)) + "]"
        return self.scalar(value)

    def use_flow(self, value: Any) -> bool:
        if not value:
            return True  # [] and {}
        leaves = all(_scalar_kind(v) for v in (value.values() if isinstance(value, dict) else value))
        if not leaves or self.style.flow == "never":
            return False
        return self.style.flow == "leaves" or self.rand.random() < 0.5

    # blocks
    def mapping(self, data: dict[Any, Any], indent: int, path: Path_) -> None:
        for name, value in data.items():
            first = len(self.lines) + 1
            for _ in range(2 if path + (name,) in self.repeat else 1):
                self.field(name, value, indent, path + (name,))
            self.spans[path + (name,)] = (first, len(self.lines))

    def field(self, name: Any, value: Any, indent: int, path: Path_) -> None:
        pad = " " * indent
        if _scalar_kind(value) or self.use_flow(value):
            self.lines.append(f"{pad}{self.key(name)}: {self.flow(value, path)}")
            self.record_flow(value, path)
        elif isinstance(value, dict):
            self.lines.append(f"{pad}{self.key(name)}:")
            self.mapping(value, indent + self.style.indent, path)
        else:
            self.lines.append(f"{pad}{self.key(name)}:")
            self.sequence(value, indent + (self.style.indent if self.style.indent_lists else 0), path)

    def record_flow(self, value: Any, path: Path_) -> None:
        """Everything written on one line takes that line."""
        line = len(self.lines)
        for inner in _paths(value, path):
            self.spans[inner] = (line, line)

    def sequence(self, data: list[Any], indent: int, path: Path_) -> None:
        pad = " " * indent
        for index, value in enumerate(data):
            here = path + (index,)
            first = len(self.lines) + 1
            if _scalar_kind(value) or self.use_flow(value):
                self.lines.append(f"{pad}- {self.flow(value, here)}")
                self.record_flow(value, here)
            elif isinstance(value, dict):
                self.mapping(value, indent + 2, here)
                self.lines[first - 1] = pad + "- " + self.lines[first - 1][indent + 2 :]
            else:
                self.lines.append(f"{pad}-")
                self.sequence(value, indent + 2, here)
            self.spans[here] = (first, len(self.lines))


def _paths(value: Any, path: Path_) -> Iterator[Path_]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def write_yaml(
    data: dict[str, Any], style: Style = Style(), repeat: frozenset[Path_] = frozenset()
) -> tuple[str, dict[Path_, tuple[int, int]]]:
    """YAML text for `data` and the first and last line of every path (the whole file for ())."""
    writer = Writer(style, repeat)
    writer.mapping(data, 0, ())
    writer.spans[()] = (1, len(writer.lines))
    return "\n".join(writer.lines) + "\n", writer.spans
