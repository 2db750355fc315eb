"""Generated banks for the property tests: valid banks of every item type, one-field mutations,
and a YAML writer that remembers the lines of every field.

- `banks()` draws a valid one-file bank as plain data: objectives, then one to four items of
  any of the ten types, with valid keys and citations whose quotes are real spans of words
  from the source documents (quizbank.sources.load_sources passages).
- `mutations(data)` draws one change of one field (delete a required field, add an unknown
  one, change a value's type, point a key at an option that does not exist, duplicate an id,
  corrupt a quote, write a YAML 1.1 look-alike such as `yes`, `010`, `1:10` unquoted, repeat
  a field name) with what the loader must say: where (the lines of the field) and whether the
  bank can still be valid.
- `write_yaml(data, style)` writes YAML in a drawn style (block or flow mappings, plain,
  single- or double-quoted text, indentation) and returns the text and, for every path, the
  first and last line its field takes.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from quizbank import models
from quizbank.sources import load_sources

SOURCES = load_sources()
PASSAGES = [(doc.id, p.text) for doc in SOURCES.values() for p in doc.passages if len(p.text) >= 12]
ITEM_TYPES = models.ITEM_TYPES
MODEL_OF_TYPE: dict[str, type[BaseModel]] = {
    "single": models.SingleItem,
    "true_false": models.TrueFalseItem,
    "select_all": models.SelectAllItem,
    "select_n": models.SelectNItem,
    "matrix": models.MatrixItem,
    "cloze": models.ClozeItem,
    "dropdown_rationale": models.RationaleItem,
    "ordering": models.OrderingItem,
    "highlight": models.HighlightItem,
    "bowtie": models.BowtieItem,
}

Path_ = tuple[Any, ...]


class Raw(str):
    """A scalar written exactly as it is, unquoted (a YAML trap such as yes, 010 or 1:10)."""


# --- valid banks --------------------------------------------------------------------------

_ID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789"
# Ids as the models take them (^[a-z0-9][a-z0-9._-]*$), built directly: from_regex is slow here.
IDS = st.builds(str.__add__, st.sampled_from(_ID_FIRST), st.text(alphabet=_ID_FIRST + "._-", max_size=10))
# Letters, digits, punctuation, symbols and spaces of every script: what a person can type.
CHARS = st.characters(categories=("L", "N", "P", "S", "Zs"))
TRICKY = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "off",
        "Yes",
        "NO",
        "y",
        "n",
        "010",
        "0x1F",
        "1:10",
        "2016-07-14",
        "1_000",
        ".inf",
        "1e3",
        "null",
        "~",
        "true",
        "False",
        "- a",
        "a: b",
        "# not a comment",
        "&anchor",
        "*alias",
        "!tag",
        "%",
        "@",
        "`",
        "{{x}}",
        "<b>bold</b>",
        "it's",
        'say "hi"',
        "back\\slash",
        "tab\there",
        "  padded  ",
        "é",
        "\u2019",
        "\u00a0",
    ]
)
TEXTS = st.one_of(st.text(CHARS, min_size=1, max_size=40), TRICKY)
# Sentence pieces around {{blank}} markers: no braces, so no marker by accident.
PIECES = st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="{}"), max_size=25)


@st.composite
def quotes(draw: st.DrawFn) -> dict[str, str]:
    """A citation: a run of whole words (at least 12 characters) from one passage of a source."""
    source, passage = draw(st.sampled_from(PASSAGES))
    words = passage.split()
    start = draw(st.integers(0, len(words) - 1))
    end = start + 1
    while end <= len(words) and len(" ".join(words[start:end])) < 12:
        end += 1
    if end > len(words):  # too few words left after `start`: take the passage from its start
        start, end = 0, 1
        while len(" ".join(words[:end])) < 12:
            end += 1
    end = draw(st.integers(end, len(words)))
    quote = " ".join(words[start:end])
    assert SOURCES[source].contains(quote), (source, quote)
    return {"source": source, "quote": quote}


def unique_ids(size: tuple[int, int]) -> st.SearchStrategy[list[str]]:
    return st.lists(IDS, min_size=size[0], max_size=size[1], unique=True)


@st.composite
def options(draw: st.DrawFn, low: int, high: int, *, feedback: bool = True) -> list[dict[str, Any]]:
    result = []
    for option_id in draw(unique_ids((low, high))):
        option: dict[str, Any] = {"id": option_id, "text": draw(TEXTS)}
        if feedback and draw(st.booleans()):
            option["feedback"] = draw(TEXTS)
        if draw(st.integers(0, 5)) == 0:
            option["pinned"] = draw(st.booleans())
        result.append(option)
    return result


@st.composite
def blanks(draw: st.DrawFn, count: int) -> tuple[str, list[dict[str, Any]]]:
    ids = draw(unique_ids((count, count)))
    sentence = draw(PIECES)
    made = []
    for blank_id in ids:
        choices = draw(st.lists(TEXTS, min_size=2, max_size=4, unique=True))
        made.append({"id": blank_id, "options": choices, "key": draw(st.sampled_from(choices))})
        marker = draw(st.sampled_from(["{{%s}}", "{{ %s }}"])) % blank_id
        sentence += marker + draw(PIECES)
    return sentence, made


@st.composite
def slot(draw: st.DrawFn, picks: int) -> dict[str, Any]:
    opts = draw(options(picks + 1, picks + 3, feedback=False))
    key = draw(st.permutations([o["id"] for o in opts]))[:picks]
    return {"options": opts, "key": list(key)}


@st.composite
def items(draw: st.DrawFn, item_id: str, objective_ids: list[str]) -> dict[str, Any]:
    """One valid item of a drawn type."""
    kind = draw(st.sampled_from(ITEM_TYPES))
    item: dict[str, Any] = {"id": item_id, "type": kind}
    if draw(st.integers(0, 4)) == 0:
        item["version"] = draw(st.integers(1, 5))
    item["stem"] = draw(TEXTS)
    if kind == "single":
        item["options"] = draw(options(2, 6))
        item["key"] = draw(st.sampled_from([o["id"] for o in item["options"]]))
    elif kind == "true_false":
        item["key"] = draw(st.booleans())
        for name in ("feedback_true", "feedback_false"):
            if draw(st.booleans()):
                item[name] = draw(TEXTS)
    elif kind == "select_all":
        item["options"] = draw(options(2, 6))
        ids = [o["id"] for o in item["options"]]
        item["key"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    elif kind == "select_n":
        item["options"] = draw(options(3, 6))
        ids = [o["id"] for o in item["options"]]
        item["n"] = draw(st.integers(1, len(ids) - 1))
        item["key"] = list(draw(st.permutations(ids))[: item["n"]])
    elif kind == "matrix":
        rows = draw(unique_ids((2, 5)))
        item["rows"] = [
            {"id": r, "text": draw(TEXTS)} | ({"feedback": draw(TEXTS)} if draw(st.booleans()) else {}) for r in rows
        ]
        item["columns"] = draw(options(2, 4, feedback=False))
        columns = [c["id"] for c in item["columns"]]
        item["key"] = {r: draw(st.sampled_from(columns)) for r in rows}
    elif kind in ("cloze", "dropdown_rationale"):
        item["sentence"], item["blanks"] = draw(blanks(2 if kind == "dropdown_rationale" else draw(st.integers(1, 3))))
    elif kind == "ordering":
        item["options"] = draw(options(2, 6, feedback=False))
        item["key"] = list(draw(st.permutations([o["id"] for o in item["options"]])))
        item["scoring"] = draw(st.sampled_from(["all_or_nothing", "per_position"]))
    elif kind == "highlight":
        item["segments"] = draw(options(2, 8))
        ids = [s["id"] for s in item["segments"]]
        item["key"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    elif kind == "bowtie":
        item["condition"], item["actions"], item["parameters"] = draw(slot(1)), draw(slot(2)), draw(slot(2))
    item["rationale"] = draw(TEXTS)
    item["objectives"] = draw(st.lists(st.sampled_from(objective_ids), min_size=1, max_size=2, unique=True))
    tags: dict[str, Any] = {"topic": draw(IDS)}
    if draw(st.booleans()):
        tags["drug"] = draw(IDS)
    if draw(st.booleans()):
        tags["judgment_step"] = draw(st.sampled_from(models.JUDGMENT_STEPS))
    item["tags"] = tags
    item["difficulty"] = draw(st.sampled_from(["easy", "medium", "hard"]))
    item["audience"] = draw(st.sampled_from(["nursing", "pharmacy", "both"]))
    item["citations"] = draw(st.lists(quotes(), min_size=1, max_size=2))
    return item


@st.composite
def banks(draw: st.DrawFn, max_items: int = 4) -> dict[str, Any]:
    """A valid one-file bank: schema_version, objectives and one to `max_items` items."""
    objective_ids = draw(unique_ids((1, 3)))
    item_ids = draw(unique_ids((1, max_items)))
    return {
        "schema_version": 1,
        "objectives": [{"id": o, "text": draw(TEXTS)} for o in objective_ids],
        "items": [draw(items(i, objective_ids)) for i in item_ids],
    }


# --- the YAML writer ------------------------------------------------------------------------


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


# --- mutations ------------------------------------------------------------------------------


@dataclass
class Mutation:
    """One change to a valid bank, and what the loader must answer."""

    kind: str
    data: dict[str, Any]
    anchors: list[Path_]  # a problem must point at a line of one of these paths' fields
    must_fail: bool = True
    repeat: frozenset[Path_] = frozenset()
    field: str | None = None  # the field a problem there names (item-relative), None: not checked
    trap: tuple[Path_, str] | None = None  # a YAML 1.1 look-alike written into a text field: stays text


def model_at(data: dict[str, Any], path: Path_) -> type[BaseModel] | None:
    """The model that validates the mapping at `path` (None for the matrix key and the like)."""
    if path == ():
        return models.BankFile
    if path[0] == "objectives" and len(path) == 2:
        return models.Objective
    if path[0] != "items" or len(path) < 2:
        return None
    item = data["items"][path[1]]
    rest = path[2:]
    if not rest:
        return MODEL_OF_TYPE.get(item.get("type")) if isinstance(item, dict) else None
    head = rest[0]
    if head == "tags" and len(rest) == 1:
        return models.Tags
    if head == "citations" and len(rest) == 2:
        return models.Citation
    if head in ("options", "columns", "segments") and len(rest) == 2:
        return models.Option
    if head == "rows" and len(rest) == 2:
        return models.MatrixRow
    if head == "blanks" and len(rest) == 2:
        return models.Blank
    if head in ("condition", "actions", "parameters"):
        if len(rest) == 1:
            return models.BowtieSlot
        if len(rest) == 3 and rest[1] == "options":
            return models.Option
    return None


def get(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def mappings(data: dict[str, Any]) -> list[Path_]:
    """Paths of every mapping that a model validates."""
    return [p for p in _paths(data, ()) if isinstance(get(data, p), dict) and model_at(data, p) is not None]


def relative(path: Path_) -> str:
    """The field name a problem gives for `path` (item paths are given relative to the item)."""
    shown = path[2:] if path[:1] == ("items",) and len(path) >= 2 else path
    text = ""
    for step in shown:
        text += f"[{step}]" if isinstance(step, int) else ("." if text else "") + str(step)
    return text


OPTIONAL_NONE = {"feedback", "judgment_step", "feedback_true", "feedback_false"}
TEXT_FIELDS = {"stem", "rationale", "text", "feedback", "feedback_true", "feedback_false"}
# YAML 1.1 look-alikes the bank must keep as text (PRODUCT.md), and values that are not text.
STAY_TEXT = ["yes", "no", "on", "off", "Yes", "NO", "y", "n", "010", "0x1F", "1:10", "2016-07-14", "1_000", "0o17"]
NOT_TEXT = ["true", "false", "null", "~", "12", "-3", "1.5"]


def _kind(value: Any) -> str:
    return {bool: "bool", int: "int", str: "str", type(None): "null", list: "list", dict: "dict", Raw: "str"}.get(
        type(value), "other"
    )


REPLACEMENTS: list[Any] = [42, True, None, "", ["x"], {"x": "y"}, [], {}, -1]


@st.composite
def mutations(draw: st.DrawFn, bank: dict[str, Any]) -> Mutation:
    """One change of one field of `bank`."""
    data = copy.deepcopy(bank)
    kinds = ["delete", "unknown", "retype", "key", "duplicate", "quote", "trap", "repeat"]
    kind = draw(st.sampled_from(kinds))
    maps = mappings(data)

    if kind == "delete":
        candidates = [(p, k) for p in maps for k in get(data, p) if model_at(data, p).model_fields[k].is_required()]  # type: ignore[union-attr]
        parent, name = draw(st.sampled_from(candidates))
        del get(data, parent)[name]
        return Mutation(kind, data, [parent], field=relative(parent + (name,)))

    if kind == "unknown":
        parent = draw(st.sampled_from(maps))
        name = "x_" + draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8))
        get(data, parent)[name] = draw(st.sampled_from(["x", 1, [1], {"a": 1}, None]))
        return Mutation(kind, data, [parent + (name,)], field=relative(parent + (name,)))

    if kind == "retype":
        leaves = [
            p
            for p in _paths(data, ())
            if len(p) >= 1 and (p[:-1] in maps or isinstance(get(data, p[:-1]), list) or p[-2:-1] == ("key",))
        ]
        path = draw(st.sampled_from(leaves))
        old = get(data, path)
        new = draw(
            st.sampled_from(
                [r for r in REPLACEMENTS if _kind(r) != _kind(old) or (r == [] and old) or (r == {} and old)]
            )
        )
        get(data, path[:-1])[path[-1]] = new
        optional = new is None and isinstance(path[-1], str) and path[-1] in OPTIONAL_NONE
        no_items = path == ("items",) and new == []  # a bank file may hold objectives only
        if path == ("objectives",) and new == []:  # valid by itself: the items name objectives that are gone
            return Mutation(kind, data, [path, *_naming(data, path)], field=None)
        return Mutation(kind, data, [path], must_fail=not (optional or no_items), field=relative(path))

    if kind == "key":
        return _bad_key(draw, data)

    if kind == "duplicate":
        return _duplicate(draw, data)

    if kind == "quote":
        item_index = draw(st.integers(0, len(data["items"]) - 1))
        citations = data["items"][item_index]["citations"]
        index = draw(st.integers(0, len(citations) - 1))
        citation = citations[index]
        how = draw(st.sampled_from(["insert", "short", "source", "swap"]))
        path = ("items", item_index, "citations", index)
        if how == "insert":
            words = citation["quote"].split(" ")
            at = draw(st.integers(0, len(words)))
            citation["quote"] = " ".join(words[:at] + ["zqxv"] + words[at:])
            return Mutation(kind, data, [path + ("quote",)], field=relative(path + ("quote",)))
        if how == "short":
            citation["quote"] = citation["quote"][: draw(st.integers(1, 11))]
            return Mutation(kind, data, [path + ("quote",)], field=relative(path + ("quote",)))
        if how == "source":
            citation["source"] = "no-such-source"
            return Mutation(kind, data, [path + ("source",)], field=relative(path + ("source",)))
        # the quote of the other document: only a failure when the other one does not say it too
        other = next(s for s in SOURCES if s != citation["source"])
        must = not SOURCES[other].contains(citation["quote"])
        citation["source"] = other
        return Mutation(kind, data, [path + ("quote",)], must_fail=must, field=relative(path + ("quote",)))

    if kind == "trap":
        leaves = [
            p
            for p in _paths(data, ())
            if len(p) >= 2 and isinstance(get(data, p), (str, int, bool)) and not isinstance(get(data, p), dict)
        ]
        path = draw(st.sampled_from(leaves))
        old = get(data, path)
        token = draw(st.sampled_from(STAY_TEXT + NOT_TEXT))
        get(data, path[:-1])[path[-1]] = Raw(token)
        name = path[-1]
        if name == "id" and len(path) > 3 or path[:1] == ("objectives",):
            # another id: what names the old one (a key, an item's objectives) now names nothing
            return Mutation(kind, data, [path, *_naming(data, path)], must_fail=False, field=None)
        if isinstance(name, str) and name in TEXT_FIELDS and token in STAY_TEXT:
            # must load, with the text exactly as written (not a boolean, a number or a date)
            return Mutation(kind, data, [path], must_fail=False, field=relative(path), trap=(path, token))
        if isinstance(old, (bool, int)) and token in STAY_TEXT:
            return Mutation(
                kind, data, [path], must_fail=True, field=relative(path)
            )  # never silently a bool or a number
        # Another valid-looking value: what it breaks (a sentence without its markers, n against the
        # key) may be reported on another field of the same item.
        return Mutation(kind, data, [path, *([path[:2]] if path[0] == "items" else [])], must_fail=False, field=None)

    # repeat: a field name written twice in one mapping
    parent = draw(st.sampled_from(maps))
    name = draw(st.sampled_from(list(get(data, parent))))
    return Mutation(
        kind, data, [parent + (name,)], repeat=frozenset({parent + (name,)}), field=relative(parent + (name,))
    )


MISSING = "zz-missing"


def _naming(data: dict[str, Any], path: Path_) -> list[Path_]:
    """Where the id at `path` is named: every item's objectives, or the rest of its own item."""
    if path[0] == "objectives":
        return [("items", i, "objectives") for i in range(len(data["items"]))]
    return [path[:2]]


