"""Fixtures for the refresher's browser test: Voila on notebooks/refresher.ipynb, one server per fake day.

Each "visit" on another day is a new server whose kernels read another CLINQUIZ_FAKE_NOW
(the kernel inherits the server's environment); every server of a test shares one records
database in a temporary folder (CLINQUIZ_DB) and the refresher's small bank
(tests/banks/refresher). The servers are tests/support/servers.py's `run_refresher`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.pages import open_pages
from tests.support.servers import run_refresher

from quizbank.store import Store


@pytest.fixture(scope="module")
def records_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("refresher-db") / "records.sqlite3"
    Store(db).close()  # created by the test process: the servers' kernels only open it
    return db


@pytest.fixture(scope="module")
def refresher_server(records_db: Path) -> Callable[[str], Any]:
    """`with refresher_server("2026-03-02") as server:` serves the refresher on that fake day."""

    def run(fake_now: str) -> Any:
        return run_refresher(records_db, fake_now)

    return run


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Makes desktop-sized recording pages (each in its own context); fails on any outside request."""
    with open_pages(browser) as pages:

        def make(width: int = 1100, height: int = 900) -> Any:
            return pages.recording({"width": width, "height": height}).page

        yield make
