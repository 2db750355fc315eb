"""Fixtures for the review-options browser tests: the dashboard's test bank and recording pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.banks import DASHBOARD_BANK
from tests.support.pages import open_pages

from quizbank.loader import Bank, load_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([DASHBOARD_BANK])


@pytest.fixture
def pages(browser: Any) -> Iterator[Callable[..., Any]]:
    """Pages in browser contexts of their own, each with the websocket frames it received (`page.frames_in`)."""
    with open_pages(browser) as opened:

        def make(viewport: dict[str, int] | None = None) -> Any:
            page = opened.recording(viewport).page
            page.set_default_timeout(60_000)
            frames: list[str] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda data: frames.append(str(data))))
            page.frames_in = frames
            return page

        yield make
