"""Load a question bank from YAML files: validate everything, or load nothing."""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from quizbank import cases as case_models
from quizbank import fastread, models
from quizbank.bankfile import BankFile
from quizbank.errors import BankError, Problem
from quizbank.models import FieldProblem, Item, Objective
from quizbank.origins import ItemOrigins, digest
from quizbank.sources import SourceDocument, load_sources
from quizbank.yamlread import Located, decode, field_name, load_yaml, read_bytes, read_text

BANKS_DIR = Path(__file__).parent / "banks"
DEFAULT_BANK = BANKS_DIR / "anakinra"


def _all_field_names() -> list[str]:
    names: set[str] = set()
    for value in [*vars(models).values(), *vars(case_models).values(), BankFile]:
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return sorted(names)


_FIELD_NAMES = _all_field_names()


@dataclass
class Bank:
    """A validated bank: items and objectives by id, the sources, and where items came from.

    `items` holds what quizzes may serve; draft items (not yet cited, say) are kept apart in `drafts`."""

    items: dict[str, Item]
    objectives: dict[str, Objective]
    sources: dict[str, SourceDocument]
    origins: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # item id -> (file, line of its id)
    cases: dict[str, case_models.Case] = field(default_factory=dict)
    drafts: dict[str, Item] = field(default_factory=dict)

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
    seen: set[Path] = set()
    for path in paths:
        found = (
            sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if path.is_dir()
            else [path]
        )
        for file in found:
            if file.resolve() not in seen:  # a file named twice (or also through its folder) is read once
                seen.add(file.resolve())
                files.append(file)
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
        return f"expected text, got {_describe(value)}; put text in double quotes"
    if kind == "bool_type":
        return f"expected true or false, got {_describe(value)}{_bool_hint(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(value)}{_number_hint(value)}"
    if kind in ("list_type",):
        return f"expected a list, got {_describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(value)}"
    if kind == "union_tag_invalid":
        return f"'{error['ctx']['tag']}' is not an item type; expected one of {', '.join(models.ITEM_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the item has no 'type'; expected one of {', '.join(models.ITEM_TYPES)}"
    if kind == "literal_error":
        hint = _number_hint(value) if isinstance(value, str) else ""
        return f"expected {error['ctx']['expected']}, got {_describe(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_describe(value)} is not a valid id: use lower-case letters, digits, '-', '.' or '_', "
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
        return f"must be at least {error['ctx'].get('ge', error['ctx'].get('gt'))}, got {_describe(value)}"
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


def _pydantic_problems(exc: ValidationError, located: Located) -> list[Problem]:
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
            item_id, shown = case_models.problem_path(located.data, field_path)
        message = _message(error, missing)
        raw_item = located.data["items"][path[1]] if path[:1] == ("items",) and len(path) >= 2 else None
        raw_type = raw_item.get("type") if isinstance(raw_item, dict) else None
        if kind == "extra_forbidden" and missing in _FIELD_NAMES:
            # A real field name, in the wrong place: "did you mean 'n'?" would not help.
            owner = f"a '{raw_type}' item" if len(path) == 2 and isinstance(raw_type, str) else "this part"
            message = f"{owner} has no field '{missing}' (other kinds of items or parts do); remove it"
        if kind == "union_tag_invalid" and isinstance(raw_item, dict) and not isinstance(raw_type, str):
            message = f"expected an item type, one word such as single, got {_describe(raw_type)}"
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
    item: Any, located: Located, path: tuple[Any, ...], sources: Mapping[str, SourceDocument]
) -> list[Problem]:
    problems = []
    for index, citation in enumerate(item.citations):
        where = path + ("citations", index)
        document = sources.get(citation.source)
        if document is None:
            line, col = located.where(where + ("source",))
            problems.append(
                Problem(
                    located.file,
                    line,
                    col,
                    f"unknown source '{citation.source}'; the sources are {', '.join(sorted(sources))}",
                    item.id,
                    f"citations[{index}].source",
                )
            )
            continue
        if not document.contains(citation.quote):
            line, col = located.where(where + ("quote",))
            matched = _longest_match(document, citation.quote)
            hint = f'; it matches only as far as "{matched}"' if matched else ""
            problems.append(
                Problem(
                    located.file,
                    line,
                    col,
                    f"the quote is not in '{citation.source}' (case, spaces, bullets and curly quotes "
                    f"are ignored){hint}",
                    item.id,
                    f"citations[{index}].quote",
                )
            )
    return problems


_ITEM = TypeAdapter(Item)


