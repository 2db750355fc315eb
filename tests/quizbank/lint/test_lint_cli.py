"""`quizbank lint` as an educator runs it: one line per finding, exit codes, figures, no traceback."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from tests.quizbank.lint.lint_helpers import CITATIONS, filler, line_of, single, write_bank

from quizbank import cli as quizbank_cli
from quizbank.lint import cli as lint_cli

LINE_RE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning) \[(?P<rule>[a-z-]+)\] "
    r"item '(?P<item>[^']+)': (?P<message>.+)$"
)
SUMMARY_RE = re.compile(r"^\d+ error\(s\), \d+ warning\(s\) in \d+ item\(s\)$")


def run(argv: list[str]) -> int:
    """`quizbank <argv>` in-process: through quizbank.cli once it wires in lint, else a local parser."""
    if "quizbank.lint" in Path(quizbank_cli.__file__).read_text(encoding="utf-8"):
        return quizbank_cli.main(argv)
    return lint_cli.main(argv)


def test_add_commands_adds_lint_to_a_parser() -> None:
    parser = argparse.ArgumentParser(prog="quizbank")
    lint_cli.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["lint", "a", "b", "--rule", "clang", "--rule", "near-duplicate", "--figures"])
    assert args.func is lint_cli.cmd_lint
    assert (args.paths, args.rules, args.figures) == ([Path("a"), Path("b")], ["clang", "near-duplicate"], True)


def test_an_error_finding_exits_2_with_one_line_per_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_bank(tmp_path, [single("w", "What should the nurse do?", ["Call the doctor", "Never call", "None of these"])])
    assert run(["lint", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.strip().split("\n")
    assert SUMMARY_RE.match(lines[-1]) and lines[-1].startswith("1 error(s), 1 warning(s) in 1 item(s)")
    found = [LINE_RE.match(line) for line in lines[:-1]]
    assert all(found), lines
    path = tmp_path / "bank.yaml"
    rows = {(m["rule"], m["severity"], m["item"], m["file"], int(m["line"])) for m in found if m}
    assert rows == {
        ("absolute-distractor", "warning", "w", str(path), line_of(path, "Never call")),
        ("all-none-of-the-above", "error", "w", str(path), line_of(path, "None of these")),
    }
    column = int(found[-1]["col"]) if found[-1] else 0
    assert path.read_text().splitlines()[line_of(path, "None of these") - 1][column - 1 :].startswith("None of these")


def test_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_bank(tmp_path, [single("w", "What does MedlinePlus say about sites?", ["Thigh", "Vein", "Scar"])])
    assert run(["lint", str(tmp_path / "bank.yaml")]) == 0
    out, _ = capsys.readouterr()
    assert "warning [document-stem] item 'w': the stem asks what a document says" in out


def test_a_clean_bank_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_bank(tmp_path, filler(12))
    assert run(["lint", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "0 error(s), 0 warning(s) in 12 item(s)\n"


def test_rule_keeps_only_that_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_bank(tmp_path, [single("w", "What should the nurse do?", ["Call the doctor", "Never call", "None of these"])])
    assert run(["lint", str(tmp_path), "--rule", "absolute-distractor"]) == 0  # the error is not asked for
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == 2 and "[absolute-distractor]" in lines[0]


def test_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # keys longest in every item, though never "notably" (19 characters more): only the bank-level error
    items = [
        single(f"l{i}", f"Which is right, {i}?", [f"Longest option number {i}", "Short", "Tiny"], citations=[c])
        for i, c in enumerate(CITATIONS * 3)
    ][:10]
    write_bank(tmp_path, items)
    assert run(["lint", str(tmp_path), "--figures"]) == 2  # the bank-level longest-key error
    out = capsys.readouterr().out
    assert f"{tmp_path / 'bank.yaml'}: error [key-longest] bank: in 10 of 10 single-answer items (100%)" in out
    assert "figures:\n  longest-key rate: 10 of 10 single-answer items (100%)" in out
    assert "chance is 33%, the limit 48%" in out
    assert "  document-asking stems: 0 of 10 items (0%)" in out
    assert re.search(r"^  key-longest +warning +1$", out, re.M)
    assert re.search(r"^  near-duplicate +warning +0$", out, re.M)
    assert out.strip().split("\n")[1] == "1 error(s), 0 warning(s) in 10 item(s)"


def test_an_invalid_bank_exits_2_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bank.yaml").write_text("schema_version: 1\nitems:\n  - id: x\n    type: nonsense\n", encoding="utf-8")
    assert run(["lint", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.strip().endswith("nothing was loaded, so nothing was linted.")
    assert f"{tmp_path / 'bank.yaml'}:4:" in err


def test_an_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["lint", "--rule", "no-such-rule"])
    assert exited.value.code == 2
    assert "invalid choice: 'no-such-rule'" in capsys.readouterr().err


def test_the_default_is_the_shipped_bank_named_relative_to_the_project(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(lint_cli.__file__).resolve().parents[2])
    assert lint_cli.default_bank() == Path("quizbank/banks/anakinra")
    status = run(["lint"])
    assert status in (0, 2)  # whatever the shipped bank's findings are today
    lines = capsys.readouterr().out.strip().split("\n")
    assert SUMMARY_RE.match(lines[-1])
    assert all(line.startswith("quizbank/banks/anakinra") for line in lines[:-1])
    assert (status == 2) is any(" error [" in line for line in lines[:-1])
