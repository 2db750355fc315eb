"""Safe YAML reading: YAML 1.2 core scalars only, positions of every value, nothing unsafe."""

from __future__ import annotations

import time

import pytest

from quizbank.errors import BankError
from quizbank.yamlread import MAX_BYTES, decode, field_name, load_yaml


def data(text: str):
    return load_yaml(text, "t.yaml").data


@pytest.mark.parametrize(
    "plain, value",
    [
        # YAML 1.1 traps stay text
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("Yes", "Yes"),
        ("NO", "NO"),
        ("010", "010"),
        ("0o10", "0o10"),
        ("0x1F", "0x1F"),
        ("1:10", "1:10"),
        ("1_000", "1_000"),
        ("2016-07-14", "2016-07-14"),
        ("7/14/2016", "7/14/2016"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("+.5e3x", "+.5e3x"),
        # YAML 1.2 core values
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("0", 0),
        ("10", 10),
        ("-3", -3),
        ("+7", 7),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("45 to 90-degree", "45 to 90-degree"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, value):
    got = data(f"v: {plain}\n")["v"]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("quoted", ['"yes"', "'010'", '"true"', '"10"', '"null"', "!!str 10", "!!str yes", "|\n  10\n"])
def test_quoted_and_str_tagged_values_are_always_text(quoted: str):
    assert isinstance(data(f"v: {quoted}\n")["v"], str)


def test_positions_of_values_and_keys():
    located = load_yaml(
        "schema_version: 1\nitems:\n  - id: x\n    options:\n      - {id: a, text: 'A'}\n      - {id: b, text: 42}\n",
        "t.yaml",
    )
    assert located.where(("items", 0, "options", 1, "text")) == (6, 23)
    assert located.where(("items", 0, "options", 1, "text"), key=True) == (6, 17)
    assert located.where(("items", 0, "id")) == (3, 9)
    assert located.where(("items", 0, "id"), key=True) == (3, 5)
    assert located.where(("items", 0, "missing", "deeper")) == (3, 5)  # the nearest parent
    assert located.where(()) == (1, 1)
    # A key that is not there: the nearest parent value (this used to loop for ever).
    assert located.where(("items", 0, "nope"), key=True) == (3, 5)
    assert located.where(("nope",), key=True) == (1, 1)


def test_field_names_read_like_the_yaml():
    assert field_name(("options", 1, "text")) == "options[1].text"
    assert field_name(("key", "r2")) == "key.r2"
    assert field_name(("items", 0)) == "items[0]"
    assert field_name(()) == ""


def test_bom_and_crlf_are_read_as_plain_utf8():
    assert decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "t") == "a: 1\nb: 2\n"
    assert decode(b"a: 1\rb: 2\r", "t") == "a: 1\nb: 2\n"


@pytest.mark.parametrize(
    "raw, line, column, words",
    [
        (b"a: 1\nb: \x00\n", 2, 4, "NUL byte"),
        (b"a: 1\nbb: caf\xe9\n", 2, 8, "not valid UTF-8"),
        (b"\xef\xbb\xbfa: \xff\n", 1, 4, "not valid UTF-8"),  # the BOM is not a column
        (b"a: \xc3\n", 1, 4, "not valid UTF-8"),  # a sequence cut short
    ],
)
def test_bad_bytes_are_located(raw: bytes, line: int, column: int, words: str):
    with pytest.raises(BankError) as info:
        decode(raw, "t.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (line, column) and words in problem.message


def test_too_many_bytes_are_refused_before_decoding():
    with pytest.raises(BankError, match="at most 1,000,000 bytes"):
        decode(b"#" * (MAX_BYTES + 1), "t.yaml")


@pytest.mark.parametrize(
    "text, line, column, words",
    [
        ("a: &x 1\nb: *x\n", 1, 4, "anchors and aliases"),
        ("a: [*x]\n", 1, 5, "anchors and aliases"),
        ("a: !!python/name:os.system x\n", 1, 4, "the tag '!!python/name:os.system' is not allowed"),
        ("a: !!binary aGVsbG8=\n", 1, 4, "the tag '!!binary' is not allowed"),
        ("a: !!set {x, y}\n", 1, 4, "the tag '!!set' is not allowed"),
        ("a: !custom x\n", 1, 4, "the tag '!custom' is not allowed"),
        ("!!python/object:os.Foo {}\n", 1, 1, "not allowed"),
        ("a: {<<: {b: 1}}\n", 1, 5, "merge keys (<<) are not allowed"),
        ("a:\n  <<: {b: 1}\n", 2, 3, "merge keys (<<) are not allowed"),
        ("? [a, b]\n: 1\n", 1, 3, "a field name must be a plain word"),
        ("a: 1\na: 2\n", 2, 1, "the field 'a' appears twice in this mapping (first on line 1)"),
        ("a: 1\n---\nb: 2\n", 2, 1, "second YAML document"),
    ],
)
def test_unsafe_or_ambiguous_yaml_is_refused(text: str, line: int, column: int, words: str):
    with pytest.raises(BankError) as info:
        load_yaml(text, "t.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.column) == ("t.yaml", line, column), problem
    assert words in problem.message


def test_a_quoted_merge_key_is_an_ordinary_field_name():
    assert data('a: {"<<": 1}\n') == {"a": {"<<": 1}}


def test_an_alias_bomb_is_refused_at_its_first_anchor_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    started = time.perf_counter()
    with pytest.raises(BankError) as info:
        load_yaml(bomb, "bomb.yaml")
    assert time.perf_counter() - started < 0.05
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.field) == (1, 4, "a")


@pytest.mark.parametrize(
    "text, line, column, words",
    [
        ("a: 1\n\tb: 2\n", 2, 1, "indent with spaces only"),
        ("a: b: c\n", 1, 5, "put text that contains ': ' in double quotes"),
        ("a:\n  - x\n  y: 1\n", 3, 3, "not lined up"),
        ("a: @x\n", 1, 4, "cannot start with this character"),
        ("a: [1, 2\nb: 1\n", 1, 4, "the list in [ ] that opens here is not closed"),
        ("a: {b: 1\n", 1, 4, "the mapping in { } that opens here is not closed"),
        ('a: "x\n', 1, 4, "the quote that opens here is not closed"),
        ('a: "x\nb: "y"\nc: 1\n', 1, 4, "the quote that opens here is not closed"),
        ("a: 'it's'\n", 1, 4, "ends early, at a quote with more text after it"),
        ('a: "say "no" now"\n', 1, 4, "ends early, at a quote with more text after it"),
    ],
)
def test_syntax_errors_are_explained_in_plain_words(text: str, line: int, column: int, words: str):
    with pytest.raises(BankError) as info:
        load_yaml(text, "t.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (line, column), problem
    assert problem.message.startswith("YAML syntax error: ")
    assert words in problem.message


def test_apostrophes_and_quotes_inside_text_do_not_mislead_the_quote_hint():
    # The apostrophe in plain text and the quotes inside a word are not openings of quotes:
    # the real problem (a bad indentation further down) is reported where it is.
    text = 'a: the patient\'s dose\nb: say "no" twice\nc:\n  - x\n  y: 1\n'
    with pytest.raises(BankError) as info:
        load_yaml(text, "t.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (5, 3) and "not lined up" in problem.message


def test_empty_and_comment_only_files_hold_nothing():
    assert data("") is None
    assert data("# just a comment\n") is None
    assert data("---\n...\n") is None
