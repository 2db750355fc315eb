"""Fixtures for the refresher's unit tests: the shipped bank, the refresher browser test's small bank, a clock.

Imported by the test modules by name (not a conftest.py: tests/store imports its own
conftest by that name, which another folder's conftest loaded first would shadow).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizbank.loader import Bank, load_bank

SMALL_BANK = Path(__file__).resolve().parents[1] / "refresher_ui" / "bank"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves: `now()` for the refresher, `epoch()` for Attempt and Store."""

    def __init__(self, start: datetime = MONDAY) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def epoch(self) -> float:
        return self.at.timestamp()

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="session")
def small_bank() -> Bank:
    return load_bank([SMALL_BANK])


@pytest.fixture
def clock() -> Clock:
    return Clock()
