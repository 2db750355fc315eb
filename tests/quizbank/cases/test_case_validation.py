"""Broken cases are reported with file, line, case id, step id and field; nothing half-loads."""

import json
import textwrap

import pytest

from quizbank.case_checks import check_case
from quizbank.cases import Case
from quizbank.errors import BankError
from quizbank.loader import load_bank
from quizbank.schema import bank_json_schema

# A small valid case: s1 (single: a -> s2, b -> bad), s2 (true_false -> good / bad).
MINI = textwrap.dedent(
    """\
    schema_version: 1
    objectives:
      - {id: screening, text: "Screen before anakinra."}
    cases:
      - id: mini
        title: "Mini case"
        summary: "A small case for tests."
        audience: both
        objectives: [screening]
        tags: {topic: conditions}
        patient: {name: "Test Patient (fictional)", age: 40, sex: female, setting: "Clinic"}
        chart:
          notes:
            - {id: n1, text: "Feels feverish."}
        start: s1
        steps:
          - id: s1
            judgment_step: recognize-cues
            item:
              id: mini.s1
              type: single
              stem: "She has a fever. What first?"
              options:
                - {id: a, text: "Talk to the doctor before anakinra."}
                - {id: b, text: "Give the dose."}
              key: a
              rationale: "Talk to the doctor first with a fever."
              objectives: [screening]
              tags: {topic: conditions, judgment_step: recognize-cues}
              difficulty: easy
              audience: both
              citations:
                - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
            branches:
              a: {next: s2, consequence: "The doctor is told."}
              b: {next: bad, consequence: "The dose is given."}
          - id: s2
            judgment_step: take-action
            item:
              id: mini.s2
              type: true_false
              stem: "Talk to the doctor before taking anakinra with a fever."
              key: true
              rationale: "Talk to the doctor first with a fever."
              objectives: [screening]
              tags: {topic: conditions}
              difficulty: easy
              audience: both
              citations:
                - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
            branches:
              "true": {next: good, consequence: "Right."}
              "false": {next: bad, consequence: "Not so."}
        endings:
          - id: good
            title: "Good"
            outcome: good
            points: 2
            text: "The doctor heard first."
            debrief: "Talk to the doctor first."
            citations:
              - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
          - id: bad
            title: "Bad"
            outcome: poor
            points: 0
            text: "The dose went ahead."
            debrief: "Talk to the doctor first."
            citations:
              - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
    """
)

# A third step, for cycles and unreachable steps (inserted before `endings:`).
S3 = textwrap.indent(
    textwrap.dedent(
        """\
        - id: s3
          judgment_step: evaluate-outcomes
          item:
            id: mini.s3
            type: true_false
            stem: "A fever is a reason to talk to the doctor before anakinra."
            key: true
            rationale: "Talk to the doctor first with a fever."
            objectives: [screening]
            tags: {topic: conditions}
            difficulty: easy
            audience: both
            citations:
              - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
          branches:
            "true": {next: NEXT_TRUE, consequence: "Right."}
            "false": {next: NEXT_FALSE, consequence: "Not so."}
        """
    ),
    "      ",
)


