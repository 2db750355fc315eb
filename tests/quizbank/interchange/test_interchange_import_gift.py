"""GIFT import: Moodle's GIFT fixtures, every syntax form, and broken GIFT."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizbank import models as m
from quizbank.errors import BankError
from quizbank.interchange import convert, import_file
from quizbank.interchange.gift_read import read_gift


def _gift(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.gift.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_questions_fixture(fixtures: Path) -> None:
    result = convert(fixtures / "gift-questions.gift.txt", "gift")
    items = {i.id: i for i in result.items}
    assert list(items) == ["moodle-activities", "q2", "colours", "q1", "2-08-tsl", "2-08-tsl-2"]
    report = result.report
    # essay, numerical and short answer are reported, not dropped
    for name, why in (("'Q8'", "essay"), ("'Q5'", "typed-number"), ("'Shortanswer'", "typed-answer")):
        entry = report.entry(name)
        assert entry.outcome == "skipped" and why in entry.losses[0].why
    matching = items["moodle-activities"]
    assert isinstance(matching, m.MatrixItem)
    assert matching.stem == "Match the activity to the description."
    assert [c.text for c in matching.columns] == ["Forum", "Choice", "Database", "Wiki", "Chat"]
    assert len(matching.rows) == 4 and "c5" not in matching.key.values()  # "= -> Chat" is a distractor
    formats = " ".join(loss.what for loss in report.entry("'Moodle activities'").losses)
    assert "[markdown]" in formats and "[moodle]" in formats and "[plain]" in formats
    single = items["q2"]
    assert isinstance(single, m.SingleItem) and single.key == "a"
    assert [(o.text, o.feedback) for o in single.options] == [
        ("yellow", "right; good!"),
        ("red", "wrong, it's yellow"),
        ("blue", "wrong, it's yellow"),
    ]
    weighted = items["colours"]
    assert isinstance(weighted, m.SelectAllItem) and weighted.key == ["a", "c"]
    entry = report.entry("'colours'")
    assert entry.outcome == "converted" and "'red' -100%" in entry.losses[0].what
    tf = items["q1"]
    assert isinstance(tf, m.TrueFalseItem) and tf.key is False
    assert tf.feedback_true == "42 is the Ultimate Answer." and tf.feedback_false == "You gave the right answer."
    assert tf.rationale == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert tf.stem == '42 is the Absolute Answer to everything._____";'  # as Moodle reads the stray ";
    assert "text after the answer block" in report.entry("'Q1'").losses[0].what
    assert items["2-08-tsl"].key is True and items["2-08-tsl-2"].key is True  # {T} and {TRUE}
    assert "already used" in report.entry("'2-08 TSL'").losses[0].why


def test_questions_in_category_fixture(fixtures: Path) -> None:
    result = convert(fixtures / "gift-questions_in_category.gift.txt", "gift")
    assert [i.id for i in result.items] == ["moodle-activities", "greeting", "moodle-acronym"]
    assert {i.tags.topic for i in result.items} == {"default-for-new-features"}
    greeting = result.items[1]
    assert isinstance(greeting, m.SingleItem)
    assert greeting.stem == "Listen to this greeting:\n\nWhat language is being spoken?"  # \: \= unescaped
    assert [o.text for o in greeting.options] == ["English", "French", "German", "Spanish"] and greeting.key == "b"
    acronym = result.items[2]
    assert acronym.stem == "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment."
    assert result.report.entry("'Moodle user'").outcome == "skipped"
    assert (
        "link to http://demo.moodle.net/file.php/5/media/bonjour.mp3"
        in result.report.entry("'Greeting'").losses[0].what
    )


def test_ordering_export_fixture(fixtures: Path) -> None:
    result = convert(fixtures / "ordering-testexport.gift.txt", "gift")
    (item,) = result.items
    assert isinstance(item, m.OrderingItem)
    assert item.id == "myid"  # from // [id:myid]
    assert [o.text for o in item.options] == ["Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment"]
    assert item.key == ["a", "b", "c", "d", "e", "f"] and item.scoring == "per_position"
    entry = result.report.entry("'Moodle'")
    assert entry.outcome == "converted"
    assert "RELATIVE_NEXT_EXCLUDE_LAST (none given: Moodle's default)" in entry.losses[0].what


def test_escapes_weights_and_feedback(tmp_path: Path) -> None:
    text = (
        "// [id:esc]\n::Escapes \\: all::[plain]Is 2\\=2 \\{really\\} \\#1 \\~ ok\\nnext line?{\n"
        "  =Yes\\: it is#Right \\# one\n  ~No#Wrong\n####Because \\\\ math.\n}\n\n"
        "::w::Pick two {~%50%a ~%50%b ~%-50%c}\n"
    )
    result = convert(_gift(tmp_path, text), "gift")
    esc, weights = result.items
    assert isinstance(esc, m.SingleItem)
    assert esc.id == "esc" and esc.imported_from is not None and esc.imported_from.name == "Escapes : all"
    assert esc.stem == "Is 2=2 {really} #1 ~ ok\nnext line?"
    assert (esc.options[0].text, esc.options[0].feedback) == ("Yes: it is", "Right # one")
    assert esc.rationale == "Because \\ math."
    assert isinstance(weights, m.SelectAllItem)
    assert weights.stem == "Pick two"  # the block ends the question: no missing-word blank
    assert weights.key == ["a", "b"]
    # +50/+50/-50 is clinquiz's own rule (+1/-1 out of 2): nothing to report for this question
    assert [e.name for e in result.report.entries] == []


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("::a::Question {=yes ~no\n", 1, 15, "is not closed with '}'"),
        ("::a::Question =yes ~no}\n", 1, 23, "never opened with '{'"),
        ("::a::Question {=yes ~no} and {=x ~y}\n", 1, 30, "a second '{' or '}'"),
        ("::unclosed name {=yes ~no}\n", 1, 1, "not closed with '::'"),
        ("::a::Order {>3 SIDEWAYS\none\ntwo\nthree\n}\n", 1, 12, "unknown ordering option 'SIDEWAYS'"),
        ("::a::Match {=x -> 1 =y}\n", 1, 12, "has no '->'"),
        ("::a::Pick {~only}\n", 1, 11, "at least 2 answers"),
        ("::a::Number {#three}\n", 1, 13, "is not a number"),
    ],
)
def test_broken_gift_names_line_and_column(tmp_path: Path, text: str, line: int, column: int, message: str) -> None:
    path = _gift(tmp_path, "// first comes a comment\n\n" + text)
    out = tmp_path / "out.yaml"
    with pytest.raises(BankError) as caught:
        import_file(path, "gift", out)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), line + 2, column)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line + 2}:{column}: ")
    assert not out.exists()


def test_every_broken_question_is_named(tmp_path: Path) -> None:
    path = _gift(tmp_path, "Good {T}\n\nBad {=a ~b\n\nAlso bad }\n")
    with pytest.raises(BankError) as caught:
        read_gift(path.read_bytes(), str(path))
    assert [(p.line, p.column) for p in caught.value.problems] == [(3, 5), (5, 10)]


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 {T}\n".encode("latin-1"))
    with pytest.raises(BankError, match="not UTF-8"):
        convert(path, "gift")
