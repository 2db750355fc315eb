"""Fixtures for the instructor dashboard in Chromium: the class's bank and pages.

The two real servers (`servers`, `server_store`) and `browser` are the suite's (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.banks import DASHBOARD_BANK
from tests.support.pages import PlainPage, RecordingPage, open_pages

from quizbank.loader import Bank, load_bank


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank([DASHBOARD_BANK])


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., RecordingPage | PlainPage]]:
    """Makes desktop-sized pages, each in its own browser context (no shared cookies); recording pages
    refuse and report any request to an outside host."""
    with open_pages(browser) as pages:

        def make(width: int = 1280, height: int = 900, record: bool = True) -> RecordingPage | PlainPage:
            viewport = {"width": width, "height": height}
            return pages.recording(viewport) if record else pages.plain(viewport)

        yield make
