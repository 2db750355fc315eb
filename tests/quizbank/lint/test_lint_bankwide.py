"""Rules that compare items: near-duplicate, over-tested-sentence, uneven-marks, case-step-copies-item."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.quizbank.lint.lint_helpers import (
    IL1,
    LATEX,
    ONCE_A_DAY,
    SITES,
    filler,
    line_of,
    lint_items,
    matrix,
    of_rule,
    one_step_case,
    select_all,
    single,
    true_false,
)

IL1_OPTIONS = ["Interleukin-1 (IL-1)", "Tumor necrosis factor", "Insulin"]


@pytest.mark.parametrize(
    ("first", "second", "flagged"),
    [
        (
            single("p1", "Which protein does anakinra block?", IL1_OPTIONS),
            single("p2", "Which protein does anakinra block in RA?", IL1_OPTIONS),
            True,
        ),
        (  # reworded, but a difflib ratio above 0.8
            single("p1", "Which protein does anakinra block in the body?", IL1_OPTIONS),
            single(
                "p2", "Which protein does anakinra block in the joints?", ["Interleukin-1 (IL-1)", "Insulin", "TNF"]
            ),
            True,
        ),
        (
            true_false("p1", "Anakinra is injected once a day."),
            true_false("p2", "Anakinra is usually injected once a day."),
            True,
        ),
        (  # same stem, another key
            single("p1", "Which protein does anakinra block?", IL1_OPTIONS),
            single("p2", "Which protein does anakinra block?", IL1_OPTIONS, key=1),
            False,
        ),
        (  # same key, another question
            single("p1", "Which protein does anakinra block?", IL1_OPTIONS),
            single("p2", "A patient asks what high levels of IL-1 cause in RA. What is the culprit?", IL1_OPTIONS),
            False,
        ),
        (
            true_false("p1", "Anakinra is injected once a day."),
            true_false("p2", "Anakinra is injected once a day.", key=False),
            False,
        ),
    ],
)
def test_near_duplicate(tmp_path: Path, first: dict[str, Any], second: dict[str, Any], flagged: bool) -> None:
    found = of_rule(lint_items(tmp_path, [first, second]), "near-duplicate")
    assert bool(found) is flagged
    if flagged:
        (finding,) = found
        assert finding.item == "p2"  # on the later item, naming the earlier one and where it is
        assert f"item 'p1' ({tmp_path / 'bank.yaml'}:" in finding.message


@pytest.mark.parametrize("waiving", ["p1", "p2"])
def test_a_near_duplicate_pair_is_waived_by_either_item(tmp_path: Path, waiving: str) -> None:
    items = [
        single("p1", "Which protein does anakinra block?", IL1_OPTIONS),
        single("p2", "Which protein does anakinra block in RA?", IL1_OPTIONS),
    ]
    items[int(waiving[1]) - 1]["lint_waivers"] = [{"rule": "near-duplicate", "reason": "One is for the pretest."}]
    assert of_rule(lint_items(tmp_path, items), "near-duplicate") == []


def _cites(item_id: str, citation: dict[str, str]) -> dict[str, Any]:
    return single(
        item_id, f"Where can a patient inject, {item_id}?", ["Thigh or stomach", "Vein", "Scar"], citations=[citation]
    )


@pytest.mark.parametrize(
    ("citations", "waived", "flagged_on"),
    [
        ([SITES, SITES, SITES, SITES], [], "o3"),  # 4 items > 3: reported once, on the fourth
        ([SITES, SITES, SITES], [], None),
        ([SITES, SITES, SITES, SITES], ["o1"], None),  # a waiving item is not counted
        ([SITES, ONCE_A_DAY, LATEX, IL1], [], None),
        # a shorter quote inside the same sentence rests on it too
        ([SITES, SITES, SITES, {"source": "medlineplus-anakinra", "quote": "in the outer thigh or stomach"}], [], "o3"),
    ],
)
def test_over_tested_sentence(
    tmp_path: Path, citations: list[dict[str, str]], waived: list[str], flagged_on: str | None
) -> None:
    items = [_cites(f"o{i}", c) for i, c in enumerate(citations)]
    for item in items:
        if item["id"] in waived:
            item["lint_waivers"] = [{"rule": "over-tested-sentence", "reason": "The core fact, tested on purpose."}]
    found = of_rule(lint_items(tmp_path, items), "over-tested-sentence")
    assert [f.item for f in found] == ([flagged_on] if flagged_on else [])
    if flagged_on:
        assert "4 items rest on the same sentence of medlineplus-anakinra" in found[0].message
        assert "o0, o1, o2, o3" in found[0].message
        path = tmp_path / "bank.yaml"
        quote_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if "quote:" in line]
        assert found[0].line == quote_lines[3]


@pytest.mark.parametrize(
    ("big", "flagged"),
    [
        (matrix("big", "For each finding, what should the patient do?", 7), True),  # 7 points next to 1s
        (matrix("big", "For each finding, what should the patient do?", 4), False),
        (select_all("big", "Which apply?", ["A1", "B2", "C3", "D4", "E5", "F6"], [0, 1, 2, 3, 4]), True),
    ],
)
def test_uneven_marks(tmp_path: Path, big: dict[str, Any], flagged: bool) -> None:
    report = lint_items(tmp_path, [*filler(4), true_false("tf", "Anakinra is injected once a day."), big])
    found = of_rule(report, "uneven-marks")
    assert [f.item for f in found] == (["big"] if flagged else [])
    assert report.figures.typical_points == 1
    if flagged:
        assert "the bank's typical item 1" in found[0].message


STEP = single("case.s1", "Which protein does anakinra block?", IL1_OPTIONS)


def _step(**changes: Any) -> dict[str, Any]:
    item = copy.deepcopy(STEP)
    item.update(changes)
    return item


@pytest.mark.parametrize(
    ("step_item", "flagged"),
    [
        (_step(), True),
        (_step(stem="Which protein does anakinra block?  "), True),
        (_step(stem="Which protein does anakinra block, again?"), True),  # near-identical
        (_step(stem="Ms. Lee asks what her new medicine does. Which protein does it block?"), False),
        (_step(options=[{"id": "a", "text": "IL-1"}, {"id": "b", "text": "TNF"}, {"id": "c", "text": "IL-6"}]), False),
    ],
)
def test_case_step_copies_item(tmp_path: Path, step_item: dict[str, Any], flagged: bool) -> None:
    bank_item = single("mech", "Which protein does anakinra block?", IL1_OPTIONS)
    report = lint_items(tmp_path, [bank_item], cases=[one_step_case("c1", step_item)])
    found = of_rule(report, "case-step-copies-item")
    assert bool(found) is flagged
    if flagged:
        (finding,) = found
        cases = tmp_path / "cases.yaml"
        assert (finding.file, finding.item) == (str(cases), "case.s1")
        assert finding.line == line_of(cases, "stem:")
        assert "step 's1' of case 'c1'" in finding.message and "bank item 'mech'" in finding.message


@pytest.mark.parametrize("where", ["bank item", "case step"])
def test_case_step_copy_is_waived_by_either_side(tmp_path: Path, where: str) -> None:
    bank_item = single("mech", "Which protein does anakinra block?", IL1_OPTIONS)
    step_item = _step()
    waiver = [{"rule": "case-step-copies-item", "reason": "The case reuses the warm-up question."}]
    (bank_item if where == "bank item" else step_item)["lint_waivers"] = waiver
    report = lint_items(tmp_path, [bank_item], cases=[one_step_case("c1", step_item)])
    assert of_rule(report, "case-step-copies-item") == []


def test_a_case_step_is_found_in_the_folders_of_the_item_files(tmp_path: Path) -> None:
    from quizbank.lint import lint
    from quizbank.loader import load_bank

    lint_items(
        tmp_path, [single("mech", "Which protein does anakinra block?", IL1_OPTIONS)], [one_step_case("c1", _step())]
    )
    (found,) = of_rule(lint(load_bank([tmp_path])), "case-step-copies-item")  # no files given: the folder is searched
    assert (found.file, found.line) == (str(tmp_path / "cases.yaml"), line_of(tmp_path / "cases.yaml", "stem:"))
    other = tmp_path / "elsewhere"
    other.mkdir()
    (tmp_path / "cases.yaml").rename(other / "cases.yaml")
    bank = load_bank([tmp_path / "bank.yaml", other / "cases.yaml"])
    # the case's file is not among those searched: the finding points at the bank item it copies
    (finding,) = of_rule(lint(bank, files=[tmp_path / "bank.yaml"]), "case-step-copies-item")
    assert (finding.file, finding.line) == (str(tmp_path / "bank.yaml"), line_of(tmp_path / "bank.yaml", "id: mech"))
