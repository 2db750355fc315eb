"""Exports of the shipped bank: well-formed files, the right response processing, honest loss reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from quizbank import models as m
from quizbank.errors import BankError
from quizbank.interchange import export_bank
from quizbank.interchange.gift_read import read_gift
from quizbank.interchange.safexml import parse_xml
from quizbank.interchange.safezip import read_members
from quizbank.loader import Bank
from quizbank.scoring import max_points

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p2}"
QTI12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def _package(tmp_path: Path, bank: Bank, fmt: str) -> dict[str, bytes]:
    out = tmp_path / f"{fmt}.zip"
    export_bank(bank, fmt, out=out)  # type: ignore[arg-type]
    return read_members(out)


def test_moodle_xml_is_well_formed_and_complete(bank: Bank, tmp_path: Path) -> None:
    out = tmp_path / "bank.xml"
    result = export_bank(bank, "moodle-xml", out=out)
    root = parse_xml(out.read_bytes(), str(out))
    questions = [q for q in root if q.get("type") != "category"]
    assert [q.findtext("idnumber") for q in questions] == list(bank.items)
    assert result.report.written == tuple(bank.items) and not result.report.skipped
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert all(c.startswith("$course$/clinquiz/") for c in categories)
    for question in questions:
        assert question.findtext("penalty") == "0.0000000" and question.findtext("defaultgrade") == "1.0000000"
        assert "<!-- clinquiz-item {" in (question.findtext("generalfeedback/text") or "")


def test_moodle_select_all_fractions_follow_clinquiz(bank: Bank) -> None:
    root = parse_xml(export_bank(bank, "moodle-xml").data, "bank.xml")
    by_id = {q.findtext("idnumber"): q for q in root if q.get("type") != "category"}
    for item in bank.items.values():
        if isinstance(item, m.SelectAllItem):
            fractions = [float(a.get("fraction", "")) for a in by_id[item.id].findall("answer")]
            k = len(item.key)
            assert fractions == pytest.approx(
                [100 / k if o.id in item.key else -100 / k for o in item.options], abs=1e-4
            )
            assert by_id[item.id].findtext("single") == "false"


def test_moodle_skips_a_select_all_moodle_cannot_grade(bank: Bank) -> None:
    item = next(i for i in bank.items.values() if isinstance(i, m.SelectAllItem))
    options = [m.Option(id=f"o{n}", text=f"Option {n}") for n in range(12)]
    eleven = item.model_copy(update={"id": "eleven", "options": options, "key": [o.id for o in options[:11]]})
    small = Bank({"eleven": eleven}, bank.objectives, bank.sources)
    result = export_bank(small, "moodle-xml")
    assert result.report.written == ()
    entry = result.report.entry("item 'eleven'")
    assert entry.outcome == "skipped" and "no 1/11" in entry.losses[0].why
    assert parse_xml(result.data, "x.xml").findall("question") == []


def test_qti22_package_declares_clinquiz_scoring(bank: Bank, tmp_path: Path) -> None:
    members = _package(tmp_path, bank, "qti22")
    manifest = parse_xml(members["imsmanifest.xml"], "imsmanifest.xml")
    hrefs = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")]
    assert hrefs == [f"items/{i}.xml" for i in bank.items]
    assert set(members) == {"imsmanifest.xml", *hrefs}
    for item in bank.items.values():
        root = parse_xml(members[f"items/{item.id}.xml"], item.id)
        assert root.tag == f"{QTI}assessmentItem" and root.get("identifier") == f"item-{item.id}"
        outcomes = {o.get("identifier"): o for o in root.findall(f"{QTI}outcomeDeclaration")}
        assert {"SCORE", "MAXSCORE"} <= set(outcomes)
        assert float(outcomes["MAXSCORE"].findtext(f"{QTI}defaultValue/{QTI}value") or "") == max_points(item)
        assert root.findall(f"{QTI}responseDeclaration"), item.id
        processing = root.find(f"{QTI}responseProcessing")
        assert processing is not None and processing.get("template") is None and len(processing)
        if isinstance(item, (m.SelectAllItem, m.HighlightItem)):
            mapping = root.find(f"{QTI}responseDeclaration/{QTI}mapping")
            assert mapping is not None and mapping.get("lowerBound") == "0"
            values = sorted(float(e.get("mappedValue", "")) for e in mapping)
            assert set(values) <= {-1.0, 1.0} and values.count(1.0) == len(item.key)
            assert processing.find(f"{QTI}setOutcomeValue/{QTI}mapResponse") is not None
        if isinstance(item, m.SelectNItem):
            assert root.find(f".//{QTI}choiceInteraction").get("maxChoices") == str(item.n)
        if isinstance(item, m.OrderingItem) and item.scoring == "per_position":
            assert len(processing.findall(f".//{QTI}index")) == len(item.key)
        if isinstance(item, m.RationaleItem):
            assert len(processing.findall(f".//{QTI}and/{QTI}match")) == 2


def test_canvas_package_is_well_formed(bank: Bank, tmp_path: Path) -> None:
    members = _package(tmp_path, bank, "canvas-qti")
    assert set(members) == {
        "imsmanifest.xml",
        "clinquiz-export/clinquiz-export.xml",
        "clinquiz-export/assessment_meta.xml",
    }
    manifest = parse_xml(members["imsmanifest.xml"], "imsmanifest.xml")
    assert [r.get("type") for r in manifest.iter("{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}resource")][
        0
    ] == "imsqti_xmlv1p2"
    assessment = parse_xml(members["clinquiz-export/clinquiz-export.xml"], "assessment")
    items = assessment.findall(f".//{QTI12}item")
    report = export_bank(bank, "canvas-qti").report
    assert [i.get("title") for i in items] == list(report.written)
    skipped = {
        i.id
        for i in bank.items.values()
        if i.type == "bowtie" or (i.type == "ordering" and i.scoring == "all_or_nothing")
    }
    assert set(bank.items) - set(report.written) == skipped
    types = {i.findtext(f".//{QTI12}fieldentry") for i in items}
    assert types == {
        "multiple_choice_question",
        "true_false_question",
        "multiple_answers_question",
        "matching_question",
        "multiple_dropdowns_question",
    }
    parse_xml(members["clinquiz-export/assessment_meta.xml"], "meta")


def test_gift_export_reads_back_as_moodle_would(bank: Bank) -> None:
    result = export_bank(bank, "gift")
    questions = read_gift(result.data, "bank.gift.txt")
    assert [q.idnumber for q in questions] == list(result.report.written)
    by_id = {q.idnumber: q for q in questions}
    for item_id in result.report.written:
        item = bank.items[item_id]
        question = by_id[item_id]
        assert question.name == item_id and question.category == f"$course$/clinquiz/{item.tags.topic}"
        expected = {"single": "multichoice", "select_all": "multichoice", "select_n": "multichoice", "highlight": "multichoice",
                    "true_false": "truefalse", "matrix": "matching", "cloze": "multichoice", "ordering": "ordering"}  # fmt: skip
        assert question.qtype == expected[item.type], item_id
    skipped = set(bank.items) - set(result.report.written)
    assert skipped == {
        i.id
        for i in bank.items.values()
        if i.type in ("bowtie", "dropdown_rationale") or (i.type == "cloze" and len(i.blanks) > 1)
    }


@pytest.mark.parametrize(
    ("fmt", "item_type", "outcome"),
    [
        ("moodle-xml", "select_n", "converted"),
        ("moodle-xml", "highlight", "kept"),
        ("moodle-xml", "bowtie", "converted"),
        ("moodle-xml", "dropdown_rationale", "converted"),
        ("gift", "select_n", "converted"),
        ("gift", "highlight", "kept"),
        ("gift", "bowtie", "skipped"),
        ("gift", "dropdown_rationale", "skipped"),
        ("qti22", "select_n", "exact"),
        ("qti22", "highlight", "exact"),
        ("qti22", "bowtie", "kept"),
        ("qti22", "dropdown_rationale", "exact"),
        ("canvas-qti", "select_n", "converted"),
        ("canvas-qti", "highlight", "kept"),
        ("canvas-qti", "bowtie", "skipped"),
        ("canvas-qti", "dropdown_rationale", "converted"),
    ],
)
def test_loss_report_says_per_format_what_happens(bank: Bank, fmt: str, item_type: str, outcome: str) -> None:
    report = export_bank(bank, fmt).report  # type: ignore[arg-type]
    entry = report.entry(f"every {item_type} item")
    assert entry.outcome == outcome and entry.kind == item_type
    assert set(entry.items) == {i.id for i in bank.items.values() if i.type == item_type}
    assert entry.losses[0].why
    text = str(report)
    assert f"every {item_type} item ({item_type})" in text


def test_export_of_named_items_and_bad_names(bank: Bank) -> None:
    first, second = list(bank.items)[:2]
    result = export_bank(bank, "qti22", [second, first])
    assert result.report.written == (second, first)
    with pytest.raises(BankError) as caught:
        export_bank(bank, "gift", ["no-such-item"])
    assert str(caught.value.problems[0]) == "(item ids): no item 'no-such-item' in the bank"


def test_exported_text_is_escaped_not_injected(bank: Bank, tmp_path: Path) -> None:
    item = bank.items["wi-mechanism-il1"]
    assert isinstance(item, m.SingleItem)
    hostile = item.model_copy(update={"id": "evil", "stem": "<script>alert(1)</script> ]]> {1:MULTICHOICE:=x~y} &amp;"})
    small = Bank({"evil": hostile}, bank.objectives, bank.sources)
    root = parse_xml(export_bank(small, "moodle-xml").data, "x")
    html = root.findtext("question[@type='multichoice']/questiontext/text") or ""
    assert "<script>" not in html and "&lt;script&gt;" in html and "{1:" not in html
    qti = etree.fromstring(_package(tmp_path, small, "qti22")["items/evil.xml"])
    assert qti.find(f".//{QTI}script") is None
    assert (qti.findtext(f"{QTI}itemBody/{QTI}p") or "").startswith("<script>alert(1)</script>")
