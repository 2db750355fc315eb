"""Hostile bank files: each is refused fast, with a clear message naming the file and the line.

Code-executing YAML tags (and proof that no code ran), alias bombs, a 10 MB file, nesting
10,000 deep, NUL bytes, bytes that are not UTF-8, UTF-16 and UTF-32 files, huge single lines,
lone surrogates, control characters raw and escaped, numbers of thousands of digits; and a
valid bank with a byte-order mark or CRLF line ends loads exactly as without.

Every load is timed. The assertion is a generous bound (5 s, so a busy machine does not make
the test flaky); the real figures are written to test-artifacts/hardening/hostile-files.md
and quoted in tests/HARDENING.md (every case so far well under 1 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.support.banks import QUIZ_BANK

from quizbank import fastread
from quizbank.errors import BankError, Problem
from quizbank.loader import Bank, load_bank

REPO = Path(__file__).resolve().parents[2]
VALID = (QUIZ_BANK / "items.yaml").read_text(encoding="utf-8")
OBJECTIVES = QUIZ_BANK / "objectives.yaml"
LIMIT_S = 5.0  # generous; the real times are reported
REPORT = REPO / "test-artifacts" / "hardening" / "hostile-files.md"
TIMES: dict[str, tuple[float, str]] = {}  # case -> (seconds, the first problem)


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    rows = [f"| {case} | {seconds * 1000:.1f} ms | {first} |" for case, (seconds, first) in sorted(TIMES.items())]
    REPORT.write_text(
        "| hostile file | time to refuse | first problem |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )


def refuse(case: str, path: Path) -> list[Problem]:
    """Load `path` (and the valid objectives), timed; it must raise BankError and nothing else."""
    started = time.perf_counter()
    with pytest.raises(BankError) as info:
        load_bank([OBJECTIVES, path])
    seconds = time.perf_counter() - started
    problems = [p for p in info.value.problems if p.file == str(path)]
    TIMES[case] = (
        seconds,
        str(problems[0]).replace(str(path), path.name).replace("|", "\\|")[:160] if problems else "",
    )
    assert seconds < LIMIT_S, f"{case}: {seconds:.2f} s"
    assert problems, info.value.problems
    for problem in info.value.problems:
        assert problem.message and "Traceback" not in problem.message
        assert "\n" not in str(problem) and "\x1b" not in str(problem)
    return problems


def write(tmp_path: Path, text: str | bytes, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- tags that build Python objects: refused, and nothing runs -----------------------------

PAYLOADS = {
    "os.system": "!!python/object/apply:os.system ['touch {sentinel}']",
    "subprocess": "!!python/object/apply:subprocess.check_call [['touch', '{sentinel}']]",
    "object/new": "!!python/object/new:os.system ['touch {sentinel}']",
    "exec": "!!python/object/apply:builtins.exec [\"open('{sentinel}', 'w').close()\"]",
    "eval": "!!python/object/apply:builtins.eval [\"open('{sentinel}', 'w').close()\"]",
    "name": "!!python/name:os.system ''",
    "module": "!!python/module:os ''",
    "object": "!!python/object:builtins.object {{}}",
    "verbatim tag": "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {sentinel}']",
    "binary": "!!binary aGVsbG8=",
    "set": "!!set {{a, b}}",
    "omap": "!!omap [a: 1]",
    "timestamp": "!!timestamp 2001-12-14",
    "local tag": "!custom x",
}


@pytest.mark.parametrize("where", ["top", "stem", "option", "flow", "list"])
@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
def test_tags_that_build_objects_are_refused_and_nothing_runs(tmp_path: Path, payload: str, where: str):
    sentinel = tmp_path / "pwned"
    tagged = PAYLOADS[payload].format(sentinel=sentinel)
    if where == "top":
        text = f"schema_version: {tagged}\n"
    elif where == "stem":
        text = VALID.replace('stem: "Anakinra is usually injected once a day."', f"stem: {tagged}", 1)
    elif where == "option":
        text = VALID.replace('- {id: c, text: "Insulin"', f"- {{id: c, text: {tagged}", 1)
    elif where == "flow":
        text = VALID.replace("tags: {topic: dosing}", f"tags: {{topic: {tagged}}}", 1)
    else:
        text = VALID.replace("objectives: [dosing]", f"objectives: [dosing, {tagged}]", 1)
    assert tagged in text
    path = write(tmp_path, text)
    problems = refuse(f"tag {payload} ({where})", path)
    first = problems[0]
    assert first.line == line_of(text, tagged.split()[0]), first
    assert "tag" in first.message and "not allowed" in first.message, first
    assert fastread.read(text) is None  # the fast reader declines it too
    assert not sentinel.exists(), "the payload ran"


def test_the_tag_payload_is_live_so_its_absence_proves_something(tmp_path: Path):
    """PyYAML's unsafe loader does run the os.system payload: the sentinel is a fair witness."""
    sentinel = tmp_path / "pwned"
    code = f"import yaml; yaml.unsafe_load({PAYLOADS['os.system'].format(sentinel=sentinel)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=60)
    assert sentinel.exists()