@dataclass
class _FileResult:
    """What one file gave: its problems, and the objectives and items that are valid on their own."""

    located: Located | None
    problems: list[Problem]
    objectives: list[tuple[int, Objective]]
    items: list[tuple[int, Item]]
    complete: bool  # every objective of the file is known (so unknown-objective checks are fair)


def _salvage(located: Located) -> tuple[list[tuple[int, Objective]], list[tuple[int, Item]], bool]:
    """After a file failed validation, the entries that are valid by themselves (for cross-checks)."""
    data = located.data
    objectives: list[tuple[int, Objective]] = []
    items: list[tuple[int, Item]] = []
    complete = isinstance(data.get("objectives", []), list)
    for index, raw in enumerate(data.get("objectives") or [] if complete else []):
        try:
            objectives.append((index, Objective.model_validate(raw)))
        except ValidationError:
            complete = False
    raw_items = data.get("items")
    for index, raw in enumerate(raw_items if isinstance(raw_items, list) else []):
        try:
            items.append((index, _ITEM.validate_python(raw)))
        except ValidationError:
            pass
    return objectives, items, complete


# Control characters, which only a backslash escape in "..." can put into text (the reader refuses
# them written out): text shown to learners and printed in reports must not carry terminal escapes
# or NUL. A tab and a line feed are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escaped_controls(located: Located) -> list[Problem]:
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
            item_id, shown = case_models.problem_path(data, path)
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


def _read(path: Path) -> _FileResult:
    name = str(path)
    try:
        text = read_text(path, name)
        located = load_yaml(text, name)
    except BankError as exc:
        return _FileResult(None, exc.problems, [], [], False)
    return _check_file(located, text)


def _check_file(located: Located, text: str, *, explain: bool = True) -> _FileResult:
    """Every check of one file once it is read, by either reader: the fast path runs these too.

    Without `explain` (the fast path, which throws any problem away and reads the file again
    strictly) a file the models refuse gives one unexplained problem at once: explaining a file
    of 300,000 wrong entries costs seconds."""
    name = located.file
    if "\\" in text:  # only an escape can put a control character into a value
        controls = _escaped_controls(located)
        if controls:
            return _FileResult(None, controls, [], [], False)
    if located.data is None:
        return _FileResult(
            located,
            [Problem(name, 1, 1, "the file is empty; a bank file starts with 'schema_version: 1'")],
            [],
            [],
            True,
        )
    if not isinstance(located.data, dict):
        what = "a list" if isinstance(located.data, list) else f"the single value {_describe(located.data)}"
        line, col = located.where(())
        problem = Problem(
            name, line, col, f"the file holds {what}; a bank file is a mapping that starts with 'schema_version: 1'"
        )
        return _FileResult(located, [problem], [], [], False)
    boolean = []  # Literal[1] takes `true`, as True == 1 in Python: a boolean is no version number
    if located.data.get("schema_version") is True:
        line, col = located.where(("schema_version",))
        boolean = [Problem(name, line, col, "expected 1, got true; write schema_version: 1", None, "schema_version")]
    try:
        bank_file = BankFile.model_validate(located.data)
    except ValidationError as exc:
        if not explain:
            return _FileResult(located, [Problem(name, 0, 0, "invalid")], [], [], False)
        objectives, items, complete = _salvage(located)
        return _FileResult(located, boolean + _pydantic_problems(exc, located), objectives, items, complete)
    return _FileResult(located, boolean, list(enumerate(bank_file.objectives)), list(enumerate(bank_file.items)), True)


def load_bank(
    paths: Iterable[Path] | None = None, sources: dict[str, SourceDocument] | None = None, *, fast: bool = True
) -> Bank:
    """Load and check a whole bank (default: the shipped anakinra bank).

    Raises BankError listing every problem; a bank with any problem is not loaded. Entries that
    are valid by themselves in a file with problems are still cross-checked (ids, objectives,
    quotes), so one run reports every problem it can.

    With `fast` (the default) the files are first read by the fast reader (fastread.py); if it
    declines any file or the bank has any problem, that result is thrown away and the bank is
    loaded by the strict reader, which reports every problem with file, line and column.
    """
    given = [DEFAULT_BANK] if paths is None else [Path(p) for p in paths]
    files = bank_files(given)
    if not files:
        raise BankError(
            [Problem(", ".join(str(p) for p in given) or "(no path)", 0, 0, "no bank files (*.yaml) found")]
        )
    sources = load_sources() if sources is None else sources
    with gc_paused():
        if fast and fastread.available():
            bank = _load_fast(files, sources)
            if bank is not None:
                return bank
        bank, problems = _assemble([_read(path) for path in files], sources)
    if problems:
        raise BankError(problems)
    return bank


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a bank is built: it finds nothing to free, and with the
    millions of objects of a large bank its passes cost more than the rest of the validation.

    Afterwards the objects made meanwhile go straight to the oldest generation (freeze, then
    unfreeze: no scan), instead of being scanned at once as young objects, then again as middle-
    aged ones. Skipped when someone else has frozen objects, which unfreezing would release.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _read_fast(path: Path) -> tuple[_FileResult, str] | None:
    """One file by the fast reader and the models, with its SHA-256; None at the first doubt."""
    name = str(path)
    try:
        raw = read_bytes(path, name)
        text = decode(raw, name)
    except BankError:
        return None
    data = fastread.read(text)
    if type(data) is not dict:
        return None
    result = _check_file(
        Located(data, name), text, explain=False
    )  # the strict path's checks, on the fast reader's values
    if result.problems or not result.complete:
        return None  # the strict reader names the problems, with their lines
    return result, digest(raw)


