"""Unfolding case scenarios: the YAML format and its checks.

A case is a fictional patient, a chart (history, nurses' notes, vital signs, medications,
labs) and a graph of steps. Each step follows one of the six clinical-judgment steps,
adds or changes chart entries when it is reached, asks one embedded bank item, and
branches on the learner's answer to the next step or to an ending:

- a `single` item branches per option id (every option needs a branch);
- a `true_false` item branches on `true` and `false`;
- every other item type branches on `correct` and `incorrect`: `correct` when the item's
  score reaches the step's `pass_mark` share of its points (default 1.0: every point),
  `incorrect` otherwise.

Points: each step gives its item's score (scoring.score); the ending reached adds its
`points`. `check_case` finds what a valid model can still get wrong (branches to nowhere,
unreachable steps or endings, cycles with no way out, steps without branches, options
without a branch, duplicate ids); the loader reports each with file, line, case and step.

Playing a case (`CasePlay`) is in quizbank/case_session.py. quizbank/bankfile.py imports this
module (for BankFile's `cases`); this one imports the item models, never models.py or bankfile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from quizbank import items as item_types
from quizbank.errors import Problem
from quizbank.fields import Audience, Citation, FieldProblem, Id, JudgmentStep, Objective, Strict, Text
from quizbank.items import Item
from quizbank.yamlread import field_name

if TYPE_CHECKING:
    from quizbank.scoring import Score
    from quizbank.sources import SourceDocument
    from quizbank.yamlread import Located

CHART_TABS: tuple[str, ...] = ("history", "notes", "vitals", "medications", "labs")
CORRECT, INCORRECT = "correct", "incorrect"
Outcome = Literal["good", "fair", "poor"]

Label = Annotated[str, StringConstraints(min_length=1, max_length=40)]


# -- the format ------------------------------------------------------------------------


def _no_repeats(values: list[str], what: str, at: tuple[str | int, ...]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise FieldProblem(f"{what} '{value}' appears twice", at + (index, "id"))
        seen.add(value)


class ChartEntry(Strict):
    """One row of a chart tab: an id (so a later step can change it), the text, an optional time."""

    id: Id
    text: Text
    time: Label | None = None


class Chart(Strict):
    """A patient chart, or the entries a step adds to it (an entry with an existing id replaces it)."""

    history: list[ChartEntry] = []
    notes: list[ChartEntry] = []
    vitals: list[ChartEntry] = []
    medications: list[ChartEntry] = []
    labs: list[ChartEntry] = []

    @model_validator(mode="after")
    def _ids_unique_per_tab(self) -> Chart:
        for tab in CHART_TABS:
            _no_repeats([e.id for e in getattr(self, tab)], f"{tab} entry id", (tab,))
        return self


class Patient(Strict):
    """The case's patient. Always fictional."""

    name: Text
    age: Annotated[int, Field(ge=0, le=120)]
    sex: Literal["female", "male", "other"]
    setting: Text


class CaseTags(Strict):
    """Topic and drug of a case."""

    topic: Id
    drug: Id = "anakinra"


class Branch(Strict):
    """Where an answer leads (a step or ending id) and what the learner is told happens."""

    next: Id
    consequence: Text
    citations: list[Citation] = []


class Step(Strict):
    """One point of decision: a judgment step, chart changes, an embedded item, its branches."""

    id: Id
    judgment_step: JudgmentStep
    narrative: Text | None = None
    chart_update: Chart | None = None
    item: Item
    pass_mark: Annotated[float, Field(gt=0, le=1)] = 1.0
    branches: dict[Id, Branch] = {}


class Ending(Strict):
    """How the case ends: an outcome, points for reaching it, a debrief, and its sources."""

    id: Id
    title: Text
    outcome: Outcome
    points: Annotated[float, Field(ge=0)]
    text: Text
    debrief: Text
    citations: Annotated[list[Citation], Field(min_length=1)]


class Case(Strict):
    """An unfolding case scenario."""

    id: Id
    version: Annotated[int, Field(ge=1)] = 1
    title: Text
    summary: Text
    audience: Audience
    objectives: Annotated[list[Id], Field(min_length=1)]
    tags: CaseTags
    patient: Patient
    chart: Chart
    start: Id
    steps: Annotated[list[Step], Field(min_length=1)]
    endings: Annotated[list[Ending], Field(min_length=1)]

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError when there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def ending(self, ending_id: str) -> Ending:
        """The ending with this id (KeyError when there is none)."""
        for ending in self.endings:
            if ending.id == ending_id:
                return ending
        raise KeyError(ending_id)

    def is_ending(self, node_id: str) -> bool:
        return any(e.id == node_id for e in self.endings)


# -- branching rules -----------------------------------------------------------------------


def branch_keys(step: Step) -> tuple[str, ...]:
    """The branches a step must have: option ids, true/false, or correct/incorrect."""
    return item_types.answer_branches(step.item) or (CORRECT, INCORRECT)


def right_branch(step: Step) -> str:
    """The branch a fully right answer takes: the key option, the key's true/false, or correct."""
    return item_types.answer_branch(step.item, item_types.key_response(step.item)) or CORRECT


def branch_for(step: Step, response: Any, result: Score) -> str:
    """Which branch an (already scored, well-formed) response takes."""
    branch = item_types.answer_branch(step.item, response)
    if branch is not None:
        return branch
    return CORRECT if result.points >= step.pass_mark * result.max_points - 1e-9 else INCORRECT


# -- graph checks ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseIssue:
    """One thing wrong with a case's graph; `at` is the path inside the case's YAML."""

    message: str
    at: tuple[str | int, ...]
    step: str | None = None


def _listed(values: Iterable[str]) -> str:
    return ", ".join(values) or "none"