def test_a_tag_directive_cannot_smuggle_a_python_tag(tmp_path: Path):
    sentinel = tmp_path / "pwned"
    text = f"%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nschema_version: !p!os.system ['touch {sentinel}']\n"
    problems = refuse("tag directive %TAG", write(tmp_path, text))
    assert (problems[0].line, problems[0].column) == (3, 17) and "python/object/apply:os.system" in problems[0].message
    assert not sentinel.exists()


def test_a_tag_on_a_field_name_is_refused(tmp_path: Path):
    sentinel = tmp_path / "pwned"
    text = f"schema_version: 1\n? !!python/object/apply:os.system ['touch {sentinel}']\n: x\n"
    problems = refuse("tag on a field name", write(tmp_path, text))
    assert problems[0].line == 2 and not sentinel.exists()


# --- alias bombs ----------------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        name, previous = chr(97 + i), chr(96 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMBS = {
    "billion laughs": ("schema_version: 1\nitems:\n  - " + billion_laughs().replace("\n", "\n    ").rstrip() + "\n", 3),
    "laughs at the top": (billion_laughs(), 1),
    "one long anchor, many aliases": ("x: &x " + "y" * 500_000 + "\nitems: [" + ", ".join(["*x"] * 1000) + "]\n", 1),
    "merge key bomb": ("base: &b {id: a}\nitems:\n  - <<: *b\n", 1),
    "alias as a field name": ("schema_version: 1\n*a : x\n", 2),
    "undefined alias": ("schema_version: 1\nitems: [*nothing]\n", 2),
}


@pytest.mark.parametrize("bomb", list(BOMBS), ids=list(BOMBS))
def test_alias_bombs_are_refused_at_the_first_anchor_or_alias(tmp_path: Path, bomb: str):
    text, line = BOMBS[bomb]
    problems = refuse(f"alias bomb: {bomb}", write(tmp_path, text))
    assert problems[0].line == line, problems[0]
    assert "anchors and aliases" in problems[0].message or "merge keys" in problems[0].message


