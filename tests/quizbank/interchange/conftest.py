"""Fixtures for the interchange tests: Moodle's own test files, the shipped bank, small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizbank.loader import Bank, load_bank

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "moodle"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of Moodle's fixture files (copied byte for byte)."""
    return FIXTURES


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The shipped anakinra bank."""
    return load_bank()
