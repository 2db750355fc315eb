"""The fast path never disagrees with the strict one.

The property, checked on the whole malformed corpus, the shipped bank, and mutations of both:
whatever the text, `load_bank` (fast reader first, strict reader when it declines or when
anything is wrong) gives exactly what `load_bank(fast=False)` gives: the same bank (items,
their order, objectives, cases, origins) or the same problems. Below that, the fast reader
itself either declines (None) or returns exactly the strict reader's values, types and key
order included; the one thing it leaves to the models is nesting deeper than the strict
reader allows, and no valid bank file is nested that deep (test_no_valid_file_is_nested_that_deep).

CLINQUIZ_FUZZ_EXAMPLES raises the number of generated examples (default 150 per property).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.support.banks import MALFORMED_DIR, VALID_BANK, write

from quizbank import fastread
from quizbank.bankfile import BankFile
from quizbank.errors import BankError
from quizbank.loader import DEFAULT_BANK, load_bank
from quizbank.origins import ItemOrigins
from quizbank.yamlread import MAX_DEPTH, load_yaml

EXAMPLES = int(os.environ.get("CLINQUIZ_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=EXAMPLES <= 150,
)
SHIPPED = sorted(DEFAULT_BANK.glob("*.yaml"))
CORPUS = sorted(MALFORMED_DIR.iterdir())
REFUSED = object()

pytestmark = pytest.mark.skipif(not fastread.available(), reason="yaml-rs is not installed")


def strict_values(text: str) -> Any:
    """What the strict reader makes of `text`, or REFUSED."""
    try:
        return load_yaml(text, "f").data
    except (BankError, ValueError):  # ValueError: an int longer than Python converts
        return REFUSED


def identical(one: Any, other: Any) -> bool:
    """Equal values of the very same types, mappings in the same key order."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(identical(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(identical(a, b) for a, b in zip(one, other))
    return one == other


def key_not_text(value: Any) -> bool:
    """Whether some mapping in `value` has a key that is not text."""
    if isinstance(value, dict):
        return any(not isinstance(k, str) or key_not_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(key_not_text(v) for v in value)
    return False


def nesting(value: Any) -> int:
    """Levels of lists and mappings, as the strict reader counts them."""
    if isinstance(value, dict):
        return 1 + max((nesting(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((nesting(v) for v in value), default=0)
    return 0


def assert_reader_agrees(text: str) -> None:
    """The fast reader declines, or answers exactly as the strict reader does."""
    fast = fastread.read(text)
    if fast is None:
        return
    strict = strict_values(text)
    if strict is not REFUSED and identical(fast, strict):
        return
    # What the fast reader leaves to the models, which refuse it (see the tests further down):
    if key_not_text(fast):
        # yaml_rs reads keys such as `1:`, `true:`, `~:`, an empty key or `? [a]` as numbers,
        # booleans, null or tuples where the strict reader keeps text or refuses them.
        with pytest.raises(ValidationError):
            BankFile.model_validate(fast)
        return
    assert strict is REFUSED, f"the readers differ on {text!r}"
    with pytest.raises(BankError, match="nested more than"):  # nesting deeper than the strict reader allows
        load_yaml(text, "f")
    assert nesting(fast) >= MAX_DEPTH, text


def outcome(paths: list[Path], fast: bool) -> tuple[Any, ...]:
    """Everything a load gives: the bank (items in order, objectives, cases, origins) or the problems."""
    try:
        bank = load_bank(paths, fast=fast)
    except BankError as exc:
        return ("problems", exc.problems)
    return ("bank", list(bank.items), bank.items, bank.objectives, bank.cases, dict(bank.origins))


def assert_loads_agree(paths: list[Path]) -> None:
    assert outcome(paths, fast=True) == outcome(paths, fast=False)


# --- the corpus and the shipped bank ---------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_every_malformed_file_gets_the_strict_answer(path: Path):
    assert_loads_agree([path])
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return
    assert_reader_agrees(text.replace("\r\n", "\n").replace("\r", "\n"))


def test_the_shipped_bank_takes_the_fast_path_and_gives_the_strict_bank():
    fast = load_bank()
    assert isinstance(fast.origins, ItemOrigins)  # it did not fall back
    assert outcome([DEFAULT_BANK], fast=True) == outcome([DEFAULT_BANK], fast=False)
    for path in SHIPPED:
        assert fastread.read(path.read_text(encoding="utf-8")) is not None, path.name
        assert_reader_agrees(path.read_text(encoding="utf-8"))


def test_origins_of_the_fast_path_are_those_of_the_strict_one(tmp_path: Path):
    path = write(tmp_path, "bank.yaml", VALID_BANK)
    fast, strict = load_bank([path]), load_bank([path], fast=False)
    assert isinstance(fast.origins, ItemOrigins) and dict(fast.origins) == strict.origins
    assert fast == strict


def test_origins_refuse_to_answer_for_a_file_changed_since(tmp_path: Path):
    path = write(tmp_path, "bank.yaml", VALID_BANK)
    bank = load_bank([path])
    path.write_text("# edited\n" + VALID_BANK, encoding="utf-8")
    with pytest.raises(BankError, match="changed after the bank was loaded"):
        dict(bank.origins)


def test_without_yaml_rs_every_bank_is_read_strictly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    path = write(tmp_path, "bank.yaml", VALID_BANK)
    monkeypatch.setattr(fastread, "yaml_rs", None)
    bank = load_bank([path])
    assert type(bank.origins) is dict and bank == load_bank([path], fast=False)


# --- what the pre-scan declines ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "a:\n  <<: {b: 1}\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a:\tx\n",
        "a: 'x\u2028y'\n",
        'a: "x\x85y"\n',
        "a: x\ufeff\n",
        "a: 010\n",
        "a: 0x1F\n",
        "a: 0o17\n",
        "a: 1_000\n",
        "a: _5\n",
        "a: 1.\n",
        "a: .inf\n",
        "a: -.NaN\n",
        "a: [1, 007]\n",
        "a: {n: +0x1}\n",
        "- 1e_3\n",
        "a: 1234567890123456789\n",
        "a:\n" + "".join(" " * (2 * i) + f"- l{i}:\n" for i in range(1, 40)),
    ],
)
def test_the_pre_scan_declines_what_the_readers_could_read_differently(text: str):
    assert fastread.doubt(text) is not None
    assert fastread.read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: 10\nb: -3\nc: 1.5\nd: .5\ne: 1e3\nf: true\ng: ~\n",
        "a: 'it''s 010'\n",
        'a: "0x1F"\n',
        "stem: Take 1 dose at 10:00, then 2.5 mg.\n",
        "a: [x, y]\nb: {c: d}\n",
        "a: Select all that apply!\n",
        "a: A & B, 5 * 3\n",
    ],
)
def test_the_pre_scan_lets_plain_bank_text_through(text: str):
    assert fastread.doubt(text) is None
    assert_reader_agrees(text)


