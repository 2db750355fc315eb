"""Suite-wide rules: a test that drives a browser is marked `browser` and, where Playwright or
Chromium is missing, skipped with the reason; every other test runs regardless."""

from __future__ import annotations

import pytest
from browser_env import browser_missing

# Fixtures that start Chromium, in the folders that have browser tests; a test asking for one
# is a browser test even when its module forgot the marker.
BROWSER_FIXTURES = frozenset({"browser", "page", "pages", "new_page", "browser_page", "watched"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = browser_missing()
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if missing and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=missing))
