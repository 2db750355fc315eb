"""clinquiz -> Moodle XML -> clinquiz gives back equal items, quotes byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import TypeAdapter

from quizbank import models as m
from quizbank.interchange import convert, export_bank, export_items, import_file
from quizbank.loader import BANKS_DIR, Bank, load_bank

OBJECTIVES = BANKS_DIR / "anakinra" / "objectives.yaml"

ITEM: TypeAdapter[m.Item] = TypeAdapter(m.Item)
ODD = '  \u2018it\u2019s\u2019 \u2022 <b>&amp;</b> & < > "q" --> ]]> <!-- x --> {1:MC:=a~b} # ~ = : \\ \t tab\nnew  line  '


def _roundtrip(items: list[m.Item], tmp_path: Path) -> list[m.Item]:
    out = tmp_path / "export.xml"
    out.write_bytes(export_items(items, "moodle-xml").data)
    return list(convert(out, "moodle-xml").items)


def test_shipped_bank_round_trips_equal(bank: Bank, tmp_path: Path) -> None:
    xml = tmp_path / "bank.xml"
    export_bank(bank, "moodle-xml", out=xml)
    yaml_out = tmp_path / "back.yaml"
    result = import_file(xml, "moodle-xml", yaml_out)
    assert not result.report.entries  # nothing lost: the block brought every clinquiz field back
    assert list(result.items) == list(bank.items.values())
    assert all(not item.draft and item.imported_from is None for item in result.items)
    reloaded = load_bank([yaml_out, OBJECTIVES])  # quotes are checked against the sources again
    assert reloaded.items == bank.items and reloaded.drafts == {}


def _odd(text: str) -> str:
    return f"{ODD}{text}{ODD}"


def _oddify(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        out = {}
        for name, inner in value.items():
            if name in (
                "id",
                "type",
                "source",
                "topic",
                "drug",
                "judgment_step",
                "difficulty",
                "audience",
                "scoring",
                "rule",
            ):
                out[name] = inner
            elif name == "key" and isinstance(inner, str) and "blanks" not in key:
                out[name] = inner if value.get("options") is None else _odd(inner)
            elif name == "sentence":
                out[name] = _odd(inner)
            else:
                out[name] = _oddify(inner, name)
        return out
    if isinstance(value, list):
        return [_oddify(v, key) for v in value]
    if isinstance(value, str) and key in (
        "text",
        "stem",
        "rationale",
        "feedback",
        "feedback_true",
        "feedback_false",
        "quote",
        "options",
        "reason",
    ):
        return _odd(value)
    return value


def _odd_item(item: m.Item) -> m.Item:
    data = _oddify(item.model_dump())
    if item.type in ("cloze", "dropdown_rationale"):
        for blank in data["blanks"]:
            blank["key"] = _odd(blank["key"])
    elif item.type == "single":
        data["key"] = item.key
    data["lint_waivers"] = [{"rule": "odd-text", "reason": "a round-trip test of odd text"}]
    data["version"] = 3
    return ITEM.validate_python(data)


def test_odd_text_of_every_type_comes_back_byte_for_byte(bank: Bank, tmp_path: Path) -> None:
    firsts = {item.type: item for item in reversed(list(bank.items.values()))}
    assert set(firsts) == set(m.ITEM_TYPES)
    odd = [_odd_item(item) for item in firsts.values()]
    assert odd[0].citations[0].quote.startswith(ODD)
    back = _roundtrip(odd, tmp_path)
    assert back == odd
    assert [c.quote for i in back for c in i.citations] == [c.quote for i in odd for c in i.citations]


def test_an_item_without_citations_comes_back_as_a_draft(bank: Bank, tmp_path: Path) -> None:
    item = next(iter(bank.items.values()))
    uncited = item.model_copy(update={"citations": [], "draft": True})
    (back,) = _roundtrip([uncited], tmp_path)
    assert back.draft and back.citations == [] and back.model_copy(update={"draft": True}) == uncited


def test_an_answer_edited_in_moodle_comes_back_edited(bank: Bank, tmp_path: Path) -> None:
    item = bank.items["wi-mechanism-il1"]
    assert isinstance(item, m.SingleItem)
    root = etree.fromstring(export_items([item], "moodle-xml").data)
    answer = root.find("question[@type='multichoice']/answer/text")
    assert answer is not None
    answer.text = "<p>Edited in Moodle</p>"
    edited = tmp_path / "edited.xml"
    edited.write_bytes(etree.tostring(root))
    (back,) = convert(edited, "moodle-xml").items
    assert back.options[0].text == "Edited in Moodle"
    assert back.model_copy(update={"options": item.options}) == item


def test_a_question_changed_beyond_its_block_imports_as_a_moodle_question(bank: Bank, tmp_path: Path) -> None:
    item = bank.items["wi-mechanism-il1"]
    root = etree.fromstring(export_items([item], "moodle-xml").data)
    question = root.find("question[@type='multichoice']")
    assert question is not None
    extra = etree.SubElement(question, "answer", fraction="0")
    etree.SubElement(extra, "text").text = "An answer added in Moodle"
    changed = tmp_path / "changed.xml"
    changed.write_bytes(etree.tostring(root))
    result = convert(changed, "moodle-xml")
    (back,) = result.items
    assert back.draft and back.imported_from is not None and len(back.options) == len(item.options) + 1
    losses = result.report.entry(f"'{item.id}'").losses
    assert losses[0].what == "clinquiz block" and "lists 4 options but the question has 5" in losses[0].why


def test_yaml_look_alikes_stay_text(tmp_path: Path) -> None:
    source = tmp_path / "lookalikes.gift.txt"
    source.write_text("::yes::no {=yes ~010 ~1\\:10 ~null ~true ~2016-07-14 ~on}\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    import_file(source, "gift", out)
    text = out.read_text(encoding="utf-8")
    for value in ("yes", "010", "1:10", "null", "true", "2016-07-14", "on", "no"):
        assert f'"{value}"' in text
    (draft,) = load_bank([out]).drafts.values()
    assert isinstance(draft, m.SingleItem)
    assert draft.stem == "no" and [o.text for o in draft.options] == [
        "yes",
        "010",
        "1:10",
        "null",
        "true",
        "2016-07-14",
        "on",
    ]


def test_a_forged_or_broken_block_is_reported_and_ignored(bank: Bank, tmp_path: Path) -> None:
    item = bank.items["inj-sites-matrix"]
    data = export_items([item], "moodle-xml").data.decode("utf-8")
    for forged, why in (
        (data.replace('"rows":["r1"', '"rows":[1'), "the block's rows are not a list of ids"),
        (data.replace('"clinquiz":1', '"clinquiz":"1"'), "field 'clinquiz' is wrong"),
        (data.replace('"column_order":["self","other"]', '"column_order":5'), "column order does not list"),
        (data.replace("clinquiz-item {", "clinquiz-item {{"), "not valid JSON"),
    ):
        source = tmp_path / "forged.xml"
        source.write_text(forged, encoding="utf-8")
        result = convert(source, "moodle-xml")
        (back,) = result.items
        assert back.draft and back.citations == [] and back.imported_from is not None
        assert back.key == {"r1": "c1", "r2": "c1", "r3": "c2", "r4": "c2"}
        loss = result.report.entry(f"'{item.id}'").losses[0]
        assert loss.what == "clinquiz block" and why in loss.why, loss.why
