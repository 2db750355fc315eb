"""Every file in tests/malformed/ is refused with the exact problem its header states.

Each file is a small bank (one valid item with one thing broken). Its first lines say
what is expected:

    # <what is broken>
    # expect count: 1            how many problems the file gives
    # expect line: 17            of the first problem (problems are sorted by line)
    # expect column: 23
    # expect item: sc-mechanism  (none: no item is named)
    # expect field: options[1].text
    # expect message: expected text, got 42     (a substring of the message)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.support.banks import HEAD, ITEMS, MALFORMED_DIR, VALID_BANK, write

from quizbank import cli, yamldepth, yamlread
from quizbank.errors import BankError, Problem
from quizbank.loader import load_bank, validate
from quizbank.yamlread import MAX_BYTES, MAX_DEPTH

CASES = sorted(MALFORMED_DIR.glob("*.yaml"))

# Words a message must never contain: they are Python's, not an educator's.
JARGON = (
    "Traceback",
    "pydantic",
    "input_value",
    "input_type",
    "errors.pydantic.dev",
    "ValidationError",
    "NoneType",
    "dict",
    " str ",
    "str_type",
    "[type=",
)

LINE_RE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (item '(?P<item>[^']+)': )?(field '(?P<field>[^']+)': )?(?P<message>.+)$"
)


@dataclass(frozen=True)
class Expected:
    description: str
    count: int
    line: int
    column: int
    item: str | None
    field: str | None
    message: str


def expected(path: Path) -> Expected:
    header: dict[str, str] = {}
    lines = path.read_bytes().decode("utf-8", errors="replace").split("\n")
    description = lines[0].lstrip("# ").strip()
    for line in lines[1:]:
        match = re.match(r"^# expect (\w+): (.*)$", line)
        if not match:
            break
        header[match.group(1)] = match.group(2)
    assert set(header) == {"count", "line", "column", "item", "field", "message"}, f"{path.name}: bad header {header}"
    none = lambda value: None if value == "none" else value  # noqa: E731
    return Expected(
        description,
        int(header["count"]),
        int(header["line"]),
        int(header["column"]),
        none(header["item"]),
        none(header["field"]),
        header["message"],
    )


def test_the_corpus_is_large_and_every_file_has_a_header():
    assert len(CASES) >= 40
    for path in CASES:
        expected(path)  # raises on a missing or partial header


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_malformed_file_gives_the_stated_problem(path: Path):
    want = expected(path)
    started = time.perf_counter()
    with pytest.raises(BankError) as info:
        load_bank([path])
    assert time.perf_counter() - started < 0.5
    problems = info.value.problems
    shown = "\n".join(str(p) for p in problems)
    assert len(problems) == want.count, shown
    first = problems[0]
    assert first.file == str(path), shown
    assert (first.line, first.column) == (want.line, want.column), shown
    assert first.item == want.item, shown
    assert first.field == want.field, shown
    assert want.message in first.message, shown
    for problem in problems:
        assert not any(word in problem.message for word in JARGON), problem.message
        assert problem.message[0].islower() or problem.message.startswith(("YAML", "'")), problem.message


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_cli_validate_reports_one_line_per_problem_and_exits_2(path: Path, capsys: pytest.CaptureFixture[str]):
    want = expected(path)
    assert cli.main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().split("\n")
    assert lines[-1] == f"{want.count} problem(s); nothing was loaded."
    assert len(lines) == want.count + 1
    match = LINE_RE.match(lines[0])
    assert match, lines[0]
    assert (match["file"], int(match["line"]), int(match["col"])) == (str(path), want.line, want.column)
    assert match["item"] == want.item and match["field"] == want.field
    assert want.message in match["message"]
    assert "Traceback" not in err


def test_validate_returns_the_same_problems(tmp_path: Path):
    path = MALFORMED_DIR / "three-problems.yaml"
    problems = validate([path])
    assert [p.item for p in problems] == ["sc-mechanism", "tf-once-daily", "sn-sites"]
    assert [p.field for p in problems] == ["key", "objectives[0]", "citations[0].quote"]


# --- problems made in the test: too big, too deep, half-loading -----------------------


def test_a_10_mb_file_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(VALID_BANK.encode())
        handle.write(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    started = time.perf_counter()
    with pytest.raises(BankError) as info:
        load_bank([path])
    assert time.perf_counter() - started < 0.2
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert (problem.line, problem.column) == (0, 0)  # the whole file
    assert f"may be at most {MAX_BYTES:,} bytes" in problem.message
    assert str(problem).startswith(f"{path}: the file is 10,")


@pytest.mark.parametrize(
    "opening, closing",
    [("[", "]"), ("{a: ", "}"), ("[", "")],
    ids=["flow-lists", "flow-mappings", "unclosed-lists"],
)
def test_deep_nesting_is_refused_fast_with_its_place(tmp_path: Path, opening: str, closing: str):
    depth = 10_000
    text = "schema_version: 1\nitems: " + opening * depth + "1" + closing * depth + "\n"
    path = write(tmp_path, "deep.yaml", text)
    started = time.perf_counter()
    with pytest.raises(BankError) as info:
        load_bank([path])
    assert time.perf_counter() - started < 0.2
    (problem,) = info.value.problems
    assert problem.line == 2
    # 'items: ' is 7 characters; the root mapping is level 0, so level MAX_DEPTH + 1 is refused.
    assert problem.column == 8 + MAX_DEPTH * len(opening)
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert problem.field.startswith("items")


class _LoaderWithItsOwnLimit(yaml.SafeLoader):
    """A YAML library stricter than libyaml: its scanner refuses flow nesting beyond 40 levels as it scans
    ahead, with its own message, as PyYAML 6.0.4's libyaml does at 1,000."""

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 - PyYAML's own name
        if self.flow_level >= 40:
            raise yaml.scanner.ScannerError(None, None, "a library's own nesting limit", self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


# (opening, closing, column of the problem): the 33rd level opens at column 8 + 32 * len(opening) after
# 'items: ', except where a text value inside the 32nd level is the first thing nested too deep.
_NESTS = {
    "flow-lists": ("[", "]", 8 + MAX_DEPTH),
    "flow-mappings": ("{a: ", "}", 8 + MAX_DEPTH * 4),
    "unclosed-lists": ("[", "", 8 + MAX_DEPTH),
    "spaced-lists": ("[ ", " ]", 8 + MAX_DEPTH * 2),
    "lists-with-text": ('[ "x", ', "]", 8 + (MAX_DEPTH - 1) * 7 + 2),
}


@pytest.mark.parametrize("loader", [yamlread.Loader, _LoaderWithItsOwnLimit], ids=["libyaml", "stricter-library"])
@pytest.mark.parametrize("nest", list(_NESTS))
def test_the_readers_own_depth_limit_fires_before_the_librarys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: type, nest: str
):
    opening, closing, column = _NESTS[nest]
    monkeypatch.setattr(yamlread, "Loader", loader)
    text = "schema_version: 1\nitems: " + opening * 2_000 + "1" + closing * 2_000 + "\n"
    with pytest.raises(BankError) as info:
        load_bank([write(tmp_path, "deep.yaml", text)], fast=False)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (2, column)
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert problem.field.startswith("items")


