"""Fixtures for the refresher's core and widget tests: the refresher's small bank and a clock.

Offered by tests/quizbank/refresher/conftest.py and tests/widgets/refresher/conftest.py,
which import them from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.support.banks import REFRESHER_BANK

from quizbank.loader import Bank, load_bank

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
def small_bank() -> Bank:
    return load_bank([REFRESHER_BANK])


@pytest.fixture
def clock() -> Clock:
    return Clock()
