"""The `quizbank` command as an educator runs it: exit codes, one line per problem, no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.banks import HEAD, ITEMS, MALFORMED_DIR, PROJECT_DIR, VALID_BANK, write

from quizbank import cli

LINE_RE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (item '(?P<item>[^']+)': )?field '(?P<field>[^']+)': (?P<message>.+)$"
)


def run(*args: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizbank", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def test_validate_a_bad_file_exits_2_with_one_line_per_problem():
    bad = MALFORMED_DIR / "three-problems.yaml"
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert lines[-1] == "3 problem(s); nothing was loaded."
    found = [LINE_RE.match(line) for line in lines[:-1]]
    assert all(found), lines
    assert [(m["file"], m["line"], m["item"], m["field"]) for m in found] == [
        (str(bad), "19", "sc-mechanism", "key"),
        (str(bad), "33", "tf-once-daily", "objectives[0]"),
        (str(bad), "55", "sn-sites", "citations[0].quote"),
    ]


def test_validate_never_shows_a_traceback():
    names = ["syntax-unclosed-quote", "python-object-tag", "alias-bomb", "nul-byte", "invalid-utf8", "empty-file"]
    result = run("validate", *(str(MALFORMED_DIR / f"{name}.yaml") for name in names))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert lines[-1] == "6 problem(s); nothing was loaded."
    for name, line in zip(sorted(names), lines):
        assert re.match(rf"^{re.escape(str(MALFORMED_DIR / name))}\.yaml:\d+:\d+: [a-zY]", line), line


def test_validate_a_good_bank_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, "bank.yaml", VALID_BANK)
    assert cli.main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == "ok: 10 items, 1 objectives, every quote found in its source\n"


def test_validate_a_folder_and_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    write(tmp_path, "objectives.yaml", HEAD.replace("items:\n", ""))
    write(tmp_path, "items.yaml", "schema_version: 1\nitems:\n" + ITEMS["single"])
    write(tmp_path, "notes.txt", "not a bank file")
    assert cli.main(["validate", str(tmp_path)]) == 0
    assert cli.main(["validate", str(tmp_path / "nope.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path / 'nope.yaml'}: cannot read the file: No such file or directory\n")


def test_validate_the_shipped_bank_exits_0():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ") and "every quote found in its source" in result.stdout


def test_coverage_and_stats_of_the_shipped_bank(capsys: pytest.CaptureFixture[str]):
    assert cli.main(["coverage"]) in (0, 2)  # 2 only when a section is left uncited
    out = capsys.readouterr().out
    assert re.search(r"^\d+ of \d+ sections covered$", out, re.M)
    assert cli.main(["stats"]) == 0
    assert re.match(r"^\d+ items\nby type:\n", capsys.readouterr().out)


def test_coverage_reports_each_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, "bank.yaml", VALID_BANK)
    assert cli.main(["coverage", "--passages", str(path)]) == 2  # the small bank leaves sections uncited
    out = capsys.readouterr().out
    assert "ebsco-anakinra / mechanism: covered, 1 of 4 passages cited" in out
    assert "ebsco-anakinra / indication: NOT COVERED, 0 of 1 passages cited" in out
    assert "ebsco-anakinra / references: not quizzable" in out
    assert "    uncited: IL-1 is produced in excessive amounts in people with RA." in out
    assert re.search(r"^\d+ of 25 sections covered$", out, re.M)


def test_stats_counts_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, "bank.yaml", VALID_BANK)
    assert cli.main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("10 items\nby type:\n")
    for item_type in ("single", "true_false", "select_all", "bowtie", "dropdown_rationale"):
        assert re.search(rf"^  {item_type} +1$", out, re.M)
    assert re.search(r"^  basics +10$", out, re.M)
    assert re.search(r"^  medlineplus-anakinra +7$", out, re.M)


def test_coverage_and_stats_of_a_bad_bank_exit_2(capsys: pytest.CaptureFixture[str]):
    for command in ("coverage", "stats"):
        assert cli.main([command, str(MALFORMED_DIR / "missing-stem.yaml")]) == 2
        err = capsys.readouterr().err
        assert "'stem' is required but missing" in err


def test_schema_command_prints_the_json_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert cli.main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"] == "clinquiz bank file"
    out = tmp_path / "schema.json"
    assert cli.main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == printed


def test_an_internal_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    def broken(paths):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "load_bank", broken)
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err == "quizbank: internal error (RuntimeError: disk on fire); please report it\n"


def test_a_closed_pipe_is_not_an_error():
    """`quizbank stats | head -1` must not end in a BrokenPipeError traceback."""
    result = subprocess.run(
        f"'{sys.executable}' -m quizbank stats | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=60,
    )
    assert re.match(r"^\d+ items\n$", result.stdout)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