def _bad_key(draw: st.DrawFn, data: dict[str, Any]) -> Mutation:
    """The key (or a blank's key, or a bow-tie slot's key) names an option that does not exist."""
    index = draw(st.integers(0, len(data["items"]) - 1))
    item = data["items"][index]
    base = ("items", index)
    kind = item["type"]
    if kind == "true_false":
        item["key"] = Raw("yes")  # a true/false key that is not a boolean
        return Mutation("key", data, [base + ("key",)], field="key")
    if kind == "single":
        item["key"] = MISSING
        return Mutation("key", data, [base + ("key",)], field="key")
    if kind in ("select_all", "select_n", "ordering", "highlight"):
        at = draw(st.integers(0, len(item["key"]) - 1))
        item["key"][at] = MISSING
        return Mutation("key", data, [base + ("key",)], field="key")
    if kind == "matrix":
        row = draw(st.sampled_from(list(item["key"])))
        if draw(st.booleans()):
            item["key"][row] = MISSING  # a column that does not exist
        else:
            item["key"][MISSING] = item["key"].pop(row)  # a row that does not exist (and one left out)
        return Mutation("key", data, [base + ("key",)], field="key")
    if kind in ("cloze", "dropdown_rationale"):
        at = draw(st.integers(0, len(item["blanks"]) - 1))
        blank = item["blanks"][at]
        blank["key"] = "zz not a choice"
        return Mutation("key", data, [base + ("blanks", at, "key")], field=f"blanks[{at}].key")
    slot_name = draw(st.sampled_from(["condition", "actions", "parameters"]))
    slot_ = item[slot_name]
    slot_["key"][draw(st.integers(0, len(slot_["key"]) - 1))] = MISSING
    return Mutation("key", data, [base + (slot_name, "key")], field=f"{slot_name}.key")