# --- size and nesting ------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["comment", "one line", "nul bytes"])
def test_a_10_mb_file_is_refused_before_it_is_read(tmp_path: Path, shape: str):
    path = tmp_path / "huge.yaml"
    ten_mb = 10 * 1024 * 1024
    with path.open("wb") as handle:
        if shape == "comment":
            handle.write(VALID.encode() + b"# " + b"x" * ten_mb + b"\n")
        elif shape == "one line":
            handle.write(b"schema_version: 1\nitems: [" + b"x, " * (ten_mb // 3) + b"]")
        else:
            handle.write(b"\x00" * ten_mb)
    (problem,) = refuse(f"10 MB file ({shape})", path)
    assert problem.line == 0 and "may be at most 1,000,000 bytes" in problem.message  # line 0: the whole file
    assert str(problem).startswith(f"{path}: the file is 10,")


NESTS = {
    "flow lists": ("schema_version: 1\nitems: " + "[" * 10_000 + "]" * 10_000 + "\n", 2),
    "flow mappings": ("schema_version: 1\nitems: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", 2),
    "block lists on one line": ("schema_version: 1\nitems:\n  " + "- " * 10_000 + "x\n", 3),
    "unclosed lists": ("schema_version: 1\nitems: " + "[" * 10_000 + "\n", 2),
    "block mappings": ("schema_version: 1\nitems:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1_000)), 35),
    "100,000 deep": ("schema_version: 1\nitems: " + "[" * 100_000 + "]" * 100_000 + "\n", 2),
}


@pytest.mark.parametrize("nest", list(NESTS), ids=list(NESTS))
def test_deep_nesting_is_refused_without_a_crash(tmp_path: Path, nest: str):
    text, line = NESTS[nest]
    problems = refuse(f"nesting: {nest}", write(tmp_path, text))
    assert problems[0].line == line and "nested more than 32 levels deep" in problems[0].message, problems[0]


def test_deep_nesting_does_not_crash_the_process_of_the_command_line(tmp_path: Path):
    """In a subprocess, so a C stack overflow would show as a crash here instead of killing the run."""
    path = write(tmp_path, "schema_version: 1\nitems:\n  " + "- " * 100_000 + "x\n")
    done = subprocess.run(
        [sys.executable, "-m", "quizbank", "validate", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "nested more than" in done.stderr and "Traceback" not in done.stderr


def test_a_list_of_300_000_entries_on_one_line_is_one_problem(tmp_path: Path):
    text = "schema_version: 1\nitems: [" + ", ".join(["x"] * 300_000) + "]\n"
    assert len(text) < 1_000_000
    (problem,) = refuse("huge line: 300,000 list entries", write(tmp_path, text))
    assert problem.line == 2 and "more than 20,000 entries" in problem.message


def test_a_mapping_of_80_000_fields_is_one_problem(tmp_path: Path):
    text = "schema_version: 1\nx: {" + ", ".join(f"k{i}: 1" for i in range(80_000)) + "}\n"
    assert len(text) < 1_000_000
    (problem,) = refuse("huge line: 80,000 fields", write(tmp_path, text))
    assert problem.line == 2 and "more than 20,000 fields" in problem.message


def test_a_huge_single_line_of_text_is_located(tmp_path: Path):
    stem = 'stem: "Anakinra is usually injected once a day."'
    text = VALID.replace(stem, 'stem: "' + "word " * 180_000 + '"', 1)
    (problem,) = refuse("huge line: a 900 KB stem", write(tmp_path, text))
    assert problem.line == line_of(VALID, stem) and problem.field == "stem" and "text too long" in problem.message


def test_a_file_that_is_one_line_without_a_line_end_is_located(tmp_path: Path):
    text = "schema_version: 1 " + "x" * 900_000
    (problem,) = refuse("huge line: no line end at all", write(tmp_path, text))
    assert problem.line == 1


# --- bytes and characters ---------------------------------------------------------------------

BYTES = {
    "NUL byte": (b"\x00", "NUL byte"),
    "Latin-1 byte": (b"\xe9t\xe9", "not valid UTF-8"),
    "cut-short sequence": (b"\xc3", "not valid UTF-8"),
    "overlong encoding": (b"\xc0\xaf", "not valid UTF-8"),
    "lone surrogate (CESU-8)": (b"\xed\xa0\x80", "not valid UTF-8"),
    "byte 0xFF": (b"\xff", "not valid UTF-8"),
    "escape (ESC)": (b"\x1b[2J", "control character U+001B"),
    "bell": (b"\x07", "control character U+0007"),
    "backspace": (b"\x08", "control character U+0008"),
    "vertical tab": (b"\x0b", "control character U+000B"),
    "form feed": (b"\x0c", "control character U+000C"),
    "delete": (b"\x7f", "control character U+007F"),
    "C1 CSI": ("\x9b".encode(), "control character U+009B"),
    "next line (NEL)": ("\x85".encode(), "control character U+0085"),
    "non-character U+FFFF": ("\uffff".encode(), "the character U+FFFF"),
    "line separator U+2028": ("\u2028".encode(), "invisible line break U+2028"),
    "paragraph separator U+2029": ("\u2029".encode(), "invisible line break U+2029"),
}


@pytest.mark.parametrize("bad", list(BYTES), ids=list(BYTES))
def test_bad_bytes_and_control_characters_are_refused_with_their_line_and_column(tmp_path: Path, bad: str):
    raw, words = BYTES[bad]
    stem = b'stem: "Anakinra is usually injected once a day."'
    text = VALID.encode().replace(stem, stem[:20] + raw + stem[20:], 1)
    (problem,) = refuse(f"bytes: {bad}", write(tmp_path, text))
    assert (problem.line, problem.column) == (line_of(VALID, stem.decode()), 4 + 20 + 1), problem
    assert words in problem.message, problem


ESCAPES = {
    "\\e[2J": "U+001B",
    "\\x1b]0;owned\\x07": "U+001B",
    "\\0": "U+0000",
    "\\a": "U+0007",
    "\\x9b": "U+009B",
    "\\N": "U+0085",
    "\\r": "U+000D",
    "\\u0008": "U+0008",
}


@pytest.mark.parametrize("escape", list(ESCAPES), ids=list(ESCAPES))
def test_control_characters_from_escapes_are_refused_in_text_and_field_names(tmp_path: Path, escape: str):
    stem = 'stem: "Anakinra is usually injected once a day."'
    in_text = VALID.replace(stem, f'stem: "Anakinra {escape} is usually injected once a day."', 1)
    (problem,) = refuse(f"escaped control in text: {escape}", write(tmp_path, in_text))
    assert (problem.line, problem.item, problem.field) == (line_of(VALID, stem), "t-tf", "stem"), problem
    assert f"control character {ESCAPES[escape]}" in problem.message
    in_name = VALID.replace(stem, f'"x{escape}": 1\n    {stem}', 1)
    (problem,) = refuse(f"escaped control in a field name: {escape}", write(tmp_path, in_name, "name.yaml"))
    assert problem.line == line_of(VALID, stem) and "field name contains the control character" in problem.message
    shown = str(problem)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown), repr(shown)  # written as escapes


def test_the_command_line_prints_no_terminal_escape(tmp_path: Path):
    stem = 'stem: "Anakinra is usually injected once a day."'
    path = write(tmp_path, VALID.replace(stem, f'"\\e]0;owned\\a\\e[2J": 1\n    {stem}', 1))
    done = subprocess.run([sys.executable, "-m", "quizbank", "validate", str(path)], capture_output=True, timeout=120)
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr + done.stdout and b"\x07" not in done.stderr + done.stdout
    assert b"\\x1b]0;owned" in done.stderr


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d\\ude00"], ids=["high", "low", "pair"])
def test_a_lone_surrogate_escape_is_refused_with_its_line(tmp_path: Path, escape: str):
    stem = 'stem: "Anakinra is usually injected once a day."'
    text = VALID.replace(stem, f'stem: "Anakinra {escape} is usually injected once a day."', 1)
    (problem,) = refuse(f"surrogate escape {escape}", write(tmp_path, text))
    assert problem.line == line_of(VALID, stem) and "escape" in problem.message, problem


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_refused_with_a_way_out(tmp_path: Path, encoding: str):
    (problem,) = refuse(f"encoding {encoding}", write(tmp_path, VALID.encode(encoding)))
    assert problem.line == 1
    if encoding in ("utf-16", "utf-32"):  # with a byte-order mark: named
        assert f"saved as {encoding.upper()} text; save it as UTF-8" in problem.message
    else:  # without one: the first NUL byte
        assert "NUL byte" in problem.message and "UTF-8" in problem.message


@pytest.mark.parametrize("digits", [5_000, 100_000])
@pytest.mark.parametrize("field", ["n", "key", "schema_version"])
def test_numbers_of_thousands_of_digits_are_problems_not_crashes(tmp_path: Path, field: str, digits: int):
    number = "1" * digits
    if field == "schema_version":
        text = f"schema_version: {number}\n"
    elif field == "n":
        text = VALID.replace("    n: 2\n", f"    n: {number}\n", 1)
    else:
        text = VALID.replace("    key: a\n", f"    key: {number}\n", 1)
    problems = refuse(f"a number of {digits:,} digits in {field}", write(tmp_path, text))
    assert problems[0].field is not None and problems[0].field.endswith(field)


# --- byte-order mark and line ends: the same bank ------------------------------------------------


def bank_of(tmp_path: Path, raw: bytes, name: str) -> Bank:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "items.yaml").write_bytes(raw)
    (folder / "objectives.yaml").write_bytes(OBJECTIVES.read_bytes())
    return load_bank([folder])


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf", "cr"])
def test_a_bom_or_crlf_bank_loads_exactly_as_without(tmp_path: Path, variant: str):
    plain = VALID.encode()
    raw = (
        plain.replace(b"\n", b"\r\n")
        if "crlf" in variant
        else plain.replace(b"\n", b"\r")
        if variant == "cr"
        else plain
    )
    raw = b"\xef\xbb\xbf" + raw if "bom" in variant else raw
    expected, got = bank_of(tmp_path, plain, "plain"), bank_of(tmp_path, raw, "variant")
    assert list(got.items.items()) == list(expected.items.items())
    assert got.objectives == expected.objectives
    lines = lambda bank: {item: line for item, (_, line) in dict(bank.origins).items()}  # noqa: E731
    assert lines(got) == lines(expected)


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_problems_in_a_bom_or_crlf_file_have_the_same_places(tmp_path: Path, variant: str):
    broken = VALID.replace("    key: a\n", "    key: zz\n", 1).encode()
    raw = b"\xef\xbb\xbf" + broken if variant == "bom" else broken.replace(b"\n", b"\r\n")
    (want,) = refuse("reference: key not an option", write(tmp_path, broken, "plain.yaml"))
    (got,) = refuse(f"{variant}: key not an option", write(tmp_path, raw, "variant.yaml"))
    assert (got.line, got.column, got.item, got.field, got.message) == (
        want.line,
        want.column,
        want.item,
        want.field,
        want.message,
    )


def test_the_valid_bank_really_is_valid():
    assert load_bank([OBJECTIVES.parent]).items  # the base of every case above
    assert yaml.safe_load(VALID)["schema_version"] == 1
    assert os.path.getsize(OBJECTIVES) < 2000
