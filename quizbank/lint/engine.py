"""`lint(bank)`: run every item-writing rule, apply the items' waivers, locate what is left."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from quizbank import models as m
from quizbank.lint import bankwide, choices, stems
from quizbank.lint.locate import Locator
from quizbank.lint.parts import Hit, parts
from quizbank.lint.report import RULES, Figures, Finding, LintReport, Severity
from quizbank.loader import Bank

ITEM_CHECKS: tuple[Callable[[m.Item], list[Hit]], ...] = (
    choices.check_key_longest,
    choices.check_absolute,
    choices.check_all_none,
    stems.check_negative_stem,
    choices.check_clang,
    choices.check_grammar,
    stems.check_document_stem,
    stems.check_duplicate_instruction,
)


def _unknown_waivers(item: m.Item, case: tuple[str, str] | None = None) -> list[Hit]:
    hits = []
    for index, waiver in enumerate(item.lint_waivers):
        if waiver.rule in RULES:
            continue
        guess = difflib.get_close_matches(waiver.rule, list(RULES), n=1)
        hint = f'did you mean "{guess[0]}"? ' if guess else ""
        hits.append(
            Hit(
                "unknown-waiver",
                item.id,
                ("lint_waivers", index, "rule"),
                f'the waiver names the rule "{waiver.rule}", which does not exist, so it silences nothing; '
                f"{hint}The rules are: {', '.join(r for r in RULES if r != 'unknown-waiver')}.",
                case=case,
            )
        )
    return hits


def _figures(ready: list[m.Item], typical: float) -> Figures:
    singles, longest, chance = bankwide.longest_key_figure(ready)
    with_choices = [i for i in ready if any(p.keys and p.distractors for p in parts(i))]
    return Figures(
        items=len(ready),
        single_items=singles,
        key_longest=longest,
        chance=chance,
        key_longest_limit=chance + bankwide.LONGEST_MARGIN,
        choice_items=len(with_choices),
        absolute_items=sum(choices.has_absolute_distractor(i) for i in with_choices),
        document_stems=sum(stems.document_phrase(i.stem) is not None for i in ready),
        typical_points=typical,
    )


def lint(bank: Bank, *, files: Iterable[Path] | None = None, rules: Collection[str] | None = None) -> LintReport:
    """Lint every item of the bank, drafts included (their findings are warnings, never errors).

    `files` are the bank's files or folders (to find case steps in files that hold no items;
    by default the folders of the item files are searched). `rules` keeps only those rule ids.
    """
    unknown = sorted(set(rules or ()) - set(RULES))
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)}; the rules are {', '.join(RULES)}")
    ready = list(bank.items.values())
    linted = ready + list(bank.drafts.values())
    locator = Locator(bank, files)
    hits: list[Hit] = [hit for item in linted for check in ITEM_CHECKS for hit in check(item)]
    hits += bankwide.check_near_duplicates(linted, locator.order, locator.where)
    hits += bankwide.check_over_tested(linted, bank.sources, locator.order)
    typical = bankwide.typical_points(ready or linted)
    hits += bankwide.check_uneven_marks(linted, typical)
    hits += bankwide.check_case_copies(list(bank.cases.values()), linted, locator.where)
    figures = _figures(ready, typical)
    hits += bankwide.check_longest_key_rate(figures.single_items, figures.key_longest, figures.chance)
    owners: dict[str, m.Item] = {item.id: item for item in linted}
    for case in bank.cases.values():
        for step in case.steps:
            owners[step.item.id] = step.item
            hits += _unknown_waivers(step.item, (case.id, step.id))
    for item in linted:
        hits += _unknown_waivers(item)

    def waived(hit: Hit) -> bool:
        if hit.item is None or hit.rule == "unknown-waiver":
            return False
        return any(
            bankwide.waives(owners[name], hit.rule) for name in (hit.item, *hit.also_waived_by) if name in owners
        )

    findings = [_locate(hit, bank, locator) for hit in hits if (rules is None or hit.rule in rules) and not waived(hit)]
    findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule, f.item or "", f.message))
    counts = Counter(f.severity for f in findings)
    return LintReport(tuple(findings), figures, len(linted), {s: counts.get(s, 0) for s in ("error", "warning")})


def _locate(hit: Hit, bank: Bank, locator: Locator) -> Finding:
    severity: Severity = "error" if hit.error else RULES[hit.rule].severity
    message = hit.message
    if hit.item is not None and hit.item in bank.drafts and severity == "error":
        severity = "warning"
        message += " (A draft: a warning until it is ready.)"
    if hit.item is None:
        file, line, column = locator.label(), 0, 0
    elif hit.case is not None:
        place = locator.case_step(*hit.case, hit.path)
        if place is None:  # the case's file is not among the files searched: point at the bank item
            other = hit.also_waived_by[0] if hit.also_waived_by else None
            place = locator.item(other, ()) if other else (locator.label(), 0, 0)
        file, line, column = place
    else:
        file, line, column = locator.item(hit.item, hit.path)
    return Finding(file, line, column, hit.rule, hit.item, severity, message)
