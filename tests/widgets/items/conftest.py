"""Fixtures for the in-process item-widget tests (no browser, no Voila server).

The shared items, orders and helpers live in `itemwidget_support.py` beside this file.
"""

from __future__ import annotations

import pytest

from tests.support.banks import QUIZ_BANK
from tests.widgets.items.itemwidget_support import TYPES, Built, build

from quizbank.loader import Bank, load_bank


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
    return load_bank([QUIZ_BANK])
