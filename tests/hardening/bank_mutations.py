"""One-field mutations of a valid bank for the property tests: `mutations(data)` draws one change
(delete a required field, add an unknown one, change a value's type, point a key at an option that
does not exist, duplicate an id, corrupt a quote, write a YAML 1.1 look-alike such as `yes`, `010`,
`1:10` unquoted, repeat a field name) with what the loader must say: where (the lines of the
field) and whether the bank can still be valid."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from tests.hardening.bank_yaml import Path_, Raw, _paths
from tests.hardening.bankgen import MODEL_OF_TYPE, SOURCES

from quizbank import models


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
