"""The fast path never disagrees with the strict one, on generated texts: mutated bank files and
small banks, scalars that look like numbers, and every style of writing a value (test_fastread.py
states the property). CLINQUIZ_FUZZ_EXAMPLES raises the number of examples (default 150 per property)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.quizbank.fastread_support import EXAMPLES, FUZZ, SHIPPED, assert_loads_agree, assert_reader_agrees
from tests.support.banks import VALID_BANK

from quizbank import fastread

pytestmark = pytest.mark.skipif(not fastread.available(), reason="yaml-rs is not installed")

# --- generated texts ---------------------------------------------------------------------

SNIPPETS = [
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "<<: ",
    "010",
    "0x1F",
    "1_0",
    "_5",
    ".inf",
    "1.",
    "+1",
    "-0",
    "1e3",
    "0o7",
    "\t",
    "\u2028",
    "\x85",
    "\ufeff",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "#",
    " #",
    "'",
    '"',
    "\\",
    "|\n",
    ">-\n",
    "|2\n",
    "yes",
    "~",
    "null",
    "true",
    "True",
    " ",
    "\n",
    "\n  ",
    "\n    - ",
    ",",
    "@",
    "`",
    "é",
    "–",
    "\u201c",
    "\\x41",
    "\\u2028",
    "\\N",
    "\\L",
    "\\\n",
    "a: b",
    "id: x",
    "key: ",
    "9" * 20,
    "1:10",
    "2016-07-14",
    "''",
    '""',
    "- a\n",
    "\x07",
    "\r",
]
BASES = [p.read_text(encoding="utf-8") for p in SHIPPED] + [VALID_BANK]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A bank file with one to three small edits of the kinds people (and attackers) make."""
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "line", "indent", "value"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 30)) :]
        else:
            lines = text.split("\n")
            n = at * len(lines) // (len(text) + 1)
            if kind == "line":
                lines.insert(n, lines[draw(st.integers(0, len(lines) - 1))])
            elif kind == "indent":
                lines[n] = " " * draw(st.integers(1, 4)) + lines[n] if draw(st.booleans()) else lines[n][2:]
            elif ": " in lines[n]:
                lines[n] = lines[n].split(": ", 1)[0] + ": " + draw(st.sampled_from(SNIPPETS + ["x", "1", "[a, b]"]))
            text = "\n".join(lines)
    return text


@FUZZ
@given(mutated())
def test_mutated_bank_files_read_alike(text: str):
    assert_reader_agrees(text)


@settings(FUZZ, max_examples=max(20, EXAMPLES // 5))
@given(st.data())
def test_mutated_small_banks_load_alike(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject):
    text = data.draw(mutated().filter(lambda t: len(t) < 20000) | st.just(VALID_BANK))
    directory = tmp_path_factory.mktemp("bank")
    path = directory / "bank.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_loads_agree([path])


TOKENS = st.text(alphabet="0123456789._+-eExXoObBaAfFiInNtTlLsuU:~ ", max_size=10)
PLACES = ["a: {}\n", "- {}\n", "a: [{}, x]\n", "{}: a\n", "a: {{b: {}}}\n", "a:\n  {}\n", "a: {} # c\n", "? {}\n: x\n"]


@FUZZ
@given(TOKENS, st.sampled_from(PLACES))
def test_scalars_that_look_like_numbers_read_alike(token: str, place: str):
    assert_reader_agrees(place.format(token))


LEAVES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=" \n\t#:-'\"\\|>[]{},&*!%@`abc019.", max_size=30),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)


VALUES = st.recursive(LEAVES, _nested, max_leaves=20)


@FUZZ
@given(
    VALUES,
    st.sampled_from([None, "'", '"', "|", ">"]),
    st.sampled_from([None, True, False]),
    st.integers(2, 8),
    st.integers(20, 120),
    st.booleans(),
)
def test_every_style_of_writing_reads_alike(
    value: Any, style: str | None, flow: bool | None, indent: int, width: int, unicode: bool
):
    text = yaml.safe_dump(
        {"v": value}, default_style=style, default_flow_style=flow, indent=indent, width=width, allow_unicode=unicode
    )
    assert_reader_agrees(text)
