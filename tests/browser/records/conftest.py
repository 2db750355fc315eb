"""Fixtures for the learner-records browser tests: identity, home, saving, resume, class sessions.

The class-session test uses the suite's two real servers (`servers`, tests/conftest.py).
Each test module that needs its own quiz server gets one with a records database in a
temporary folder (`records_server`), which the test may kill and restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.banks import QUIZ_BANK
from tests.support.pages import open_pages
from tests.support.voila import VoilaServer


@pytest.fixture(scope="module")
def records_server(request: pytest.FixtureRequest) -> Iterator[VoilaServer]:
    """A quiz server with the test bank and a fresh records database, for this test module only."""
    name = Path(str(request.node.fspath)).stem
    server = VoilaServer(QUIZ_BANK, f"voila-{name}.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pages(browser: Any) -> Iterator[Callable[..., Any]]:
    """Makes pages, each in a browser context of its own (like separate laptops); all refuse outside hosts."""
    with open_pages(browser) as opened:

        def make(viewport: dict[str, int] | None = None) -> Any:
            page = opened.recording(viewport).page
            page.set_default_timeout(60_000)
            return page

        yield make