def _load_fast(files: list[Path], sources: dict[str, SourceDocument]) -> Bank | None:
    """The bank by the fast path, or None if any file or any check leaves a doubt."""
    results: list[_FileResult] = []
    hashes: list[tuple[str, str]] = []
    for path in files:
        read = _read_fast(path)
        if read is None:
            return None
        results.append(read[0])
        hashes.append((str(path), read[1]))
    bank, problems = _assemble(results, sources)
    if problems:
        return None
    bank.origins = ItemOrigins(hashes)  # the fast reader knows no lines; the strict one finds them if asked
    return bank


def _assemble(results: list[_FileResult], sources: dict[str, SourceDocument]) -> tuple[Bank, list[Problem]]:
    """Cross-check what the files gave (ids, objectives, quotes, cases) into a bank and its problems."""
    problems: list[Problem] = []
    all_objectives_known = True
    items: dict[str, Item] = {}
    objectives: dict[str, Objective] = {}
    origins: dict[str, tuple[str, int]] = {}
    objective_origins: dict[str, tuple[str, int]] = {}
    objective_refs: list[tuple[Located, tuple[Any, ...], str, str]] = []
    case_files: list[Located] = []
    for result in results:
        problems.extend(result.problems)
        all_objectives_known = all_objectives_known and result.complete
        located = result.located
        if located is None:
            continue
        case_files.append(located)
        for index, objective in result.objectives:
            line, col = located.where(("objectives", index, "id"))
            if objective.id in objectives:
                first_file, first_line = objective_origins[objective.id]
                problems.append(
                    Problem(
                        located.file,
                        line,
                        col,
                        f"objective id '{objective.id}' is already defined ({first_file}:{first_line})",
                        None,
                        f"objectives[{index}].id",
                    )
                )
                continue
            objectives[objective.id] = objective
            objective_origins[objective.id] = (located.file, line)
        for index, item in result.items:
            path_ = ("items", index)
            line, col = located.where(path_ + ("id",))
            if item.id in items:
                first_file, first_line = origins[item.id]
                problems.append(
                    Problem(
                        located.file,
                        line,
                        col,
                        f"item id '{item.id}' is already used ({first_file}:{first_line})",
                        item.id,
                        "id",
                    )
                )
                continue
            items[item.id] = item
            origins[item.id] = (located.file, line)
            problems.extend(_check_citations(item, located, path_, sources))
            for o_index, objective_id in enumerate(item.objectives):
                objective_refs.append((located, path_ + ("objectives", o_index), item.id, objective_id))
    for located, path_, item_id, objective_id in objective_refs:
        # When a file's objectives could not be read, do not blame every item for it.
        if objective_id not in objectives and all_objectives_known:
            line, col = located.where(path_)
            known = ", ".join(sorted(objectives)) or "none are defined"
            problems.append(
                Problem(
                    located.file,
                    line,
                    col,
                    f"unknown objective '{objective_id}' (objectives: {known})",
                    item_id,
                    f"objectives[{path_[-1]}]",
                )
            )
    cases, found = case_models.load_cases(
        case_files, items, objectives if all_objectives_known else None, sources, _check_citations
    )
    problems.extend(found)
    drafts = {item_id: item for item_id, item in items.items() if item.draft}
    ready = {item_id: item for item_id, item in items.items() if not item.draft}
    return Bank(ready, objectives, sources, origins, cases, drafts), problems


def validate(paths: Iterable[Path] | None = None) -> list[Problem]:
    """Every problem in the bank at `paths` (empty when the bank is valid)."""
    try:
        load_bank(paths)
    except BankError as exc:
        return exc.problems
    return []
