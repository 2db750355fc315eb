"""Fixtures for the services tests: a store and a clock (tests/support/store_fixtures.py; the bank is the suite's)."""

from tests.support.store_fixtures import clock, db_path, store  # noqa: F401 - the fixtures this folder offers
