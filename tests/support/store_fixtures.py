"""Fixtures for tests of the store and the services on it: a database in a temporary directory and a clock the test moves."""

from __future__ import annotations

import pytest

from tests.support.clocks import FakeClock

from quizbank.store import Store


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
