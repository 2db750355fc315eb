"""Pydantic's validation errors, and control characters in text, as problems an educator can act on.

Each problem names the file, line, column, item (or case) and field, in plain words with a
hint where a value looks right to a person (`010`, `yes`, `"3"`) but is not what the field wants.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from quizbank import case_loading, models
from quizbank import cases as case_models
from quizbank.bankfile import BankFile
from quizbank.errors import Problem
from quizbank.models import FieldProblem
from quizbank.yamlread import Located, field_name


def _all_field_names() -> list[str]:
    names: set[str] = set()
    for value in [*vars(models).values(), *vars(case_models).values(), BankFile]:
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return sorted(names)


_FIELD_NAMES = _all_field_names()


def _raw_path(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    """Follow a pydantic error location through the raw data, skipping union tags."""
    path: list[Any] = []
    current = data
    rest = list(loc)
    while rest:
        step = rest.pop(0)
        if isinstance(current, dict) and step in current:
            path.append(step)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            path.append(step)
            current = current[step]
        elif isinstance(current, dict) and step == current.get("type"):
            continue
        else:
            return tuple(path), step
    return tuple(path), None


def describe(value: Any) -> str:
    """A value as a message shows it: true, a list, 'text' (shortened)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "..."
    return repr(value)


_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


