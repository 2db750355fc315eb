"""Rules about stems: negative-stem, document-stem, duplicate-instruction (and its instruction texts)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from tests.quizbank.lint.lint_helpers import (
    cloze,
    lint_items,
    matrix,
    of_rule,
    select_all,
    select_n,
    single,
    true_false,
)

from quizbank.lint.stems import INSTRUCTIONS

PROJECT = Path(__file__).resolve().parents[3]
OPTIONS = ["Thigh", "Stomach", "Near a vein"]


@pytest.mark.parametrize(
    ("item", "said"),
    [
        (single("n1", "Which site should the patient not use?", OPTIONS), '"not"'),
        (single("n2", "All of these are injection sites except:", OPTIONS), '"except"'),
        (single("n3", "Which site is the least suitable?", OPTIONS), '"least"'),
        (single("n4", "Which site shouldn't the patient use?", OPTIONS), '"shouldn\'t"'),
        (single("n5", "Which site should the patient **not** use?", OPTIONS), "asterisks"),
        (
            select_all("n6", "Select the sites that do not suit an injection. Select all that apply.", OPTIONS, [2]),
            '"not"',
        ),
        (true_false("n7", "Anakinra is not given by injection.", key=False), '"not"'),
        (single("n8", "Which site should the patient NOT use?", OPTIONS), None),
        (single("n9", "All of these are injection sites EXCEPT:", OPTIONS), None),
        (single("n10", "A patient has a rash that has not gone away. What should the nurse do?", OPTIONS), None),
        (
            single("n11", "Which symptoms should the patient report if they are severe or do not go away?", OPTIONS),
            None,
        ),
        (single("n12", "How far should the needle go in, at least?", OPTIONS), None),
        (true_false("n13", "The advice covers flu shots, not only live vaccines."), None),
        (single("n14", "Which site is the knot of muscle near?", OPTIONS), None),  # 'knot' is no 'not'
    ],
)
def test_negative_stem(tmp_path: Path, item: dict[str, Any], said: str | None) -> None:
    found = of_rule(lint_items(tmp_path, [item]), "negative-stem")
    assert bool(found) is (said is not None)
    if said:
        assert said in found[0].message and found[0].severity == "warning"


@pytest.mark.parametrize(
    ("stem", "flagged"),
    [
        ("What does MedlinePlus say to press over the site?", True),
        ("According to the leaflet, when should the patient call?", True),
        ("According to the EBSCO article, what is the main side effect?", True),
        ("Which statement in the article is true?", True),
        ("A patient mentions a latex allergy. What do the documents say?", True),
        ("Which medicines does MedlinePlus specifically name?", True),
        ("Which statements about the syringes match the patient instructions?", True),
        ("Complete MedlinePlus's advice about the medicine list.", True),
        ("What condition do both documents say anakinra is used to treat?", True),
        ("What should the nurse do?", False),
        ("What should the nurse advise, based on the documents?", False),
        ("Which protein does anakinra block?", False),
        ("A patient reads the leaflet and asks about a rash. What should the nurse do?", False),
        ("The patient says the article was hard to read. What should the pharmacist do?", False),
    ],
)
def test_document_stem(tmp_path: Path, stem: str, flagged: bool) -> None:
    report = lint_items(tmp_path, [single("d1", stem, OPTIONS)])
    found = of_rule(report, "document-stem")
    assert bool(found) is flagged
    assert report.figures.document_stems == int(flagged) and report.figures.items == 1


def test_a_true_false_statement_about_a_document_is_a_document_stem(tmp_path: Path) -> None:
    item = true_false("d2", "The EBSCO article names adalimumab among the TNF blockers.")
    (found,) = of_rule(lint_items(tmp_path, [item]), "document-stem")
    assert '"The EBSCO article names"' in found.message


@pytest.mark.parametrize(
    ("item", "flagged"),
    [
        (select_all("i1", "Which sites can be used? Select all that apply.", OPTIONS, [0, 1]), True),
        (select_all("i2", "Which sites can be used? Check all that apply.", OPTIONS, [0, 1]), True),
        (select_all("i3", "Which sites can be used?", OPTIONS, [0, 1]), False),
        (single("i4", "Which site is best? Choose one answer.", OPTIONS), True),
        (single("i5", "Choose the site the patient should use.", OPTIONS), False),
        (true_false("i6", "True or false: anakinra is injected once a day."), True),
        (true_false("i7", "Anakinra is injected once a day."), False),
        (select_n("i8", "Which sites can the patient use? Choose 2.", OPTIONS, [0, 1]), True),
        (select_n("i9", "Which sites can the patient use? Choose two.", OPTIONS, [0, 1]), True),
        (select_n("i10", "Which 2 sites can the patient use?", OPTIONS, [0, 1]), False),
        (matrix("i11", "For each row, choose one answer.", 2), True),
        (matrix("i12", "For each finding, what should the patient do?", 2), False),
        (
            cloze(
                "i13", "Use {{site}}.", {"site": (["the thigh", "a vein"], "the thigh")}, stem="Complete the sentence."
            ),
            True,
        ),
        (
            cloze(
                "i14",
                "Use {{site}}.",
                {"site": (["the thigh", "a vein"], "the thigh")},
                stem="Complete the sentence using the chart.",
            ),
            False,
        ),
    ],
)
def test_duplicate_instruction(tmp_path: Path, item: dict[str, Any], flagged: bool) -> None:
    found = of_rule(lint_items(tmp_path, [item]), "duplicate-instruction")
    assert bool(found) is flagged
    if flagged:
        assert "already prints" in found[0].message


def _widget_instructions() -> dict[str, str]:
    """The `instruction = "..."` class attributes of widgets/items/*.py, read as source (not imported)."""
    found = {}
    for path in sorted((PROJECT / "widgets" / "items").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and [getattr(t, "id", None) for t in statement.targets] == ["instruction"]
                        and path.stem in INSTRUCTIONS
                    ):
                        found[path.stem] = ast.literal_eval(statement.value)
    return found


def test_the_instruction_texts_are_the_widgets_own() -> None:
    widgets = _widget_instructions()
    assert set(widgets) == set(INSTRUCTIONS) - {"select_n"}
    for item_type, text in widgets.items():
        assert INSTRUCTIONS[item_type] == text, item_type
    select_n_source = (PROJECT / "widgets" / "items" / "select_n.py").read_text(encoding="utf-8")
    assert 'f"Choose {self.item.n}."' in select_n_source
