"""Fixtures for the in-process item-widget tests (no browser, no Voila server).

The shared items, orders and helpers live in `itemwidget_support.py` beside this file;
this folder is put on `sys.path` so the test modules import it by name.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quizbank.loader import Bank, load_bank

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from itemwidget_support import TYPES, Built, build  # noqa: E402

BROWSER_BANK = HERE.parent.parent / "browser" / "bank"


@pytest.fixture(params=TYPES)
def item_type(request: pytest.FixtureRequest) -> str:
    """Each item type in turn."""
    return request.param


@pytest.fixture
def built(item_type: str) -> Built:
    """The widget of `item_type`, in a shuffled shown order, recording what it hands on."""
    return build(item_type)


@pytest.fixture(scope="session")
def browser_bank() -> Bank:
    """The browser tests' bank: one item of every type."""
    return load_bank([BROWSER_BANK])
