"""Fixtures for the store tests: a database in a temporary directory, a clock the test moves, the bank."""

from __future__ import annotations

import pytest
from store_clock import T0, FakeClock  # noqa: E402,F401  (tests import them from store_clock)

from quizbank.loader import Bank, load_bank
from quizbank.store import Store


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "records.sqlite3"


@pytest.fixture
def store(db_path, clock):
    with Store(db_path, clock=clock) as s:
        yield s
