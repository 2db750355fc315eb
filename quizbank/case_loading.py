"""Loading the cases of a bank's files (called by quizbank.loader): ids, objectives, graphs, quotes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from quizbank.case_checks import check_case
from quizbank.cases import Case
from quizbank.errors import Problem
from quizbank.fields import Citation, Objective
from quizbank.items import Item
from quizbank.sources import SourceDocument
from quizbank.yamlread import Located, field_name


def field_path(case_data: Any, at: Sequence[str | int]) -> tuple[str | int, ...]:
    """A path inside a case's YAML for messages, naming steps and endings by id: steps[s2].item.key."""
    at = tuple(at)
    if len(at) >= 2 and at[0] in ("steps", "endings") and isinstance(at[1], int) and isinstance(case_data, dict):
        entries = case_data.get(at[0])
        entry = entries[at[1]] if isinstance(entries, list) and 0 <= at[1] < len(entries) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(name, str) and name:
            return (f"{at[0]}[{name}]",) + at[2:]
    return at


def problem_path(data: Any, path: Sequence[Any]) -> tuple[str | None, tuple[Any, ...]]:
    """For a problem at `path` = ("cases", i, ...) of a bank file: the case id and the field path."""
    path = tuple(path)
    cases = data.get("cases") if isinstance(data, dict) else None
    if len(path) < 2 or not isinstance(cases, list) or not isinstance(path[1], int) or path[1] >= len(cases):
        return None, path
    raw = cases[path[1]]
    case_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    if case_id is None:
        return None, path
    return case_id, field_path(raw, path[2:])


@dataclass(frozen=True)
class _Cited:
    id: str
    citations: list[Citation]


CitationCheck = Callable[[Any, "Located", tuple[Any, ...], Mapping[str, "SourceDocument"]], list[Problem]]


@dataclass(frozen=True)
class _CaseAt:
    """Where one case stands in its file, to turn case-relative paths into Problems."""

    located: Located
    index: int
    case_id: str

    @property
    def raw(self) -> Any:
        return self.located.data["cases"][self.index]

    def field(self, at: Sequence[Any]) -> str | None:
        return field_name(field_path(self.raw, at)) or None

    def problem(self, at: Sequence[Any], message: str, *, key: bool = False) -> Problem:
        line, col = self.located.where(("cases", self.index) + tuple(at), key=key)
        return Problem(self.located.file, line, col, message, self.case_id, self.field(at))

    def citations(
        self, owner: Any, at: tuple[Any, ...], sources: Mapping[str, SourceDocument], check: CitationCheck
    ) -> list[Problem]:
        prefix = self.field(at)
        return [
            replace(p, item=self.case_id, field=f"{prefix}.{p.field}")
            for p in check(owner, self.located, ("cases", self.index) + at, sources)
        ]


def _valid_cases(located: Located) -> list[tuple[int, Case]]:
    """The cases of a file that are valid by themselves (the file's own errors are reported apart)."""
    raw = located.data.get("cases") if isinstance(located.data, dict) else None
    valid = []
    for index, entry in enumerate(raw if isinstance(raw, list) else []):
        try:
            valid.append((index, Case.model_validate(entry)))
        except ValidationError:
            pass
    return valid


def load_cases(
    found: Sequence[Located],
    items: Mapping[str, Item],
    objectives: Mapping[str, Objective] | None,
    sources: Mapping[str, SourceDocument],
    check_citations: CitationCheck,
) -> tuple[dict[str, Case], list[Problem]]:
    """The cases of every file read, and every problem with them.

    Checks: case ids unique in the bank; the graph (check_case); embedded item ids unique
    among the bank's items and other cases' items; objectives known; every quote of every
    embedded item, branch and ending found in its source (with the loader's `check_citations`).
    `objectives` is None when some file could not be read: objectives are then not checked.
    """
    cases: dict[str, Case] = {}
    origins: dict[str, str] = {}
    item_owner: dict[str, str] = {}
    problems: list[Problem] = []
    for located in found:
        for c_index, case in _valid_cases(located):
            where = _CaseAt(located, c_index, case.id)
            if case.id in cases:
                problems.append(where.problem(("id",), f"case id '{case.id}' is already used ({origins[case.id]})"))
                continue
            cases[case.id] = case
            origins[case.id] = f"{located.file}:{located.where(('cases', c_index, 'id'))[0]}"
            for issue in check_case(case):
                on_key = len(issue.at) >= 2 and issue.at[-2] == "branches"  # an unknown branch: point at its key
                problems.append(where.problem(issue.at, issue.message, key=on_key))
            for o_index, objective_id in enumerate(case.objectives):
                if objectives is not None and objective_id not in objectives:
                    message = _unknown_objective(objective_id, objectives)
                    problems.append(where.problem(("objectives", o_index), message))
            for s_index, step in enumerate(case.steps):
                at: tuple[Any, ...] = ("steps", s_index, "item")
                item = step.item
                if item.id in items or item.id in item_owner:
                    owner = "by an item of the bank" if item.id in items else f"({item_owner[item.id]})"
                    problems.append(where.problem(at + ("id",), f"item id '{item.id}' is already used {owner}"))
                else:
                    item_owner[item.id] = f"case '{case.id}', step '{step.id}'"
                for o_index, objective_id in enumerate(item.objectives):
                    if objectives is not None and objective_id not in objectives:
                        message = _unknown_objective(objective_id, objectives)
                        problems.append(where.problem(at + ("objectives", o_index), message))
                problems.extend(where.citations(item, at, sources, check_citations))
                for key, branch in step.branches.items():
                    cited, branch_at = _Cited(step.id, branch.citations), ("steps", s_index, "branches", key)
                    problems.extend(where.citations(cited, branch_at, sources, check_citations))
            for e_index, ending in enumerate(case.endings):
                problems.extend(where.citations(ending, ("endings", e_index), sources, check_citations))
    return cases, problems


def _unknown_objective(objective_id: str, objectives: Mapping[str, Objective]) -> str:
    known = ", ".join(sorted(objectives)) or "none are defined"
    return f"unknown objective '{objective_id}' (objectives: {known})"
