"""Load a question bank from YAML files: validate everything, or load nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quizbank import case_loading, fastread
from quizbank import cases as case_models
from quizbank.bank_messages import describe, escaped_controls, pydantic_problems
from quizbank.bankfile import BankFile
from quizbank.citation_check import check_citations
from quizbank.errors import BankError, Problem
from quizbank.models import Item, Objective
from quizbank.origins import ItemOrigins, digest
from quizbank.sources import SourceDocument, load_sources
from quizbank.yamlread import Located, decode, load_yaml, read_bytes, read_text

BANKS_DIR = Path(__file__).parent / "banks"
DEFAULT_BANK = BANKS_DIR / "anakinra"


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
        controls = escaped_controls(located)
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
        what = "a list" if isinstance(located.data, list) else f"the single value {describe(located.data)}"
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
        return _FileResult(located, boolean + pydantic_problems(exc, located), objectives, items, complete)
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
            problems.extend(check_citations(item, located, path_, sources))
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
    cases, found = case_loading.load_cases(
        case_files, items, objectives if all_objectives_known else None, sources, check_citations
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
