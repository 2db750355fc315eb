"""Fixtures for the store tests: a database in a temporary directory, a clock the test moves, the bank."""

from __future__ import annotations

import pytest

from quizbank.loader import Bank, load_bank
from quizbank.store import Store

T0 = 1_770_000_000.0  # a fixed "now" (February 2026)


class FakeClock:
    """A clock that moves only when the test says so."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


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