def _path_between(start: str, goal: str, edges: Mapping[str, list[str]], allowed: set[str]) -> list[str]:
    """Shortest path start -> ... -> goal through `allowed` nodes (start counted as left already)."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in edges.get(node, []):
            if target not in allowed or target in previous:
                continue
            previous[target] = node
            if target == goal:
                path = [goal]
                while path[-1] != start or len(path) == 1:
                    path.append(previous[path[-1]])
                return list(reversed(path))
            queue.append(target)
    return []


def check_case(case: Case) -> list[CaseIssue]:
    """Everything wrong with the case's steps, branches and endings (empty when it is sound)."""
    issues: list[CaseIssue] = []
    steps: dict[str, int] = {}
    for index, step in enumerate(case.steps):
        if step.id in steps:
            issues.append(
                CaseIssue(
                    f"step id '{step.id}' is used twice (also step {steps[step.id] + 1} of this case)",
                    ("steps", index, "id"),
                    step.id,
                )
            )
            continue
        steps[step.id] = index
    endings: dict[str, int] = {}
    for index, ending in enumerate(case.endings):
        if ending.id in endings:
            issues.append(CaseIssue(f"ending id '{ending.id}' is used twice", ("endings", index, "id")))
            continue
        if ending.id in steps:
            issues.append(
                CaseIssue(
                    f"'{ending.id}' is both a step and an ending; a branch could not tell them apart",
                    ("endings", index, "id"),
                    ending.id,
                )
            )
            continue
        endings[ending.id] = index
    targets = f"steps: {_listed(steps)}; endings: {_listed(endings)}"

    if case.start not in steps:
        what = "an ending, not a step" if case.start in endings else "not a step of this case"
        issues.append(CaseIssue(f"start '{case.start}' is {what} ({targets})", ("start",)))

    edges: dict[str, list[str]] = {}
    for step_id, index in steps.items():
        step = case.steps[index]
        at = ("steps", index)
        wanted = branch_keys(step)
        tag = step.item.tags.judgment_step
        if tag is not None and tag != step.judgment_step:
            issues.append(
                CaseIssue(
                    f"step '{step_id}' is a {step.judgment_step} step but its item is tagged {tag}",
                    at + ("item", "tags", "judgment_step"),
                    step_id,
                )
            )
        if "pass_mark" in step.model_fields_set and wanted[0] != CORRECT:
            issues.append(
                CaseIssue(
                    f"step '{step_id}': pass_mark applies only to steps that branch on correct/incorrect, "
                    f"a {step.item.type} step branches on {_listed(wanted)}",
                    at + ("pass_mark",),
                    step_id,
                )
            )
        if not step.branches:
            issues.append(
                CaseIssue(
                    f"step '{step_id}' has no branches, so a learner who reaches it never gets to an ending "
                    f"(it needs branches {_listed(wanted)})",
                    at + ("id",),
                    step_id,
                )
            )
        else:
            what = item_types.branch_noun(step.item)
            for key in step.branches:
                if key not in wanted:
                    if what == "option":
                        why = f"'{key}' is not an option of its item (options: {_listed(wanted)})"
                    else:
                        why = f"a {step.item.type} step branches on {' and '.join(wanted)}, not '{key}'"
                    issues.append(CaseIssue(f"step '{step_id}': {why}", at + ("branches", key), step_id))
            missing = [key for key in wanted if key not in step.branches]
            if missing:
                issues.append(
                    CaseIssue(
                        f"step '{step_id}': no branch for {what} {_listed(missing)}; every {what} needs one "
                        f"({_listed(wanted)})",
                        at + ("branches",),
                        step_id,
                    )
                )
        edges[step_id] = []
        for key, branch in step.branches.items():
            if branch.next in steps or branch.next in endings:
                edges[step_id].append(branch.next)
            else:
                issues.append(
                    CaseIssue(
                        f"step '{step_id}': the branch '{key}' goes to '{branch.next}', which is neither a step "
                        f"nor an ending of this case ({targets})",
                        at + ("branches", key, "next"),
                        step_id,
                    )
                )

    reached: set[str] = set()
    if case.start in steps:
        queue = [case.start]
        reached.add(case.start)
        while queue:
            for target in edges.get(queue.pop(), []):
                if target not in reached:
                    reached.add(target)
                    if target in steps:
                        queue.append(target)
        for step_id, index in steps.items():
            if step_id not in reached:
                issues.append(
                    CaseIssue(
                        f"step '{step_id}' cannot be reached from the start step '{case.start}'",
                        ("steps", index, "id"),
                        step_id,
                    )
                )
        for ending_id, index in endings.items():
            if ending_id not in reached:
                issues.append(
                    CaseIssue(
                        f"ending '{ending_id}' is never reached: no branch of a step reachable from "
                        f"'{case.start}' leads to it",
                        ("endings", index, "id"),
                    )
                )

    # Steps from which an ending can be reached: walk the branches backwards from the endings.
    finishing: set[str] = set(endings)
    changed = True
    while changed:
        changed = False
        for step_id, targets_ in edges.items():
            if step_id not in finishing and any(t in finishing for t in targets_):
                finishing.add(step_id)
                changed = True
    stuck = {s for s in steps if s in reached and s not in finishing and edges.get(s)}
    for step_id in sorted(stuck, key=steps.__getitem__):
        loop = _path_between(step_id, step_id, edges, stuck)
        if loop:
            how = f"it is in a cycle with no way out ({' -> '.join(loop)})"
        else:
            how = "every path from it stops at a step without branches or runs into a cycle with no way out"
        issues.append(
            CaseIssue(
                f"no ending can be reached from step '{step_id}': {how}", ("steps", steps[step_id], "id"), step_id
            )
        )
    return issues


# -- loading (called by quizbank.loader) ------------------------------------------------------


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
