"""Loading a valid bank, and what the loader does beyond single malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.banks import HEAD, ITEMS, VALID_BANK, write

from quizbank.errors import BankError
from quizbank.loader import load_bank, validate
from quizbank.models import ITEM_TYPES


def test_a_valid_bank_of_every_type_loads(small_bank):
    assert sorted(item.type for item in small_bank.items.values()) == sorted(ITEM_TYPES)
    assert list(small_bank.objectives) == ["basics"]
    assert set(small_bank.sources) == {"ebsco-anakinra", "medlineplus-anakinra"}
    single = small_bank.items["sc-mechanism"]
    assert single.key == "a" and single.version == 1 and single.tags.drug == "anakinra"
    assert small_bank.items["tf-once-daily"].key is True
    assert small_bank.items["sn-sites"].n == 2


def test_origins_name_the_file_and_line_of_each_item(bank_file: Path):
    bank = load_bank([bank_file])
    lines = VALID_BANK.split("\n")
    for item_id, (file, line) in bank.origins.items():
        assert file == str(bank_file)
        assert lines[line - 1] == f"  - id: {item_id}"


def test_validate_is_empty_for_a_valid_bank(bank_file: Path):
    assert validate([bank_file]) == []


@pytest.mark.parametrize(
    "variant",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode(),  # a byte-order mark, as Notepad writes
        lambda text: text.replace("\n", "\r\n").encode(),  # Windows line ends
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
        lambda text: text.replace("\n", "\r").encode(),  # old Mac line ends
    ],
    ids=["bom", "crlf", "bom-and-crlf", "cr"],
)
def test_bom_and_line_ends_do_not_change_the_bank(tmp_path: Path, bank_file: Path, variant):
    plain = load_bank([bank_file])
    other = load_bank([write(tmp_path, "other.yaml", variant(VALID_BANK))])
    assert other.items == plain.items
    assert other.objectives == plain.objectives
    assert {k: v[1] for k, v in other.origins.items()} == {k: v[1] for k, v in plain.origins.items()}


def test_problems_in_a_crlf_file_have_the_same_lines(tmp_path: Path):
    text = VALID_BANK.replace("    key: a\n", "    key: z\n", 1)
    unix = validate([write(tmp_path, "unix.yaml", text)])
    windows = validate([write(tmp_path, "windows.yaml", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())])
    assert [(p.line, p.column, p.item, p.field, p.message) for p in unix] == [
        (p.line, p.column, p.item, p.field, p.message) for p in windows
    ]
    assert len(unix) == 1


def test_yaml_1_1_look_alikes_in_text_fields_are_kept_as_text(tmp_path: Path):
    item = (
        ITEMS["single"]
        .replace('text: "Insulin"', "text: no")
        .replace('text: "Tumor necrosis factor (TNF)"', "text: 2016-07-14")
        .replace('text: "Interleukin-1 (IL-1)"', "text: 010")
    )
    bank = load_bank([write(tmp_path, "b.yaml", HEAD + item)])
    assert [o.text for o in bank.items["sc-mechanism"].options] == ["010", "2016-07-14", "no"]


def test_every_problem_in_a_file_is_reported_in_one_run(tmp_path: Path):
    """Schema problems and cross-checks of the items that are valid by themselves, together."""
    text = (
        HEAD
        + ITEMS["single"].replace("    key: a", "    key: q")  # schema problem
        + ITEMS["true_false"].replace("[basics]", "[nothing-like-it]")  # unknown objective
        + ITEMS["select_n"].replace("outer thigh or stomach.", "outer thigh or arm.")  # quote not found
        + ITEMS["matrix"].replace("{source: medlineplus-anakinra", "{source: medline")  # unknown source
        + ITEMS["cloze"].replace("id: cz-angle", "id: sc-mechanism")  # duplicate id of an invalid item: not a problem
    )
    problems = validate([write(tmp_path, "b.yaml", text)])
    assert [(p.item, p.field) for p in problems] == [
        ("sc-mechanism", "key"),
        ("tf-once-daily", "objectives[0]"),
        ("sn-sites", "citations[0].quote"),
        ("mx-report", "citations[0].source"),
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_quotes_match_with_straight_apostrophes_and_across_bullets(tmp_path: Path):
    item = ITEMS["single"].replace(
        '{source: ebsco-anakinra, quote: "Anakinra blocks the action of the protein interleukin-1 (IL-1)."}',
        '{source: medlineplus-anakinra, quote: "read the manufacturer\'s information for the patient"}',
    )
    item += '      - {source: ebsco-anakinra, quote: "Infections (anakinra suppresses the immune system) Headache Nausea"}\n'
    item += '      - {source: ebsco-anakinra, quote: "ANAKINRA   IS GIVEN\\n ONCE A DAY"}\n'
    bank = load_bank([write(tmp_path, "b.yaml", HEAD + item)])
    assert len(bank.items["sc-mechanism"].citations) == 3


def test_a_quote_from_the_wrong_document_names_how_far_it_matched(tmp_path: Path):
    item = ITEMS["single"].replace(
        'quote: "Anakinra blocks the action of the protein interleukin-1 (IL-1)."',
        'quote: "Anakinra blocks the action of the protein interleukin-1 and TNF."',
    )
    (problem,) = validate([write(tmp_path, "b.yaml", HEAD + item)])
    assert problem.message.endswith(
        'it matches only as far as "Anakinra blocks the action of the protein interleukin-1"'
    )
    item = ITEMS["single"].replace('quote: "Anakinra blocks', 'quote: "Nothing like this blocks')
    (problem,) = validate([write(tmp_path, "c.yaml", HEAD + item)])
    assert "matches only as far as" not in problem.message


def test_an_unknown_objective_lists_the_known_ones(tmp_path: Path):
    objectives = HEAD.replace("items:\n", "") + '  - {id: dosing, text: "Describe how anakinra is given."}\n'
    first = write(tmp_path, "a.yaml", objectives)
    second = write(
        tmp_path, "b.yaml", "schema_version: 1\nitems:\n" + ITEMS["single"].replace("[basics]", "[basics, dose]")
    )
    (problem,) = validate([first, second])
    assert (problem.file, problem.item, problem.field) == (str(second), "sc-mechanism", "objectives[1]")
    assert problem.message == "unknown objective 'dose' (objectives: basics, dosing)"


def test_objective_defined_in_two_files(tmp_path: Path):
    first = write(tmp_path, "a.yaml", VALID_BANK)
    second = write(tmp_path, "b.yaml", HEAD.replace("items:\n", ""))
    (problem,) = validate([first, second])
    assert (problem.file, problem.line, problem.column, problem.field) == (str(second), 3, 10, "objectives[0].id")
    assert problem.message == f"objective id 'basics' is already defined ({first}:3)"


def test_bank_select_filters_by_audience_topic_and_objective(small_bank):
    nursing = {i.id for i in small_bank.select(audience="nursing")}
    assert nursing == set(small_bank.items)  # every item is for nursing or both
    pharmacy = {i.id for i in small_bank.select(audience="pharmacy")}
    assert pharmacy == {i.id for i in small_bank.items.values() if i.audience == "both"}
    assert {i.id for i in small_bank.select(topics=["side-effects"])} == {"sata-serious", "mx-report"}
    assert len(small_bank.select(objectives=["basics"])) == 10
    assert small_bank.select(objectives=["other"]) == []


def test_nothing_is_returned_when_loading_fails(tmp_path: Path):
    good = write(tmp_path, "a.yaml", VALID_BANK)
    bad = write(tmp_path, "b.yaml", "schema_version: 1\nitems:\n  - id: x\n")
    result = None
    with pytest.raises(BankError):
        result = load_bank([good, bad])
    assert result is None


def test_a_file_named_twice_is_read_once(tmp_path: Path, bank_file: Path):
    bank = load_bank([bank_file, tmp_path, tmp_path / "." / "bank.yaml"])
    assert len(bank.items) == 10