def test_brackets_in_text_comments_and_block_scalars_do_not_count_as_nesting(tmp_path: Path):
    deep = "[" * 40
    text = VALID_BANK + f"# {deep}\nnote: '{deep}'\nother: \"{deep}\"\nblock: |\n  {deep}\nplain: a {deep}\n"
    assert yamldepth.too_deep(text, MAX_DEPTH) is None
    assert yamldepth.too_deep("a:\n  - " + deep, MAX_DEPTH) == len("a:\n  - ") + MAX_DEPTH


def test_deep_nesting_of_100_000_levels_does_not_crash(tmp_path: Path):
    # PyYAML's recursive composer overflowed the C stack (a segfault) at about 50,000 levels.
    path = write(tmp_path, "deeper.yaml", "schema_version: 1\nitems: " + "[" * 100_000 + "]" * 100_000 + "\n")
    started = time.perf_counter()
    with pytest.raises(BankError, match="nested more than"):
        load_bank([path])
    assert time.perf_counter() - started < 0.2


def test_deep_block_nesting_is_refused(tmp_path: Path):
    lines = ["schema_version: 1", "items:"] + [" " * (2 * i) + "-" for i in range(60)]
    path = write(tmp_path, "deep-block.yaml", "\n".join(lines) + "\n")
    with pytest.raises(BankError) as info:
        load_bank([path])
    (problem,) = info.value.problems
    assert "nested more than" in problem.message
    assert problem.line == 3 + MAX_DEPTH  # the list at level 1 starts on line 3


