"""Fixtures for the core's tests: the source documents and the small valid bank (tests/support/banks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.banks import VALID_BANK, write

from quizbank.loader import Bank, load_bank
from quizbank.sources import SourceDocument, load_sources


@pytest.fixture(scope="session")
def sources() -> dict[str, SourceDocument]:
    return load_sources()


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    """A valid one-file bank with one item of every type."""
    return write(tmp_path, "bank.yaml", VALID_BANK)


@pytest.fixture(scope="session")
def small_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    """The valid one-file bank, loaded (tests/quizbank/refresher offers the refresher's instead)."""
    path = write(tmp_path_factory.mktemp("bank"), "bank.yaml", VALID_BANK)
    return load_bank([path])
