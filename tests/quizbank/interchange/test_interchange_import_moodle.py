"""Moodle XML import of Moodle's own fixtures: the items they give and the loss report."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizbank import models as m
from quizbank.errors import BankError
from quizbank.interchange import NothingImported, convert, import_file
from quizbank.interchange.report import LossReport
from quizbank.loader import load_bank


def _losses(report: LossReport, name: str) -> str:
    return " | ".join(f"{loss.what}: {loss.why}" for loss in report.entry(name).losses)


def test_multichoice_single_with_embedded_files(fixtures: Path) -> None:
    result = convert(fixtures / "xml-multichoice.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.SingleItem)
    assert item.id == "greeting" and item.draft
    assert item.stem == "Listen to this greeting:\n\nWhat language is being spoken?"
    assert [o.text for o in item.options] == ["English", "French", "German", "Danish"]
    assert item.key == "b"
    assert item.options[1].feedback == "Yes, well done!"
    assert item.tags.topic == "multichoice"
    assert item.imported_from == m.ImportedFrom(
        format="moodle-xml", name="Greeting", category="$course$/Default for testhead/Multichoice"
    )
    assert item.citations == [] and item.objectives == [] and item.rationale is None
    assert item.difficulty == "medium" and item.audience == "both"
    lost = _losses(result.report, "'Greeting'")
    assert "penalty 0.1000000" in lost
    assert "embedded files: bonjour.mp3, flag-uk.jpg, flag-france.jpg, flag-german.jpg, flag-denmark.jpg" in lost
    assert "image flag-uk.jpg (answer 1)" in lost and "link to bonjour.mp3" in lost


def test_multiple_response_weights_are_reported(fixtures: Path) -> None:
    result = convert(fixtures / "multichoice-testquestion.moodle.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.SelectAllItem)
    assert [item.options[int("abcde".index(k))].text for k in item.key] == ["London", "Paris"]
    assert item.rationale == "Berlin, Paris and London"
    entry = result.report.entry("'Multi-choice-001'")
    assert entry.outcome == "converted"
    lost = _losses(result.report, "'Multi-choice-001'")
    assert "'London' 50%" in lost and "'Tokyo' 0%" in lost and "-1 per wrong one" in lost
    assert "2 hint(s)" in lost and "combined feedback" in lost


def test_invalid_grades_import_with_a_report_entry(fixtures: Path) -> None:
    # Moodle refuses this file (33 is not one of its grades); clinquiz needs only the sign of each
    # grade, so it imports the question and says what it read.
    result = convert(fixtures / "xml-error_invalid_grades.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.SelectAllItem)
    assert item.id == "question-with-invalid-grades-x-1-x-2"
    assert [o.text for o in item.options] == ["1", "2", "3", "4", "5"]
    assert item.key == ["b", "c", "e"]
    assert item.imported_from is not None
    assert item.imported_from.name == "Question with <strong>invalid grades</strong> : x > 1 & x < 2"
    name = "'Question with <strong>invalid grades</strong> : x > 1 & x < 2'"
    lost = _losses(result.report, name)
    assert "grades '2' 33: not among Moodle's grades" in lost
    assert "'1' -50%" in lost
    assert result.report.entry(name).outcome == "converted"


def test_truefalse_with_images(fixtures: Path) -> None:
    result = convert(fixtures / "xml-truefalse.xml", "moodle-xml")
    false, true = result.items
    assert isinstance(false, m.TrueFalseItem) and isinstance(true, m.TrueFalseItem)
    assert (false.id, false.key, true.id, true.key) == ("moodle-acronym-false", False, "moodle-acronym-true", True)
    assert false.stem == "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Education."
    assert false.feedback_false == "Your answer is correct." and false.feedback_true == "Your answer is incorrect."
    assert false.rationale == "For further information, see the documentation about Moodle."
    lost = _losses(result.report, "'Moodle acronym (False)'")
    assert "image logo.jpg (question text)" in lost and "image infos.jpg (general feedback)" in lost
    assert "link to http://docs.moodle.org/en/About_Moodle" in lost


def test_truefalse_fixture(fixtures: Path) -> None:
    (item,) = convert(fixtures / "truefalse-testquestion.moodle.xml", "moodle-xml").items
    assert isinstance(item, m.TrueFalseItem)
    assert item.key is True
    assert (item.feedback_true, item.feedback_false) == ("This is the right answer.", "This is the wrong answer.")
    assert item.rationale == "You should have selected true."
    assert item.tags.topic == "test-questions"


def test_matching_with_a_distractor_column(fixtures: Path) -> None:
    result = convert(fixtures / "match-testquestion.moodle.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.MatrixItem)
    assert [r.text for r in item.rows] == ["frog", "cat", "newt"]
    assert [c.text for c in item.columns] == ["amphibian", "mammal", "insect"]
    assert item.key == {"r1": "c1", "r2": "c2", "r3": "c1"}
    assert result.report.entry("'matching-001'").outcome == "kept"


def test_gapselect_becomes_cloze(fixtures: Path) -> None:
    result = convert(fixtures / "gapselect-testquestion.moodle.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.ClozeItem)
    assert item.sentence == "The {{g1}} {{g2}} on the {{g3}}."
    assert [b.key for b in item.blanks] == ["cat", "sat", "mat"]
    assert all(b.options == ["cat", "sat", "mat", "dog", "table"] for b in item.blanks)
    assert item.stem == "Complete the sentence."
    lost = _losses(result.report, "'Imported Select missing words 001'")
    assert "'Complete the sentence.' was written" in lost and "2 hint(s)" in lost


def test_cloze_shortanswer_gap_is_reported_not_dropped(fixtures: Path) -> None:
    result = convert(fixtures / "xml-multianswer.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.ClozeItem)
    assert item.stem == "Match the following cities with the correct state,"
    assert item.sentence.splitlines() == [
        "California or Arizona",
        "* San Francisco: {{g1}}",
        "* Tucson: {{g2}}",
        "* Los Angeles: {{g3}}",
        "* Phoenix: {{g4}}",
        "The capital of France is Paris.",
    ]
    assert [b.key for b in item.blanks] == ["California", "Arizona", "California", "Arizona"]
    lost = _losses(result.report, "'cloze with images'")
    assert "gap 5 (SHORTANSWER)" in lost and "right answer 'Paris'" in lost
    assert "image california-state-flag.png (question text)" in lost
    assert "gap 1: feedback on its answers" in lost


def test_ordering_six_items_absolute_position(fixtures: Path) -> None:
    result = convert(fixtures / "ordering-testquestion.moodle.xml", "moodle-xml")
    (item,) = result.items
    assert isinstance(item, m.OrderingItem)
    assert item.id == "dd1"
    assert item.imported_from is not None and item.imported_from.idnumber == "dd1"
    assert [o.text for o in item.options] == ["Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment"]
    assert item.key == ["a", "b", "c", "d", "e", "f"]
    assert item.scoring == "per_position"
    assert item.rationale == 'The correct answer is "Modular Object Oriented Dynamic Learning Environment".'
    lost = _losses(result.report, "'dd-ordering 1'")
    assert "horizontal layout" in lost and "2 hint(s)" in lost
    assert result.report.entry("'dd-ordering 1'").outcome == "kept"


def test_nested_categories_and_essay_reported(fixtures: Path) -> None:
    result = convert(fixtures / "xml-nested_categories_with_questions.xml", "moodle-xml")
    assert [(i.id, i.tags.topic) for i in result.items] == [
        ("iota-question", "iota"),
        ("kappa-question", "kappa"),
        ("lambda-question", "lambda"),
        ("mu-question", "mu"),
    ]
    essay = result.report.entry("'Kappa Essay Question'")
    assert essay.outcome == "skipped" and essay.line == 55
    assert essay.losses[0].why == "clinquiz has no free-text (essay) items"
    assert result.report.read == 5 and len(result.report.written) == 4


def test_broken_cloze_file_is_refused_with_every_problem(fixtures: Path, tmp_path: Path) -> None:
    # Every question of this file is broken by Moodle's own rules (Moodle refuses them too), so
    # the import stops: one problem per question, with its line and column, and nothing written.
    out = tmp_path / "out.yaml"
    with pytest.raises(BankError) as caught:
        import_file(fixtures / "xml-broken_cloze_questions.xml", "moodle-xml", out)
    lines = [str(p).split("xml-broken_cloze_questions.xml:", 1)[1] for p in caught.value.problems]
    assert lines == [
        "9:7: question 'Multianswer question without subquestions' (cloze): the cloze question has no gaps such as {1:MULTICHOICE:=right~wrong} in its text",
        "25:38: question 'Multichoice subquestion without choices' (cloze): the gap {1:MULTICHOICE}... has no answers; write it as {1:MULTICHOICE:=right answer~wrong answer}",
        "41:38: question 'Multichoice subquestion with only one choice' (cloze): the MULTICHOICE gap {1:MULTICHOICE:...} has only one choice ('Apple'); a drop-down needs at least 2 choices",
        "57:38: question 'Multichoice subquestion with no completely correct answer' (cloze): no answer of the gap {1:MULTICHOICE:...} is fully right (none is marked = or %100%)",
        "73:43: question 'Numerical subquestion with buggy answer' (cloze): the NUMERICAL gap {3:NUMERICAL:...} has the answer 'zero', which is not a number",
    ]
    assert not out.exists()


def test_imported_yaml_loads_as_drafts(fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = import_file(fixtures / "xml-nested_categories_with_questions.xml", "moodle-xml", out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by") and "\nschema_version: 1\n" in text
    bank = load_bank([out])
    assert bank.items == {}
    assert list(bank.drafts) == [i.id for i in result.items]
    for draft in bank.drafts.values():  # no citation, objective or rationale (the file has no general feedback)
        assert draft.draft and not draft.citations and not draft.objectives and draft.rationale is None
        assert len(draft.needs()) == 3 and draft.needs()[0] == "a citation"


def test_a_file_of_only_unmappable_questions_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "essays.xml"
    source.write_text(
        '<?xml version="1.0"?><quiz><question type="essay"><name><text>E</text></name>'
        "<questiontext><text>Why?</text></questiontext></question></quiz>",
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    with pytest.raises(NothingImported) as caught:
        import_file(source, "moodle-xml", out)
    assert "none of the 1 question(s) can become a clinquiz item" in str(caught.value)
    assert caught.value.report.entry("'E'").outcome == "skipped"
    assert not out.exists()
