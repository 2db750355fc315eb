"""Fixtures for the quiz's real-browser tests: one Voila server per session, Debian's Chromium.

The server (tests/support/voila.py) runs the repo's quiz notebook and Voila configuration
with the small test bank (tests/banks/quiz: one item of each type) and a records database
in a temporary folder. Every page records every request it makes and refuses any that is
not loopback (tests/support/pages.py), so no test reaches an outside host even if the page tried.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.banks import QUIZ_BANK
from tests.support.pages import DESKTOP, PHONE, RecordingPage, open_pages
from tests.support.voila import VoilaServer


@pytest.fixture(scope="session")
def voila_server() -> Iterator[VoilaServer]:
    """A Voila server serving the quiz with the test bank (and its own records), for the whole session."""
    server = VoilaServer(QUIZ_BANK, "voila-test-bank.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_url(voila_server: VoilaServer) -> str:
    """The address of the quiz page, e.g. http://127.0.0.1:41234/."""
    return voila_server.url


@pytest.fixture
def recording(browser: object) -> Iterator[RecordingPage]:
    """A desktop-sized page that records its requests; fails the test on any outside request."""
    with open_pages(browser) as pages:
        yield pages.recording(DESKTOP)


@pytest.fixture
def page(recording: RecordingPage) -> object:
    return recording.page


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    """A phone-sized page (390 x 844)."""
    with open_pages(browser) as pages:
        yield pages.recording(PHONE).page
