"""Waivers silence exactly their rule; unknown rules in waivers are reported; drafts never give errors;
the report's order, counts and positions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.quizbank.lint.lint_helpers import (
    SITES,
    filler,
    line_of,
    lint_items,
    matrix,
    of_rule,
    one_step_case,
    select_all,
    single,
    write_bank,
)

from quizbank.lint import RULES, lint
from quizbank.loader import load_bank

LONG_KEY = "Tell the doctor and the pharmacist about the allergy before the first dose"
SITES_OPTIONS = ["Thigh or stomach", "Vein", "Scar"]


def _over_tested() -> list[dict[str, Any]]:
    return [single(f"o{i}", f"Where can a patient inject, {i}?", SITES_OPTIONS, citations=[SITES]) for i in range(4)]


CASES: list[tuple[str, str, list[dict[str, Any]]]] = [
    ("key-longest", "w", [single("w", "What should the nurse do?", [LONG_KEY, "Give the dose", "Wait a week"])]),
    ("absolute-distractor", "w", [single("w", "What should the nurse do?", ["Call", "Never call", "Wait"])]),
    ("all-none-of-the-above", "w", [single("w", "What should the nurse do?", ["Call", "Wait", "None of these"])]),
    ("negative-stem", "w", [single("w", "Which site should the patient not use?", SITES_OPTIONS)]),
    (
        "clang",
        "w",
        [single("w", "A patient has a latex allergy. What now?", ["Report the latex allergy", "Wait", "Go"])],
    ),
    (
        "grammar-mismatch",
        "w",
        [single("w", "The patient should inject into an", ["upper arm", "outer thigh", "stomach"])],
    ),
    ("document-stem", "w", [single("w", "What does MedlinePlus say about sites?", SITES_OPTIONS)]),
    ("duplicate-instruction", "w", [select_all("w", "Which? Select all that apply.", SITES_OPTIONS, [0])]),
    ("uneven-marks", "w", [*filler(4), matrix("w", "For each finding, what should the patient do?", 7)]),
    ("over-tested-sentence", "o3", _over_tested()),
    (
        "near-duplicate",
        "p2",
        [
            single("p1", "Which protein does anakinra block?", ["Interleukin-1 (IL-1)", "TNF", "Insulin"]),
            single("p2", "Which protein does anakinra block in RA?", ["Interleukin-1 (IL-1)", "TNF", "Insulin"]),
        ],
    ),
]


def _found(report: Any) -> set[tuple[str, str | None]]:
    return {(f.rule, f.item) for f in report.findings}


@pytest.mark.parametrize(("rule", "target", "items"), CASES, ids=[c[0] for c in CASES])
def test_a_waiver_silences_exactly_its_rule(
    tmp_path: Path, rule: str, target: str, items: list[dict[str, Any]]
) -> None:
    before = _found(lint_items(tmp_path / "before", copy.deepcopy(items)))
    assert (rule, target) in before
    waived = copy.deepcopy(items)
    for item in waived:
        if item["id"] == target:
            item["lint_waivers"] = [{"rule": rule, "reason": "Kept on purpose, see the item notes."}]
    after = _found(lint_items(tmp_path / "after", waived))
    assert after == before - {(rule, target)}


def test_the_cases_cover_every_rule_that_an_item_can_waive() -> None:
    tested = {rule for rule, _, _ in CASES} | {"case-step-copies-item"}  # that one: test_lint_bankwide.py
    assert tested == set(RULES) - {"unknown-waiver"}


def test_item_waivers_do_not_silence_the_bank_level_figure(tmp_path: Path) -> None:
    items = [
        single(f"long-{i}", f"Which answer is right, {i}?", ["The longest option here", "Short", "Tiny"])
        for i in range(10)
    ]
    for item in items:
        item["lint_waivers"] = [{"rule": "key-longest", "reason": "Lengths follow the source wording."}]
    report = lint_items(tmp_path, items)
    assert [(f.item, f.severity) for f in of_rule(report, "key-longest")] == [(None, "error")]


def test_an_unknown_rule_in_a_waiver_is_an_error_and_silences_nothing(tmp_path: Path) -> None:
    item = single("w", "What should the nurse do?", ["Call", "Wait", "None of these"])
    item["lint_waivers"] = [{"rule": "all-none-of-the-abov", "reason": "Meant to silence the none option."}]
    report = lint_items(tmp_path, [item])
    (unknown,) = of_rule(report, "unknown-waiver")
    assert unknown.severity == "error" and unknown.item == "w"
    assert '"all-none-of-the-abov"' in unknown.message and 'did you mean "all-none-of-the-above"?' in unknown.message
    path = tmp_path / "bank.yaml"
    assert unknown.line == line_of(path, "rule: all-none-of-the-abov")
    assert of_rule(report, "all-none-of-the-above")  # not silenced
    assert report.errors == 2


def test_an_unknown_waiver_in_a_case_step_points_into_the_case(tmp_path: Path) -> None:
    step_item = single("case.s1", "What do you do now?", ["Call the doctor", "Wait", "Go home"])
    step_item["lint_waivers"] = [{"rule": "no-such-rule", "reason": "A typo in the rule id."}]
    report = lint_items(tmp_path, filler(1), cases=[one_step_case("c1", step_item)])
    (unknown,) = of_rule(report, "unknown-waiver")
    assert (unknown.file, unknown.line) == (
        str(tmp_path / "cases.yaml"),
        line_of(tmp_path / "cases.yaml", "no-such-rule"),
    )


def test_drafts_are_linted_but_give_warnings_only(tmp_path: Path) -> None:
    draft = single("dr", "What should the nurse do?", ["Call", "Wait", "None of these"], draft=True)
    draft["lint_waivers"] = [{"rule": "key-longst", "reason": "A typo in the rule id."}]
    report = lint_items(tmp_path, [*filler(1), draft])
    found = {f.rule: f for f in report.findings if f.item == "dr"}
    assert {"all-none-of-the-above", "unknown-waiver"} <= set(found)
    assert all(f.severity == "warning" for f in found.values())
    assert "A draft" in found["all-none-of-the-above"].message
    assert report.errors == 0 and report.linted == 2
    assert report.figures.items == 1  # the figures count ready items only


def test_findings_are_sorted_and_counted(tmp_path: Path) -> None:
    items = [
        single("z-last", "What does MedlinePlus say about sites?", ["Thigh", "Vein", "None of these"]),
        single("a-first", "Which site should the patient not use?", ["Thigh", "Vein", "All of the above"]),
    ]
    report = lint_items(tmp_path, items)
    places = [(f.file, f.line, f.column) for f in report.findings]
    assert places == sorted(places)
    assert report.errors == sum(f.severity == "error" for f in report.findings) == 2
    assert report.warnings == sum(f.severity == "warning" for f in report.findings) > 0
    assert sum(report.by_rule().values()) == len(report.findings)
    assert list(report.by_rule()) == list(RULES)


def test_the_fast_and_the_strict_reader_give_the_same_positions(tmp_path: Path) -> None:
    items = [single("w", "Which site should the patient not use?", ["Thigh", "Never a vein", "None of these"])]
    write_bank(tmp_path, items)
    fast = lint(load_bank([tmp_path]), files=[tmp_path])
    strict = lint(load_bank([tmp_path], fast=False), files=[tmp_path])
    assert fast.findings == strict.findings and len(fast.findings) >= 3
    line = line_of(tmp_path / "bank.yaml", "None of these")
    assert any(f.rule == "all-none-of-the-above" and f.line == line for f in fast.findings)


def test_rules_filter_and_unknown_rule_ids(tmp_path: Path) -> None:
    items = [single("w", "Which site should the patient not use?", ["Thigh", "Never a vein", "None of these"])]
    write_bank(tmp_path, items)
    bank = load_bank([tmp_path])
    assert {f.rule for f in lint(bank, rules=["negative-stem"]).findings} == {"negative-stem"}
    with pytest.raises(ValueError, match="unknown rule"):
        lint(bank, rules=["no-such-rule"])
