"""Load a question bank from YAML files: validate everything, or load nothing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from quizbank import models
from quizbank.errors import BankError, Problem
from quizbank.models import BankFile, FieldProblem, Item, Objective
from quizbank.sources import SourceDocument, load_sources
from quizbank.yamlread import Located, load_yaml, read_text

BANKS_DIR = Path(__file__).parent / "banks"
DEFAULT_BANK = BANKS_DIR / "anakinra"


def _all_field_names() -> list[str]:
    names: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return sorted(names)


_FIELD_NAMES = _all_field_names()


@dataclass
class Bank:
    """A validated bank: items and objectives by id, the sources, and where items came from."""

    items: dict[str, Item]
    objectives: dict[str, Objective]
    sources: dict[str, SourceDocument]
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)

    def select(
        self,
        *,
        audience: str | None = None,
        topics: Sequence[str] = (),
        objectives: Sequence[str] = (),
    ) -> list[Item]:
        """Items for an audience (items marked `both` fit either) and topic/objective filters."""
        chosen = []
        for item in self.items.values():
            if audience and audience != "both" and item.audience not in (audience, "both"):
                continue
            if topics and item.tags.topic not in topics:
                continue
            if objectives and not set(item.objectives) & set(objectives):
                continue
            chosen.append(item)
        return chosen


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into their YAML files, sorted; keep files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            files.append(path)
    return files


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


def _field_name(path: tuple[Any, ...]) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "..."
    return repr(value)


def _message(error: dict[str, Any], missing: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"'{missing}' is required but missing"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(str(missing), _FIELD_NAMES, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        return f"unknown field '{missing}'{hint}"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}; put text in quotes"
    if kind == "bool_type":
        return f"expected true or false, got {_describe(value)}"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, got {_describe(value)}"
    if kind in ("list_type",):
        return f"expected a list, got {_describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(value)}"
    if kind == "union_tag_invalid":
        return f"'{error['ctx']['tag']}' is not an item type; expected one of {', '.join(models.ITEM_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the item has no 'type'; expected one of {', '.join(models.ITEM_TYPES)}"
    if kind == "literal_error":
        return f"expected {error['ctx']['expected']}, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_describe(value)} is not a valid id: use lower-case letters, digits, '-', '.' or '_', "
            "starting with a letter or digit"
        )
    if kind == "string_too_short":
        return f"text too short (at least {error['ctx']['min_length']} characters)"
    if kind == "string_too_long":
        return f"text too long (at most {error['ctx']['max_length']} characters)"
    if kind == "too_short":
        return f"needs at least {error['ctx']['min_length']} entries, has {error['ctx'].get('actual_length', 0)}"
    if kind == "too_long":
        return f"has too many entries (at most {error['ctx']['max_length']})"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {error['ctx'].get('ge', error['ctx'].get('gt'))}, got {_describe(value)}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return str(error["msg"])


def _pydantic_problems(exc: ValidationError, located: Located) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblem) and cause.at:
            at = cause.at[1:] if loc and loc[-1] == cause.at[0] else cause.at
            loc = loc + tuple(at)
        path, missing = _raw_path(located.data, loc)
        if error["type"] == "extra_forbidden":
            line, col = located.where(path + (missing,) if missing is not None else path, key=True)
            if missing is None and path:
                missing = path[-1]
                path = path[:-1]
        else:
            line, col = located.where(path)
        item_id = None
        if len(path) >= 2 and path[0] == "items" and isinstance(located.data, dict):
            raw_item = located.data["items"][path[1]]
            if isinstance(raw_item, dict) and isinstance(raw_item.get("id"), str):
                item_id = raw_item["id"]
        shown = path[2:] if item_id is not None else path
        if error["type"] == "missing" and missing is not None:
            shown = shown + (missing,)
        if error["type"] == "extra_forbidden" and missing is not None:
            shown = shown + (missing,)
        problems.append(Problem(located.file, line, col, _message(error, missing), item_id, _field_name(shown) or None))
    return problems


def _longest_match(document: SourceDocument, quote: str) -> str:
    words = quote.split()
    low, high = 0, len(words)
    while low < high:
        mid = (low + high + 1) // 2
        if document.find(" ".join(words[:mid])):
            low = mid
        else:
            high = mid - 1
    return " ".join(words[:low])


def _check_citations(
    item: Any, located: Located, path: tuple[Any, ...], sources: dict[str, SourceDocument]
) -> list[Problem]:
    problems = []
    for index, citation in enumerate(item.citations):
        where = path + ("citations", index)
        document = sources.get(citation.source)
        if document is None:
            line, col = located.where(where + ("source",))
            problems.append(
                Problem(
                    located.file, line, col,
                    f"unknown source '{citation.source}'; the sources are {', '.join(sorted(sources))}",
                    item.id, f"citations[{index}].source",
                )
            )
            continue
        if not document.find(citation.quote):
            line, col = located.where(where + ("quote",))
            matched = _longest_match(document, citation.quote)
            hint = f"; it matches only as far as \"{matched}\"" if matched else ""
            problems.append(
                Problem(
                    located.file, line, col,
                    f"the quote is not in '{citation.source}' (case, spaces, bullets and curly quotes "
                    f"are ignored){hint}",
                    item.id, f"citations[{index}].quote",
                )
            )
    return problems


def _read(path: Path) -> tuple[Located | None, BankFile | None, list[Problem]]:
    name = str(path)
    try:
        located = load_yaml(read_text(path, name), name)
    except BankError as exc:
        return None, None, exc.problems
    if not isinstance(located.data, dict):
        return located, None, [Problem(name, 1, 1, "a bank file must be a mapping that starts with 'schema_version: 1'")]
    try:
        return located, BankFile.model_validate(located.data), []
    except ValidationError as exc:
        return located, None, _pydantic_problems(exc, located)


def load_bank(paths: Iterable[Path] | None = None, sources: dict[str, SourceDocument] | None = None) -> Bank:
    """Load and check a whole bank (default: the shipped anakinra bank).

    Raises BankError listing every problem; a bank with any problem is not loaded.
    """
    files = bank_files([DEFAULT_BANK] if paths is None else paths)
    sources = load_sources() if sources is None else sources
    problems: list[Problem] = []
    if not files:
        raise BankError([Problem(", ".join(str(p) for p in paths or []), 0, 0, "no bank files (*.yaml) found")])
    items: dict[str, Item] = {}
    objectives: dict[str, Objective] = {}
    origins: dict[str, tuple[str, int]] = {}
    objective_refs: list[tuple[Located, tuple[Any, ...], str, str]] = []
    for path in files:
        located, bank_file, found = _read(path)
        problems.extend(found)
        if bank_file is None or located is None:
            continue
        for index, objective in enumerate(bank_file.objectives):
            if objective.id in objectives:
                line, col = located.where(("objectives", index, "id"))
                problems.append(Problem(located.file, line, col, f"objective id '{objective.id}' is defined twice", None, "id"))
            objectives[objective.id] = objective
        for index, item in enumerate(bank_file.items):
            path_ = ("items", index)
            line, col = located.where(path_ + ("id",))
            if item.id in items:
                first_file, first_line = origins[item.id]
                problems.append(
                    Problem(located.file, line, col, f"item id '{item.id}' is already used ({first_file}:{first_line})", item.id, "id")
                )
                continue
            items[item.id] = item
            origins[item.id] = (located.file, line)
            problems.extend(_check_citations(item, located, path_, sources))
            for o_index, objective_id in enumerate(item.objectives):
                objective_refs.append((located, path_ + ("objectives", o_index), item.id, objective_id))
    for located, path_, item_id, objective_id in objective_refs:
        if objective_id not in objectives:
            line, col = located.where(path_)
            known = ", ".join(sorted(objectives)) or "none are defined"
            problems.append(
                Problem(located.file, line, col, f"unknown objective '{objective_id}' (objectives: {known})", item_id, f"objectives[{path_[-1]}]")
            )
    if problems:
        raise BankError(problems)
    return Bank(items, objectives, sources, origins)


def validate(paths: Iterable[Path] | None = None) -> list[Problem]:
    """Every problem in the bank at `paths` (empty when the bank is valid)."""
    try:
        load_bank(paths)
    except BankError as exc:
        return exc.problems
    return []