def _number_hint(value: Any) -> str:
    """Why a value that looks like a number to a person is not a whole number in the bank."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if re.fullmatch(r"[-+]?0[0-9]{1,17}", text):  # bounded: int() refuses numbers of thousands of digits
        return f"; write it without the leading zero ({int(text)})"
    if re.fullmatch(r"[0-9]+(:[0-5]?[0-9])+", text):
        return "; a value such as 1:10 is not a number (old YAML reads it as minutes and seconds)"
    if re.fullmatch(r"[-+]?[0-9]{1,18}", text):
        return f"; write the number without quotes ({int(text)})"
    return ""


def _bool_hint(value: Any) -> str:
    if isinstance(value, str) and value.strip() in _YAML11_BOOLS:
        return "; write true or false (yes, no, on and off are not accepted)"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return f"; write {value.strip().lower()} without quotes"
    return ""


def _message(error: ErrorDetails, missing: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"'{missing}' is required but missing"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(str(missing), _FIELD_NAMES, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        return f"unknown field '{missing}'{hint}"
    if kind == "string_type":
        return f"expected text, got {describe(value)}; put text in double quotes"
    if kind == "bool_type":
        return f"expected true or false, got {describe(value)}{_bool_hint(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {describe(value)}{_number_hint(value)}"
    if kind in ("list_type",):
        return f"expected a list, got {describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {describe(value)}"
    if kind == "union_tag_invalid":
        return f"'{error['ctx']['tag']}' is not an item type; expected one of {', '.join(models.ITEM_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the item has no 'type'; expected one of {', '.join(models.ITEM_TYPES)}"
    if kind == "literal_error":
        hint = _number_hint(value) if isinstance(value, str) else ""
        return f"expected {error['ctx']['expected']}, got {describe(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return (
            f"{describe(value)} is not a valid id: use lower-case letters, digits, '-', '.' or '_', "
            "starting with a letter or digit"
        )
    if kind == "string_too_short":
        if error["ctx"]["min_length"] == 1:
            return "the text is empty; write some text"
        return f"text too short (at least {error['ctx']['min_length']} characters)"
    if kind == "string_too_long":
        return f"text too long (at most {error['ctx']['max_length']} characters)"
    if kind == "too_short":
        if error["ctx"]["min_length"] == 1:
            return "the list is empty; it needs at least one entry"
        return f"needs at least {error['ctx']['min_length']} entries, has {error['ctx'].get('actual_length', 0)}"
    if kind == "too_long":
        return (
            f"has too many entries (at most {error['ctx']['max_length']}, has {error['ctx'].get('actual_length', '?')})"
        )
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {error['ctx'].get('ge', error['ctx'].get('gt'))}, got {describe(value)}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return str(error["msg"])


def _place(located: Located, path: tuple[Any, ...]) -> tuple[int, int]:
    """Where to point for a problem with the value at `path`.

    A list, a mapping or an empty value is pointed at by its field name (`options:`), which is
    where an educator looks; text, numbers and entries of lists at the value itself.
    """
    if path and isinstance(path[-1], str) and path in located.key_marks:
        value: Any = located.data
        for step in path:
            value = value[step]
        if value is None or isinstance(value, (list, dict)):
            return located.key_marks[path]
    return located.where(path)


def pydantic_problems(exc: ValidationError, located: Located) -> list[Problem]:
    found: list[tuple[str, tuple[Any, ...], Problem]] = []  # (error kind, raw path of the field, problem)
    for error in exc.errors():
        kind = error["type"]
        loc = tuple(error["loc"])
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblem) and cause.at:
            at = cause.at[1:] if loc and loc[-1] == cause.at[0] else cause.at
            loc = loc + tuple(at)
        path, missing = _raw_path(located.data, loc)
        if kind == "value_error" and isinstance(cause, FieldProblem) and missing is not None:
            kind = "missing"  # a model rule about a field that is not there (a ready item's citations, say)
        if kind == "extra_forbidden":
            line, col = located.where(path + (missing,) if missing is not None else path, key=True)
            if missing is None and path:
                missing = path[-1]
                path = path[:-1]
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            line, col = located.where(path + ("type",)) if kind == "union_tag_invalid" else located.where(path)
        else:
            line, col = _place(located, path)
        item_id = None
        if len(path) >= 2 and path[0] == "items" and isinstance(located.data, dict):
            raw_item = located.data["items"][path[1]]
            if isinstance(raw_item, dict) and isinstance(raw_item.get("id"), str):
                item_id = raw_item["id"]
        field_path = path
        if kind in ("missing", "extra_forbidden") and missing is not None:
            field_path = path + (missing,)
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            field_path = path + ("type",)
        shown = field_path[2:] if item_id is not None else field_path
        if path[:1] == ("cases",):  # a case: its id, and its steps and endings named by id
            item_id, shown = case_loading.problem_path(located.data, field_path)
        message = _message(error, missing)
        raw_item = located.data["items"][path[1]] if path[:1] == ("items",) and len(path) >= 2 else None
        raw_type = raw_item.get("type") if isinstance(raw_item, dict) else None
        if kind == "extra_forbidden" and missing in _FIELD_NAMES:
            # A real field name, in the wrong place: "did you mean 'n'?" would not help.
            owner = f"a '{raw_type}' item" if len(path) == 2 and isinstance(raw_type, str) else "this part"
            message = f"{owner} has no field '{missing}' (other kinds of items or parts do); remove it"
        if kind == "union_tag_invalid" and isinstance(raw_item, dict) and not isinstance(raw_type, str):
            message = f"expected an item type, one word such as single, got {describe(raw_type)}"
        if kind == "string_too_short" and field_path and field_path[-1] == "quote":
            message = (
                f"the quote is too short ({len(error['input'])} characters); quote at least "
                f"{error['ctx']['min_length']} characters: the words the key rests on"
            )
        problem = Problem(located.file, line, col, message, item_id, field_name(shown) or None)
        found.append((kind, field_path, problem))
    return _merge_misspelt(found, located)


# Required of every item but a draft: checked after the fields, so a misspelling of one gives no 'missing' problem.
_READY_FIELDS = ("citations", "objectives", "rationale")


def _absent_ready_field(located: Located, item_path: tuple[Any, ...], name: str) -> bool:
    raw: Any = located.data
    for step in item_path:
        raw = raw[step] if isinstance(raw, (dict, list)) else None
    return name in _READY_FIELDS and isinstance(raw, dict) and name not in raw and raw.get("draft") is not True


def _merge_misspelt(found: list[tuple[str, tuple[Any, ...], Problem]], located: Located) -> list[Problem]:
    """A misspelt required field gives one problem, not 'unknown field' plus 'missing'."""
    missing = {path: index for index, (kind, path, _) in enumerate(found) if kind == "missing"}
    dropped: set[int] = set()
    problems: list[Problem] = []
    for kind, path, problem in found:
        guess = re.search(r"did you mean '([^']+)'\?", problem.message) if kind == "extra_forbidden" else None
        if guess is None:
            problems.append(problem)
            continue
        index = missing.get(path[:-1] + (guess.group(1),))
        if (index is not None and index not in dropped) or _absent_ready_field(located, path[:-1], guess.group(1)):
            if index is not None:
                dropped.add(index)
            problem = replace(problem, message=f"{problem.message} ('{guess.group(1)}' is required and missing)")
        problems.append(problem)
    return [p for index, p in enumerate(problems) if index not in dropped]


# Control characters, which only a backslash escape in "..." can put into text (the reader refuses
# them written out): text shown to learners and printed in reports must not carry terminal escapes
# or NUL. A tab and a line feed are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escaped_controls(located: Located) -> list[Problem]:
    """A problem for each text and field name that holds a control character."""
    found: list[tuple[tuple[Any, ...], str, bool]] = []  # (path, the text, is a field name)

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, str):
            if _CONTROL.search(value):
                found.append((path, value, False))
        elif isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, str) and _CONTROL.search(key):
                    found.append((path + (key,), key, True))
                walk(inner, path + (key,))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, path + (index,))

    walk(located.data, ())
    problems = []
    for path, text, is_name in found:
        line, col = located.where(path, key=is_name)
        code = ord(_CONTROL.search(text).group())  # type: ignore[union-attr]
        item_id, shown = None, path
        data = located.data
        if path[:1] == ("cases",):
            item_id, shown = case_loading.problem_path(data, path)
        elif len(path) >= 2 and path[0] == "items" and isinstance(data.get("items"), list):
            raw = data["items"][path[1]]
            if isinstance(raw, dict) and isinstance(raw.get("id"), str) and not (len(path) == 3 and path[2] == "id"):
                item_id, shown = raw["id"], path[2:]
        what = "field name" if is_name else "text"
        message = (
            f"the {what} contains the control character U+{code:04X} (from a backslash escape such as "
            f"\\x{code:02x}), which is not text a learner can read; remove it"
        )
        problems.append(Problem(located.file, line, col, message, item_id, field_name(shown) or None))
    return problems