def test_one_bad_file_means_nothing_is_loaded(tmp_path: Path):
    good = write(tmp_path, "a-good.yaml", VALID_BANK)
    bad = write(
        tmp_path,
        "b-bad.yaml",
        HEAD.replace(
            'objectives:\n  - {id: basics, text: "Know what anakinra is, how it is given and what to watch for."}\n', ""
        )
        + ITEMS["single"].replace("sc-mechanism", "sc-other").replace("key: a", "key: q"),
    )
    assert load_bank([good]).items  # the good file alone loads
    with pytest.raises(BankError) as info:
        load_bank([good, bad])
    (problem,) = info.value.problems
    assert problem.file == str(bad) and problem.item == "sc-other" and problem.field == "key"
    with pytest.raises(BankError):
        load_bank([tmp_path])  # the folder holds both files


def test_duplicate_item_ids_across_two_files(tmp_path: Path):
    first = write(tmp_path, "a.yaml", VALID_BANK)
    second = write(tmp_path, "b.yaml", "schema_version: 1\nitems:\n" + ITEMS["true_false"])
    with pytest.raises(BankError) as info:
        load_bank([first, second])
    (problem,) = info.value.problems
    first_line = VALID_BANK.split("\n").index("  - id: tf-once-daily") + 1
    assert (problem.file, problem.line, problem.column) == (str(second), 3, 9)
    assert (problem.item, problem.field) == ("tf-once-daily", "id")
    assert problem.message == f"item id 'tf-once-daily' is already used ({first}:{first_line})"


def test_objectives_in_one_file_and_items_in_another(tmp_path: Path):
    objectives = write(tmp_path, "objectives.yaml", HEAD.replace("items:\n", ""))
    items = write(tmp_path, "items.yaml", "schema_version: 1\nitems:\n" + ITEMS["single"])
    bank = load_bank([objectives, items])
    assert list(bank.objectives) == ["basics"] and list(bank.items) == ["sc-mechanism"]
    assert bank.origins["sc-mechanism"] == (str(items), 3)


def test_a_broken_objectives_file_does_not_blame_every_item(tmp_path: Path):
    objectives = write(tmp_path, "objectives.yaml", HEAD.replace("items:\n", "").replace("text:", "txt:"))
    items = write(tmp_path, "items.yaml", "schema_version: 1\nitems:\n" + ITEMS["single"] + ITEMS["true_false"])
    with pytest.raises(BankError) as info:
        load_bank([objectives, items])
    (problem,) = info.value.problems  # not also "unknown objective 'basics'" twice
    assert problem.file == str(objectives) and problem.field == "objectives[0].txt"
    assert "did you mean 'text'?" in problem.message


def test_a_missing_file_and_an_empty_folder(tmp_path: Path):
    with pytest.raises(BankError) as info:
        load_bank([tmp_path / "nope.yaml"])
    (problem,) = info.value.problems
    assert problem.file == str(tmp_path / "nope.yaml") and "cannot read the file" in problem.message
    (tmp_path / "empty").mkdir()
    with pytest.raises(BankError) as info:
        load_bank([tmp_path / "empty"])
    assert "no bank files" in info.value.problems[0].message


def test_problem_text_names_file_line_column_item_and_field():
    problem = Problem("bank/a.yaml", 14, 9, "expected text, got 42", "sc-x", "options[1].text")
    assert str(problem) == "bank/a.yaml:14:9: item 'sc-x': field 'options[1].text': expected text, got 42"
    assert str(Problem("bank/a.yaml", 0, 0, "the file is empty")) == "bank/a.yaml: the file is empty"
    error = BankError([Problem("b.yaml", 2, 1, "two"), Problem("a.yaml", 9, 1, "one")])
    assert [p.file for p in error.problems] == ["a.yaml", "b.yaml"]
    assert str(error) == "a.yaml:9:1: one\nb.yaml:2:1: two"
    # Problems at the same place, one naming an item and one not, sort without a TypeError.
    same = BankError([Problem("a.yaml", 1, 1, "m", "x", None), Problem("a.yaml", 1, 1, "m", None, "f")])
    assert [p.item for p in same.problems] == [None, "x"]
