"""Fixtures for the learner-records browser tests: identity, home, saving, resume, class sessions.

Reused, not copied: the quiz's browser helpers (tests/browser: quiz_server, quiz_ui,
kernel_ws) and, for the class-session test, the instructor dashboard's two real servers
(tests/dashboard/conftest.py's `servers`, exactly as ``python -m widgets.server`` starts
them). Each test module that needs its own quiz server gets one with a records database
in a temporary folder (`records_server`), which the test may kill and restart.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
for folder in (TESTS / "browser", TESTS / "dashboard", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from quiz_server import CHROMIUM, CHROMIUM_ARGS, DESKTOP, SCREENSHOTS, TEST_BANK, RecordingPage, VoilaServer  # noqa: E402


def _dashboard_conftest() -> Any:
    """tests/dashboard/conftest.py as a module of its own name (its fixtures are reused below)."""
    name = "clinquiz_dashboard_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS / "dashboard" / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_dashboard = _dashboard_conftest()
servers = _dashboard.servers  # the student quiz and the instructor dashboard, both running
server_store = _dashboard.server_store


@pytest.fixture(scope="module")
def records_server(request: pytest.FixtureRequest) -> Iterator[VoilaServer]:
    """A quiz server with the test bank and a fresh records database, for this test module only."""
    name = Path(str(request.node.fspath)).stem
    server = VoilaServer(TEST_BANK, f"voila-{name}.log")
    try:
        yield server
    finally:
        server.stop()


def _running_browser() -> Any:
    """A Chromium already launched through Playwright's sync API in this thread, if any."""
    for obj in gc.get_objects():
        if type(obj).__name__ == "Browser" and type(obj).__module__.startswith("playwright.sync_api"):
            try:
                if obj.is_connected():
                    return obj
            except Exception:  # noqa: BLE001 - a stale object from a closed instance
                continue
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for this module. Playwright's sync API allows one instance per thread: when another
    folder's session-wide fixture (tests/dashboard) is still running one, that browser is borrowed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    borrowed = _running_browser()
    if borrowed is not None:
        yield borrowed
        return
    from browser_api import sync_playwright  # skips the test, with the reason, where Playwright or Chromium is missing

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    """Makes pages, each in a browser context of its own (like separate laptops); all refuse outside hosts."""
    made: list[RecordingPage] = []

    def make(viewport: dict[str, int] | None = None) -> Any:
        page = RecordingPage(browser, viewport or DESKTOP)
        page.page.set_default_timeout(60_000)
        made.append(page)
        return page.page

    try:
        yield make
    finally:
        for page in made:
            page.close()
    outside = [url for page in made for url in page.outside]
    assert outside == [], f"a page requested outside hosts: {outside}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
