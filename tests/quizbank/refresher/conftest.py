"""Fixtures for the refresher's core tests: its small bank and a clock the test moves (tests/support/refresher_fixtures.py)."""

from tests.support.refresher_fixtures import clock, small_bank  # noqa: F401 - the fixtures this folder offers
