"""Fixtures for the real-browser tests: one Voila server per session, Debian's Chromium.

The server and page helpers live in quiz_server.py (see there why not here): the repo's
quiz notebook and Voila configuration, the small test bank (tests/browser/bank: one item
of each type), a records database in a temporary folder. Every page records every
request it makes and refuses any that is not loopback, so no test reaches an outside
host even if the page tried.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # quiz_server, quiz_ui, kernel_ws

from quiz_server import (  # noqa: E402 - re-exported: tests/dashboard loads these from this file
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    LOOPBACK_HOSTS,
    PHONE,
    REPO,
    SCREENSHOTS,
    STARTUP_LIMIT_S,
    TEST_BANK,
    RecordingPage,
    VoilaServer,
    free_port,
    is_loopback,
    voila_command,
    voila_environment,
)

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DESKTOP",
    "LOOPBACK_HOSTS",
    "PHONE",
    "REPO",
    "SCREENSHOTS",
    "STARTUP_LIMIT_S",
    "TEST_BANK",
    "RecordingPage",
    "VoilaServer",
    "free_port",
    "is_loopback",
    "voila_command",
    "voila_environment",
]


@pytest.fixture(scope="session")
def voila_server() -> Iterator[VoilaServer]:
    """A Voila server serving the quiz with the test bank (and its own records), for the whole session."""
    server = VoilaServer(TEST_BANK, "voila-test-bank.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_url(voila_server: VoilaServer) -> str:
    """The address of the quiz page, e.g. http://127.0.0.1:41234/."""
    return voila_server.url


# Module scope: Playwright's sync API allows one running instance per thread, so each test
# module starts and stops its own (a fraction of a second), leaving none running for other
# folders' fixtures.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    from browser_api import sync_playwright  # skips the test, with the reason, where Playwright or Chromium is missing

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def recording(browser: object) -> Iterator[RecordingPage]:
    """A desktop-sized page that records its requests; fails the test on any outside request."""
    page = RecordingPage(browser, DESKTOP)
    try:
        yield page
    finally:
        page.close()
    assert page.outside == [], f"the page requested outside hosts: {page.outside}"


@pytest.fixture
def page(recording: RecordingPage) -> object:
    return recording.page


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    """A phone-sized page (390 x 844)."""
    page = RecordingPage(browser, PHONE)
    try:
        yield page.page
    finally:
        page.close()
    assert page.outside == [], f"the page requested outside hosts: {page.outside}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
