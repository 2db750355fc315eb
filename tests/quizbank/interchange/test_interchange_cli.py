"""`quizbank import` and `quizbank export`: exit codes, printed reports, problems, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizbank.cli import main
from quizbank.interchange.safezip import read_members
from quizbank.loader import load_bank


def test_import_prints_the_loss_report(fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gift.yaml"
    assert main(["import", "gift", str(fixtures / "gift-questions.gift.txt"), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    assert "gift import of" in printed.out and "6 item(s) from 9 question(s)" in printed.out
    assert "line 2: 'Q8' (essay): skipped" in printed.out
    assert f"wrote 6 item(s) to {out}" in printed.out
    assert len(load_bank([out]).drafts) == 6


def test_import_of_a_broken_file_exits_2_with_one_line_per_problem(
    fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "broken.yaml"
    source = fixtures / "xml-broken_cloze_questions.xml"
    assert main(["import", "moodle-xml", str(source), "-o", str(out)]) == 2
    printed = capsys.readouterr()
    lines = printed.err.splitlines()
    assert len(lines) == 6 and lines[-1] == "5 problem(s); nothing was written."
    assert all(
        line.startswith(f"{source}:") and line.split(":")[1].isdigit() and line.split(":")[2].isdigit()
        for line in lines[:5]
    )
    assert "Traceback" not in printed.err and not out.exists()


def test_import_of_hostile_xml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "evil.xml"
    source.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "b">]>\n<quiz/>', encoding="utf-8")
    assert main(["import", "moodle-xml", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{source}:2:1: the file contains a document type declaration")
    assert not (tmp_path / "out.yaml").exists()


def test_missing_input_and_missing_output_folder(
    fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "gift", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o.yaml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    target = tmp_path / "no" / "such" / "folder.yaml"
    assert main(["import", "gift", str(fixtures / "ordering-testexport.gift.txt"), "-o", str(target)]) == 2
    assert "does not exist; nothing was written" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["moodle-xml", "qti22", "canvas-qti", "gift"])
def test_export_every_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"bank.{fmt}"
    assert main(["export", fmt, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"{fmt} export of" in printed and "from " in printed and f"to {out}" in printed
    assert out.stat().st_size > 1000
    if fmt in ("qti22", "canvas-qti"):
        assert "imsmanifest.xml" in read_members(out)


def test_export_named_items_from_a_bank_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from quizbank.loader import DEFAULT_BANK

    out = tmp_path / "two.xml"
    code = main(
        ["export", "moodle-xml", str(DEFAULT_BANK), "-o", str(out), "--items", "wi-mechanism-il1,inj-steps-order-full"]
    )
    assert code == 0
    assert "moodle-xml export of 2 of 2 item(s)" in capsys.readouterr().out
    assert main(["export", "gift", "-o", str(tmp_path / "x.txt"), "--items", "nope"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == "(item ids): no item 'nope' in the bank"
    assert not (tmp_path / "x.txt").exists()


def test_the_installed_command_runs(fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizbank",
            "import",
            "moodle-xml",
            str(fixtures / "match-testquestion.moodle.xml"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "'matching-001' (matching) -> 'matching-001'" in done.stdout
    assert out.exists()
