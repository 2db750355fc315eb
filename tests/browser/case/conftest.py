"""Fixtures for the case player's browser tests: a Voila server on notebooks/case.ipynb.

The server (`CaseServer`, tests/support/voila.py) runs as the quiz's does (the repo's
voila.json and clinquiz template, Debian's Chromium, pages that refuse any request to an
outside host), but serves the case notebook with the shipped bank and a records database
in a temporary folder (CLINQUIZ_DB), through widgets.server.voila_app as `python -m
widgets.server` does. Each test is a new learner: the page address names a fresh learner
code, as a return link would.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.pages import PHONE, RecordingPage, open_pages
from tests.support.voila import CaseServer

from quizbank.store import Store


@pytest.fixture(scope="session")
def case_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("case-db") / "records.sqlite3"
    Store(db).close()  # created by the test process; the server's kernels open it
    return db


@pytest.fixture(scope="session")
def case_server(case_db: Path) -> Iterator[CaseServer]:
    server = CaseServer(case_db)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def case_url(case_server: CaseServer) -> str:
    return case_server.url


@pytest.fixture
def store(case_db: Path) -> Iterator[Store]:
    """The server's records database, opened by the test."""
    with Store(case_db) as s:
        yield s


@pytest.fixture
def learner() -> str:
    """A fresh learner code for this test."""
    return "t" + secrets.token_hex(8)


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., RecordingPage]]:
    """Makes recording pages (desktop by default); fails the test on any request to an outside host."""
    with open_pages(browser) as pages:
        yield pages.recording


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page().page


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    return new_page(PHONE).page
