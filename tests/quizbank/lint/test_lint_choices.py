"""Rules about options: key-longest (item and bank level), absolute-distractor, all-none-of-the-above,
clang, grammar-mismatch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.quizbank.lint.lint_helpers import (
    cloze,
    filler,
    line_of,
    lint_items,
    matrix,
    of_rule,
    select_all,
    select_n,
    single,
)

LONG_KEY = "Tell the doctor and the pharmacist about the allergy before the first dose"


@pytest.mark.parametrize(
    ("item", "flagged"),
    [
        (single("k1", "What should the nurse do?", [LONG_KEY, "Give the dose", "Wait a week"]), True),
        # ratio above 1.5 but only 9 characters longer: not notably longer
        (single("k2", "Which symptom needs a call?", ["Rash and fever", "Fever", "Cough"]), False),
        # 26 characters longer but only 1.46 times as long
        (
            single(
                "k3",
                "What should the nurse do?",
                [f"{LONG_KEY} is given", "Ask the patient to wait until the clinic visit next month", "Go"],
            ),
            False,
        ),
        (
            single("k4", "What should the nurse do?", ["Give the dose", LONG_KEY, "Wait a week"]),
            False,
        ),  # long distractor
        (select_all("k5", "Which apply?", [LONG_KEY, LONG_KEY + " today", "Rash", "Fever"], [0, 1]), True),
        (select_all("k6", "Which apply?", [LONG_KEY, "Rash", "Fever", "Cough"], [0, 1]), False),  # one key is short
        (
            cloze(
                "k7",
                "The nurse should {{act}}.",
                {
                    "act": (
                        ["call the doctor before the first dose is given today", "wait"],
                        "call the doctor before the first dose is given today",
                    )
                },
            ),
            True,
        ),
    ],
)
def test_key_longest(tmp_path: Path, item: dict[str, Any], flagged: bool) -> None:
    found = of_rule(lint_items(tmp_path, [item]), "key-longest")
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity == "warning" and found[0].item == item["id"]
        assert "longer than every other choice" in found[0].message


def test_key_longest_points_at_the_key(tmp_path: Path) -> None:
    report = lint_items(
        tmp_path, [single("k1", "What should the nurse do?", ["Give the dose", LONG_KEY, "Wait"], key=1)]
    )
    (finding,) = of_rule(report, "key-longest")
    path = tmp_path / "bank.yaml"
    assert (finding.file, finding.line) == (str(path), line_of(path, LONG_KEY))
    assert path.read_text().splitlines()[finding.line - 1][finding.column - 1 :].startswith(LONG_KEY)


def _longest_first(count: int, prefix: str) -> list[dict[str, Any]]:
    return [
        single(
            f"{prefix}-{i}",
            f"Which answer is right, question {i}?",
            ["The longest option here", "Short", "Tiny", "Wee"],
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("items", "error"),
    [
        (_longest_first(10, "long"), True),  # 10 of 10: far above chance (25%) + 15 points
        (_longest_first(9, "long"), False),  # too few single-answer items to judge
        (_longest_first(4, "long") + filler(6), False),  # 4 of 10 = 40%: filler keys are not longest (ties)
        (_longest_first(5, "long") + filler(5), True),  # 50% > 25% + 15%
    ],
)
def test_longest_key_rate_is_a_bank_level_error(tmp_path: Path, items: list[dict[str, Any]], error: bool) -> None:
    report = lint_items(tmp_path, items)
    bank_level = [f for f in of_rule(report, "key-longest") if f.item is None]
    assert bool(bank_level) is error
    figures = report.figures
    assert figures.single_items == len(items)
    assert figures.key_longest == sum(i["id"].startswith("long") for i in items)
    if error:
        assert bank_level[0].severity == "error" and bank_level[0].line == 0
        assert str(bank_level[0]).startswith(f"{tmp_path / 'bank.yaml'}: error [key-longest] bank: ")
        assert report.errors == 1


def test_chance_level_follows_the_number_of_options(tmp_path: Path) -> None:
    items = [single("two", "Which?", ["Yes, do it", "No"]), single("four", "Which?", ["A1", "B2", "C3", "D4"])]
    figures = lint_items(tmp_path, items).figures
    assert figures.chance == pytest.approx((1 / 2 + 1 / 4) / 2)
    assert figures.key_longest_limit == pytest.approx(figures.chance + 0.15)
    assert figures.key_longest == 1  # "Yes, do it" is longest; "A1" ties


@pytest.mark.parametrize(
    ("options", "key", "words"),
    [
        (["Inject into the outer thigh", "Never inject into the thigh", "Inject into a vein"], 0, ["never"]),
        (["Tell the doctor", "Only tell the pharmacist", "It must always wait"], 0, ["only", "must", "always"]),
        (["Tell the doctor", "None is needed", "Everything can wait"], 0, ["none", "everything"]),
        (["Tell the doctor about all medicines", "Never tell anyone", "Wait"], 0, []),  # the key has 'all'
        (["Report the allergy", "Overall it is fine", "Wait for a call"], 0, []),  # 'all' inside words
        (["Report the allergy", "Ask the pharmacist", "Wait for a call"], 0, []),
    ],
)
def test_absolute_distractor(tmp_path: Path, options: list[str], key: int, words: list[str]) -> None:
    report = lint_items(tmp_path, [single("ab", "What should the nurse do?", options, key)])
    found = of_rule(report, "absolute-distractor")
    assert bool(found) is bool(words)
    for word in words:
        assert f"'{word}'" in found[0].message
    assert report.figures.choice_items == 1
    assert report.figures.absolute_items == (1 if words or "Never tell anyone" in options else 0)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("All of the above", True),
        ("None of the above", True),
        ("None of these", True),
        ("Both of the above", True),
        ("all of these.", True),
        ("None: the documents name none", True),
        ("Both A and B", True),
        ("A and C", True),
        ("Neither", True),
        ("None of the documents mention shellfish", False),
        ("All medicines the patient takes", False),
        ("Allergy to latex", False),
        ("Nothing, it is harmless", False),
        ("Bothersome rash", False),
    ],
)
def test_all_none_of_the_above(tmp_path: Path, text: str, flagged: bool) -> None:
    report = lint_items(tmp_path, [single("an", "What should the nurse do?", ["Tell the doctor", "Wait", text])])
    found = of_rule(report, "all-none-of-the-above")
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity == "error" and report.errors == 1
        assert "option c" in found[0].message


def test_all_none_in_a_matrix_column(tmp_path: Path) -> None:
    item = matrix("mx", "For each finding, what should the patient do?", 2)
    item["columns"][1]["text"] = "None of these"
    (found,) = of_rule(lint_items(tmp_path, [item]), "all-none-of-the-above")
    assert "column call" in found.message


@pytest.mark.parametrize(
    ("stem", "options", "words"),
    [
        (
            "A patient reports a latex allergy. What should the nurse do?",
            ["Report the latex allergy", "Give the dose", "Wait a day"],
            ["'allergy'", "'latex'"],
        ),
        (
            "Which allergies matter before the first dose?",
            ["An allergy to latex", "A cold", "Tiredness"],
            ["'allergy'"],
        ),  # stems
        (
            "A patient reports a latex allergy. What should the nurse do?",
            ["Report the latex allergy", "Do not report the latex allergy", "Wait"],
            [],
        ),
        (
            "What should the patient tell the doctor?",
            ["Tell the doctor at once", "Wait a week", "Skip it"],
            [],
        ),  # common words
    ],
)
def test_clang(tmp_path: Path, stem: str, options: list[str], words: list[str]) -> None:
    found = of_rule(lint_items(tmp_path, [single("cl", stem, options)]), "clang")
    assert bool(found) is bool(words)
    for word in words:
        assert word in found[0].message


def test_clang_in_select_all_needs_every_key(tmp_path: Path) -> None:
    stem = "Which site findings should the patient report?"
    echoed = select_all("c1", stem, ["Site redness", "Site pain", "Headache", "Nausea"], [0, 1])
    one_key = select_all("c2", stem, ["Site redness", "Pain", "Headache", "Nausea"], [0, 1])
    report = lint_items(tmp_path, [echoed, one_key])
    assert [f.item for f in of_rule(report, "clang")] == ["c1"]


@pytest.mark.parametrize(
    ("item", "flagged"),
    [
        (single("g1", "The patient should inject into an", ["upper arm", "outer thigh", "stomach"]), True),
        (single("g2", "The patient should inject into an", ["upper arm", "outer thigh", "area of the belly"]), False),
        (
            single("g3", "The patient should use a", ["syringe", "unit dose", "one-off vial"]),
            False,
        ),  # 'a unit', 'a one-off'
        (single("g4", "The result to report first is an", ["HIV test", "MRI scan", "TNF blocker level"]), True),
        (single("g5", "The result to report first is an", ["HIV test", "MRI scan", "RA flare"]), False),  # letter names
        (single("g6", "Which site is best?", ["upper arm", "stomach", "outer thigh"]), False),  # no article at the end
        (
            cloze(
                "g7",
                "Insert the needle at a {{angle}} angle.",
                {"angle": (["45 to 90-degree", "exactly 30-degree"], "45 to 90-degree")},
            ),
            True,
        ),
        (
            cloze(
                "g8",
                "Insert the needle at a {{angle}} angle.",
                {"angle": (["45 to 90-degree", "10 to 15-degree"], "45 to 90-degree")},
            ),
            False,
        ),
        (
            cloze("g9", "Insert the needle at a {{angle}} angle.", {"angle": (["45-degree", "8-degree"], "45-degree")}),
            True,
        ),
        (select_n("g10", "Which 3 sites can the patient use?", ["Thigh", "Stomach", "Near a vein"], [0, 1]), True),
        (select_n("g11", "Which 2 sites can the patient use?", ["Thigh", "Stomach", "Near a vein"], [0, 1]), False),
        (select_n("g12", "Which two of these sites can the patient use?", ["Thigh", "Stomach", "Vein"], [0, 1]), False),
        (
            select_all(
                "g13", "Which is a sign of infection? Select all that apply.", ["Fever", "Chills", "Calm"], [0, 1]
            ),
            True,
        ),
        (select_all("g14", "Which is a sign of infection?", ["Fever", "Chills", "Calm"], [0]), False),
        (select_all("g15", "Which are signs of infection?", ["Fever", "Chills", "Calm"], [0, 1]), False),
    ],
)
def test_grammar_mismatch(tmp_path: Path, item: dict[str, Any], flagged: bool) -> None:
    found = of_rule(lint_items(tmp_path, [item]), "grammar-mismatch")
    assert bool(found) is flagged
    if flagged:
        assert found[0].item == item["id"] and found[0].severity == "warning"
