"""Shared fixtures for the case-scenario tests: the shipped bank, loaded once."""

import pytest

from quizbank.loader import load_bank


@pytest.fixture(scope="session")
def bank():
    return load_bank()
