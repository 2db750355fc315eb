"""Playwright's sync API for test modules whose every test drives a browser.

Importing it skips the importing module, with the reason, when Playwright or Chromium is
missing; modules that also hold tests without a browser import it inside those tests that need
it, so the others still run.
"""

from __future__ import annotations

import pytest

from tests.support.browser_env import CHROMIUM, browser_missing

_missing = browser_missing()
if _missing:
    pytest.skip(_missing, allow_module_level=True)

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402

__all__ = ["CHROMIUM", "Browser", "Locator", "Page", "expect", "sync_playwright"]