def test_deep_nesting_never_crashes_the_fast_reader():
    # yaml_rs recurses on block nesting and dies of a stack overflow some thousands of levels
    # down: the pre-scan must decline such text before it gets there. A subprocess, so that a
    # crash fails this test instead of killing the run.
    code = """
import sys
from quizbank import fastread
deep_block = "".join(" " * i + "- \\n" for i in range(20000))
compact = "- " * 100000 + "x\\n"
flow = "a: " + "[" * 100000 + "]" * 100000 + "\\n"
both = "".join(" " * i + "- \\n" for i in range(60)) + " " * 60 + "- " + "[" * 300 + "]" * 300 + "\\n"
for text in (deep_block, compact, flow, both, "{a: " * 100000):
    assert fastread.read(text) is None
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


# --- the models refuse what the fast reader leaves to them --------------------------------


def _schema_depth(schema: dict[str, Any], defs: dict[str, Any], seen: tuple[str, ...] = ()) -> int:
    """Most levels of lists and mappings that data valid against `schema` can have."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        assert name not in seen, f"{name} is recursive: valid data could be nested without end"
        return _schema_depth(defs[name], defs, seen + (name,))
    depth = 0
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            depth = max(depth, _schema_depth(option, defs, seen))
    if schema.get("type") == "object" or "properties" in schema:
        inner = [_schema_depth(s, defs, seen) for s in schema.get("properties", {}).values()]
        extra = schema.get("additionalProperties")
        assert extra is not True, "a mapping that takes anything could be nested without end"
        if isinstance(extra, dict):
            inner.append(_schema_depth(extra, defs, seen))
        depth = max(depth, 1 + max(inner, default=0))
    if schema.get("type") == "array":
        assert "items" in schema, "a list that takes anything could be nested without end"
        depth = max(depth, 1 + _schema_depth(schema["items"], defs, seen))
    known = ("$ref", "anyOf", "oneOf", "allOf", "type", "const", "enum")
    assert any(key in schema for key in known), f"{schema} takes anything, nested without end, keys not text"
    return depth


def test_no_valid_file_is_nested_that_deep():
    schema = BankFile.model_json_schema()
    assert _schema_depth(schema, schema.get("$defs", {})) < MAX_DEPTH


def _with_key(data: Any, key: Any, target: int) -> tuple[Any, int]:
    """A copy of `data` with an extra `key` in its `target`-th mapping (depth first), and the count seen."""
    if isinstance(data, dict):
        copy = {k: v for k, v in data.items()}
        if target == 0:
            copy[key] = "x"
        seen = 1
        for k, v in data.items():
            copy[k], used = _with_key(v, key, target - seen)
            seen += used
        return copy, seen
    if isinstance(data, list):
        out, seen = [], 0
        for v in data:
            new, used = _with_key(v, key, target - seen)
            out.append(new)
            seen += used
        return out, seen
    return data, 0


@pytest.mark.parametrize("key", [1, True, None, 1.5, ("a", "b")], ids=["int", "bool", "null", "float", "tuple"])
def test_a_key_that_is_not_text_is_refused_in_every_mapping(key: Any):
    # yaml_rs reads `1:`, `true:`, `~:` and `[a, b]:` as such keys where the strict reader keeps text.
    data = yaml.safe_load(next(p for p in SHIPPED if p.name.startswith("case-")).read_text(encoding="utf-8"))
    BankFile.model_validate(data)
    _, mappings = _with_key(data, key, -1)
    for target in random.Random(0).sample(range(mappings), min(mappings, 120)):
        with pytest.raises(ValidationError):
            BankFile.model_validate(_with_key(data, key, target)[0])


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
