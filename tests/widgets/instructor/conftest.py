"""Fixtures for the instructor dashboard's in-process tests: the class's bank and a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.banks import DASHBOARD_BANK

from quizbank.loader import Bank, load_bank
from quizbank.store import Store


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank([DASHBOARD_BANK])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "records.sqlite3") as s:
        yield s
