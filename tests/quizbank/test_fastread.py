"""The fast path never disagrees with the strict one.

The property, checked on the whole malformed corpus, the shipped bank, and mutations of both:
whatever the text, `load_bank` (fast reader first, strict reader when it declines or when
anything is wrong) gives exactly what `load_bank(fast=False)` gives: the same bank (items,
their order, objectives, cases, origins) or the same problems. Below that, the fast reader
itself either declines (None) or returns exactly the strict reader's values, types and key
order included; the one thing it leaves to the models is nesting deeper than the strict
reader allows, and no valid bank file is nested that deep (test_no_valid_file_is_nested_that_deep).

The generated texts are in test_fastread_generated.py, the shared checks in fastread_support.py.
CLINQUIZ_FUZZ_EXAMPLES raises the number of generated examples (default 150 per property).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from tests.quizbank.fastread_support import (
    CORPUS,
    SHIPPED,
    assert_loads_agree,
    assert_reader_agrees,
    outcome,
)
from tests.support.banks import VALID_BANK, write

from quizbank import fastread
from quizbank.bankfile import BankFile
from quizbank.errors import BankError
from quizbank.loader import DEFAULT_BANK, load_bank
from quizbank.origins import ItemOrigins
from quizbank.yamlread import MAX_DEPTH

pytestmark = pytest.mark.skipif(not fastread.available(), reason="yaml-rs is not installed")

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