def variant(*edits, s3=None):
    """MINI with (old, new) replacements, each old text required to occur exactly once."""
    text = MINI
    if s3 is not None:
        step = S3.replace("NEXT_TRUE", s3[0]).replace("NEXT_FALSE", s3[1])
        text = text.replace("    endings:\n", step + "    endings:\n")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def line_of(text, needle, nth=1):
    """1-based line of the nth line containing `needle`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


def problems_of(tmp_path, text, name="case-mini.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as caught:
        load_bank([tmp_path])
    return caught.value.problems, str(path)


def only(problems, fragment):
    found = [p for p in problems if fragment in p.message]
    assert len(found) == 1, (fragment, [str(p) for p in problems])
    return found[0]


def test_the_mini_case_is_valid(tmp_path):
    (tmp_path / "case-mini.yaml").write_text(MINI, encoding="utf-8")
    bank = load_bank([tmp_path])
    assert list(bank.cases) == ["mini"]
    assert bank.cases["mini"].step("s2").item.type == "true_false"
    assert check_case(bank.cases["mini"]) == []


def test_branch_to_a_missing_step(tmp_path):
    text = variant(("a: {next: s2,", "a: {next: s9,"))
    problems, file = problems_of(tmp_path, text)
    p = only(problems, "goes to 's9'")
    assert (p.file, p.line) == (file, line_of(text, "a: {next: s9,"))
    assert (p.item, p.field) == ("mini", "steps[s1].branches.a.next")
    assert "step 's1'" in p.message and "neither a step nor an ending" in p.message
    assert "endings: good, bad" in p.message


def test_unreachable_step(tmp_path):
    text = variant(s3=("good", "bad"))
    problems, file = problems_of(tmp_path, text)
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.line, p.item, p.field) == (file, line_of(text, "- id: s3"), "mini", "steps[s3].id")
    assert p.message == "step 's3' cannot be reached from the start step 's1'"


def test_cycle_with_no_way_out(tmp_path):
    # s2 -> s3 -> s2 whatever the answers: no ending can be reached from either.
    text = variant(
        ('"true": {next: good, consequence: "Right."}', '"true": {next: s3, consequence: "Right."}'),
        ('"false": {next: bad, consequence: "Not so."}', '"false": {next: s3, consequence: "Not so."}'),
        s3=("s2", "s2"),
    )
    problems, _ = problems_of(tmp_path, text)
    p2 = only(problems, "from step 's2'")
    p3 = only(problems, "from step 's3'")
    assert (p2.line, p2.item, p2.field) == (line_of(text, "- id: s2"), "mini", "steps[s2].id")
    assert (p3.line, p3.field) == (line_of(text, "- id: s3"), "steps[s3].id")
    assert "cycle with no way out (s2 -> s3 -> s2)" in p2.message
    assert "cycle with no way out (s3 -> s2 -> s3)" in p3.message
    p = only(problems, "ending 'good' is never reached")
    assert p.field == "endings[good].id" and p.line == line_of(text, "- id: good")


def test_step_without_branches_is_a_path_with_no_ending(tmp_path):
    text = variant(
        (
            (
                '        branches:\n          "true": {next: good, consequence: "Right."}\n'
                '          "false": {next: bad, consequence: "Not so."}\n'
            ),
            "",
        )
    )
    problems, file = problems_of(tmp_path, text)
    p = only(problems, "has no branches")
    assert (p.file, p.line, p.item, p.field) == (file, line_of(text, "- id: s2"), "mini", "steps[s2].id")
    assert p.message.startswith("step 's2' has no branches, so a learner who reaches it never gets to an ending")
    assert "true, false" in p.message
    only(problems, "ending 'good' is never reached")


def test_choice_option_without_a_branch(tmp_path):
    text = variant(('          b: {next: bad, consequence: "The dose is given."}\n', ""))
    problems, file = problems_of(tmp_path, text)
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.line, p.item, p.field) == (file, line_of(text, "a: {next: s2,"), "mini", "steps[s1].branches")
    assert p.message == "step 's1': no branch for option b; every option needs one (a, b)"


def test_true_false_needs_both_branches_and_no_others(tmp_path):
    text = variant(('"false": {next: bad, consequence: "Not so."}', '"correct": {next: bad, consequence: "Not so."}'))
    problems, _ = problems_of(tmp_path, text)
    unknown = only(problems, "not 'correct'")
    assert unknown.field == "steps[s2].branches.correct"
    assert unknown.line == line_of(text, '"correct": {next: bad')
    assert unknown.message == "step 's2': a true_false step branches on true and false, not 'correct'"
    missing = only(problems, "no branch for answer false")
    assert missing.field == "steps[s2].branches"


def test_branch_names_an_unknown_option(tmp_path):
    b_branch = 'b: {next: bad, consequence: "The dose is given."}'
    text = variant((b_branch, b_branch + '\n          z: {next: bad, consequence: "y"}'))
    problems, _ = problems_of(tmp_path, text)
    p = only(problems, "'z' is not an option")
    assert p.field == "steps[s1].branches.z" and p.line == line_of(text, "z: {next: bad")
    assert p.message == "step 's1': 'z' is not an option of its item (options: a, b)"


def test_duplicate_step_ids(tmp_path):
    text = variant(("- id: s3", "- id: s2"), s3=("good", "bad"))
    problems, file = problems_of(tmp_path, text)
    p = only(problems, "used twice")
    assert (p.file, p.line, p.item, p.field) == (file, line_of(text, "- id: s2", nth=2), "mini", "steps[s2].id")
    assert p.message == "step id 's2' is used twice (also step 2 of this case)"


def test_ending_never_reached(tmp_path):
    text = variant(
        ('b: {next: bad, consequence: "The dose is given."}', 'b: {next: good, consequence: "The dose is given."}'),
        ('"false": {next: bad, consequence: "Not so."}', '"false": {next: good, consequence: "Not so."}'),
    )
    problems, file = problems_of(tmp_path, text)
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.line, p.item, p.field) == (file, line_of(text, "- id: bad"), "mini", "endings[bad].id")
    assert p.message == "ending 'bad' is never reached: no branch of a step reachable from 's1' leads to it"


def test_start_must_be_a_step(tmp_path):
    text = variant(("    start: s1", "    start: good"))
    problems, _ = problems_of(tmp_path, text)
    p = only(problems, "start 'good'")
    assert p.field == "start" and p.line == line_of(text, "start: good")
    assert "is an ending, not a step" in p.message


def test_step_and_item_judgment_steps_must_agree(tmp_path):
    text = variant(("judgment_step: recognize-cues}", "judgment_step: take-action}"))
    problems, _ = problems_of(tmp_path, text)
    p = only(problems, "tagged take-action")
    assert p.field == "steps[s1].item.tags.judgment_step"
    assert p.message == "step 's1' is a recognize-cues step but its item is tagged take-action"


def test_pass_mark_only_on_correct_incorrect_steps(tmp_path):
    step = "        judgment_step: take-action\n"
    text = variant((step, step + "        pass_mark: 0.5\n"))
    problems, _ = problems_of(tmp_path, text)
    p = only(problems, "pass_mark applies only")
    assert p.field == "steps[s2].pass_mark" and p.line == line_of(text, "pass_mark: 0.5")


def test_model_errors_inside_a_case_name_the_case_and_step(tmp_path):
    step = "        judgment_step: take-action\n"
    text = variant(("      key: a\n", "      key: e\n"), (step, step + "        chart_updat: {}\n"))
    problems, file = problems_of(tmp_path, text)
    key = only(problems, "the key 'e' is not among the options")
    assert (key.file, key.line, key.item, key.field) == (file, line_of(text, "key: e"), "mini", "steps[s1].item.key")
    typo = only(problems, "unknown field 'chart_updat'")
    assert (typo.line, typo.field) == (line_of(text, "chart_updat"), "steps[s2].chart_updat")
    assert "did you mean 'chart_update'?" in typo.message


def test_strict_types_in_a_case(tmp_path):
    text = variant(("age: 40,", 'age: "forty",'), ("points: 2", "points: yes"))
    problems, _ = problems_of(tmp_path, text)
    assert {p.field for p in problems} == {"patient.age", "endings[good].points"}
    assert all(p.item == "mini" for p in problems)


def test_quotes_of_items_branches_and_endings_are_checked(tmp_path):
    good_quote = '      - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}'
    ending = '    text: "The doctor heard first."\n        debrief: "Talk to the doctor first."\n'
    ending += "        citations:\n    "
    branch = 'a: {next: s2, consequence: "The doctor is told."}'
    bad_source = '{source: nowhere-doc, quote: "Have a fever or think"}'
    text = variant(
        (ending + good_quote, ending + good_quote.replace("or think you may have an infection", "and a warm bath")),
        (branch, branch[:-1] + f", citations: [{bad_source}]}}"),
    )
    problems, _ = problems_of(tmp_path, text)
    quote = only(problems, "the quote is not in 'ebsco-anakinra'")
    assert (quote.item, quote.field) == ("mini", "endings[good].citations[0].quote")
    assert quote.line == line_of(text, "and a warm bath")
    source = only(problems, "unknown source 'nowhere-doc'")
    assert (source.item, source.field) == ("mini", "steps[s1].branches.a.citations[0].source")


def test_embedded_item_ids_and_objectives_are_checked(tmp_path):
    items = textwrap.dedent(
        """\
        schema_version: 1
        items:
          - id: mini.s1
            type: true_false
            stem: "Talk to the doctor before taking anakinra with a fever."
            key: true
            rationale: "Talk to the doctor first."
            objectives: [screening]
            tags: {topic: conditions}
            difficulty: easy
            audience: both
            citations:
              - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
        """
    )
    (tmp_path / "items.yaml").write_text(items, encoding="utf-8")
    s2_item = "  objectives: [screening]\n          tags: {topic: conditions}\n"
    text = variant((s2_item, s2_item.replace("[screening]", "[screening, nope]")))
    problems, _ = problems_of(tmp_path, text)
    used = only(problems, "item id 'mini.s1' is already used")
    assert (used.item, used.field) == ("mini", "steps[s1].item.id")
    unknown = only(problems, "unknown objective 'nope'")
    assert (unknown.item, unknown.field) == ("mini", "steps[s2].item.objectives[1]")


def test_duplicate_case_ids_across_files(tmp_path):
    (tmp_path / "case-a.yaml").write_text(MINI, encoding="utf-8")
    other = MINI.replace("id: mini.s1", "id: other.s1").replace("id: mini.s2", "id: other.s2")
    other = other.replace('  - {id: screening, text: "Screen before anakinra."}\n', "")
    other = other.replace("objectives:\ncases:", "cases:")
    problems, file = problems_of(tmp_path, other, name="case-b.yaml")
    p = only(problems, "case id 'mini' is already used")
    assert p.file == file and "case-a.yaml:5" in p.message


def test_a_programmatic_broken_case_cannot_be_played(tmp_path):
    from quizbank.case_session import CasePlay
    from quizbank.yamlread import load_yaml

    data = load_yaml(variant(("a: {next: s2,", "a: {next: s9,")), "x").data["cases"][0]
    case = Case.model_validate(data)
    with pytest.raises(ValueError, match="goes to 's9'"):
        CasePlay(case)


def test_json_schema_includes_cases():
    schema = bank_json_schema()
    assert "cases" in schema["properties"]
    text = json.dumps(schema)
    for name in ("Case", "Step", "Branch", "Ending", "Chart", "ChartEntry", "Patient"):
        assert name in schema["$defs"], name
    assert "chart_update" in text and "judgment_step" in text