def _duplicate(draw: st.DrawFn, data: dict[str, Any]) -> Mutation:
    """An id used twice: two items, two objectives, or two options (rows, segments, blanks) of one item."""
    groups: list[tuple[Path_, str]] = []  # (list path, what)
    if len(data["items"]) > 1:
        groups.append((("items",), "item"))
    if len(data["objectives"]) > 1:
        groups.append((("objectives",), "objective"))
    for i, item in enumerate(data["items"]):
        for name in ("options", "rows", "columns", "segments", "blanks"):
            if isinstance(item.get(name), list) and len(item[name]) > 1:
                groups.append((("items", i, name), name))
        for name in ("condition", "actions", "parameters"):
            if name in item:
                groups.append((("items", i, name, "options"), name))
    if not groups:  # one item, one objective, no lists: duplicate the objective instead
        data["objectives"].append(copy.deepcopy(data["objectives"][0]))
        at = len(data["objectives"]) - 1
        return Mutation(
            "duplicate", data, [("objectives", 0, "id"), ("objectives", at, "id")], field=f"objectives[{at}].id"
        )
    where, what = draw(st.sampled_from(groups))
    entries = get(data, where)
    first, second = draw(st.lists(st.integers(0, len(entries) - 1), min_size=2, max_size=2, unique=True))
    entries[second]["id"] = entries[first]["id"]
    anchors = [where + (first,), where + (second,)]
    if what == "item":
        return Mutation("duplicate", data, [a + ("id",) for a in anchors], field="id")
    if what == "objective":
        later = max(first, second)
        return Mutation("duplicate", data, [a + ("id",) for a in anchors], field=f"objectives[{later}].id")
    return Mutation("duplicate", data, anchors, field=relative(where))
