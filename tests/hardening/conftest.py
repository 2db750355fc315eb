"""The hardening tests: hostile banks, escaping in a real browser, dependency floors.

Deep runs. The property tests run a small number of examples by default (a few seconds) and
at least 10,000 in a deep run, chosen by the environment variable CLINQUIZ_DEEP=1 (what
`make test-deep` sets) or by `--deep` on the pytest command line. pytest reads this file's
`--deep` only when tests/hardening (or a file in it) is named on the command line, as pytest
only asks the conftest files of the paths it is given for options; a bare `pytest --deep`
from the repository root needs the option in a conftest.py at the root or in tests/ (see
tests/HARDENING.md). The option is added only if no other conftest has added it already.
"""

from __future__ import annotations

import os

import pytest

from tests.hardening.deep_runs import DEEP_ENV


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption(
            "--deep",
            action="store_true",
            default=False,
            help=f"long property-based and stress runs (the same as {DEEP_ENV}=1)",
        )
    except ValueError:  # another conftest defines it: use theirs
        pass


def pytest_configure(config: pytest.Config) -> None:
    # The property tests read the environment when their module is imported (after this hook),
    # so `--deep` and CLINQUIZ_DEEP=1 choose the same example counts.
    if config.getoption("--deep", default=False):
        os.environ[DEEP_ENV] = "1"
