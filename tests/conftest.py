"""Suite-wide rules and the fixtures many folders share (their code is in tests/support).

A test that drives a browser is marked `browser` and, where Playwright or Chromium is
missing, skipped with the reason; every other test runs regardless. The shared fixtures:
`bank` (the shipped bank; a folder with a bank of its own overrides it), `browser`,
`screenshots`, and the class's two real servers (`servers`, `server_store`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser_env import browser_missing
from tests.support.pages import launched_browser
from tests.support.servers import Servers, class_servers
from tests.support.voila import SCREENSHOTS

from quizbank.loader import Bank, load_bank
from quizbank.store import Store

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


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


# Module scope: Playwright's sync API allows one running instance per thread, so each test
# module starts and stops its own (a fraction of a second).
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_browser() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The student quiz and the token-protected instructor dashboard, as `python -m widgets.server` starts them."""
    db = tmp_path_factory.mktemp("dashboard-db") / "records.sqlite3"
    Store(db).close()  # created by the test process: the servers' kernels only open it
    with class_servers(db) as running:
        yield running


@pytest.fixture
def server_store(servers: Servers) -> Iterator[Store]:
    """The servers' records database, opened by the test (as a learner's kernel would open it)."""
    with Store(servers.db) as s:
        yield s
