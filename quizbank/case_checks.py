"""The checks of a case's graph that a valid model can still fail.

Branches to nowhere, unreachable steps or endings, cycles with no way out, steps without
branches, options without a branch, duplicate ids; the loader reports each with file, line,
case and step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quizbank.cases import CORRECT, Case, branch_keys
from quizbank.items import branch_noun


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
            what = branch_noun(step.item)
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
