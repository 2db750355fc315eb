"""Chromium for the browser tests, and pages that record their requests and refuse outside hosts.

Every page the browser tests open is a `RecordingPage` (or, where a test needs the
unload beacon, a `PlainPage`) in a browser context of its own, so no test reaches an
outside host even if the page tried. Playwright is imported only when a browser starts
(tests/support/browser_api.py skips the test, with the reason, where it cannot).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support import browser_env

CHROMIUM = str(browser_env.CHROMIUM)
CHROMIUM_ARGS = browser_env.CHROMIUM_ARGS
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}


def is_loopback(url: str) -> bool:
    """Whether a page may ask for `url`: this machine, or no host at all (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOOPBACK_HOSTS


class RecordingPage:
    """A page plus every URL it asked for (outside hosts are recorded and aborted)."""

    def __init__(self, browser: object, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("websocket", lambda ws: self.requests.append(ws.url))

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        self.requests.append(url)
        if is_loopback(url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    def close(self) -> None:
        self.context.close()


class PlainPage:
    """A page in its own context without request interception.

    Playwright's routing drops a page's last requests when it unloads, among them the
    beacon asking Voila to shut the page's kernel down; tests of that use a plain page
    (the servers' Content-Security-Policy still allows no outside host)."""

    def __init__(self, browser: Any, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.outside: list[str] = []

    def close(self) -> None:
        self.context.close()


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


@contextmanager
def launched_browser() -> Iterator[Any]:
    """Headless Chromium for one test module.

    Playwright's sync API allows one running instance per thread: when one is running already
    (a fixture of wider scope), that browser is borrowed rather than a second one started."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    borrowed = _running_browser()
    if borrowed is not None:
        yield borrowed
        return
    from tests.support.browser_api import (
        sync_playwright,  # skips the test, with the reason, where Playwright or Chromium is missing
    )

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class OpenPages:
    """The pages one test opened: each in a browser context of its own (no shared cookies)."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.made: list[RecordingPage | PlainPage] = []

    def recording(self, viewport: dict[str, int] | None = None) -> RecordingPage:
        """A page that refuses and reports any request to an outside host (desktop-sized by default)."""
        page = RecordingPage(self.browser, viewport or DESKTOP)
        self.made.append(page)
        return page

    def plain(self, viewport: dict[str, int]) -> PlainPage:
        page = PlainPage(self.browser, viewport)
        self.made.append(page)
        return page


@contextmanager
def open_pages(browser: Any) -> Iterator[OpenPages]:
    """Pages for one test, closed at its end; the test fails if any page asked an outside host."""
    pages = OpenPages(browser)
    try:
        yield pages
    finally:
        for page in pages.made:
            page.close()
    outside = [url for page in pages.made for url in page.outside]
    assert outside == [], f"a page requested outside hosts: {outside}"
