"""The shipped bank passes `quizbank lint` with no error (warnings are the educators' to-do list).

This is how `make test` lints the bank: an error here (for example an "all/none of the above"
choice, or a waiver naming a rule that does not exist) fails the run, with the finding's line.
"""

from __future__ import annotations

import pytest

from quizbank.lint import cli as lint_cli


def test_the_shipped_bank_has_no_lint_error(capsys: pytest.CaptureFixture[str]) -> None:
    status = lint_cli.main(["lint"])
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if ": error [" in line]
    assert errors == [], "quizbank lint finds errors in the shipped bank:\n" + "\n".join(errors)
    assert status == 0, out[-2000:]
