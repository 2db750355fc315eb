"""Fixtures for the instructor-dashboard tests: the test bank, a store, and real servers.

`servers` starts the student quiz and the token-protected instructor dashboard exactly as
``python -m widgets.server`` does (its command and environment builders), on free
loopback ports, with this folder's bank and a records database in a temporary folder.
The browser fixtures reuse the quiz's browser-test helpers (tests/browser/conftest.py:
Debian's Chromium, its flags, and pages that refuse any request to an outside host).
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quizbank.loader import Bank, load_bank
from quizbank.store import Store
from widgets.server import launcher as serve

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BANK_DIR = HERE / "bank"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
sys.path.insert(0, str(HERE))  # class_seed, dashboard_ui


def browser_helpers() -> ModuleType:
    """tests/browser/conftest.py's helpers (see browser_helpers.py)."""
    import browser_helpers as helpers

    return helpers.load()


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank([BANK_DIR])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "records.sqlite3") as s:
        yield s


@dataclass
class Servers:
    """The two running servers and what a test needs to reach them."""

    options: serve.Options
    token: str
    db: Path
    student: Any  # subprocess.Popen
    instructor: Any
    instructor_log: Path

    @property
    def student_url(self) -> str:
        return f"http://127.0.0.1:{self.options.quiz_port}/"

    @property
    def instructor_url(self) -> str:
        return f"http://127.0.0.1:{self.options.instructor_port}/"

    @property
    def instructor_login_url(self) -> str:
        return f"{self.instructor_url}?token={self.token}"


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Both servers, as the launcher starts them; the dashboard checks for changes every second."""
    helpers = browser_helpers()
    db = tmp_path_factory.mktemp("dashboard-db") / "records.sqlite3"
    Store(db).close()  # created by the test process: the servers' kernels only open it
    options = serve.Options(quiz_port=helpers.free_port(), instructor_port=helpers.free_port(), db=db, bank=BANK_DIR)
    token = secrets.token_urlsafe(24)
    base = {**os.environ, "CLINQUIZ_DASHBOARD_INTERVAL_S": "1"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    instructor_log = ARTIFACTS / "voila-dashboard-instructor.log"
    logs = [
        open(ARTIFACTS / "voila-dashboard-student.log", "wb"),  # noqa: SIM115 - closed below
        open(instructor_log, "wb"),
    ]  # noqa: SIM115
    student = serve.start_server(serve.student_command(options), serve.student_env(options, base), logs[0])
    instructor = serve.start_server(
        serve.instructor_command(options), serve.instructor_env(options, token, base), logs[1]
    )
    try:
        serve.wait_until_up(student, options.quiz_port)
        serve.wait_until_up(instructor, options.instructor_port)
        yield Servers(options, token, db, student, instructor, instructor_log)
    finally:
        serve.stop_server(instructor)
        serve.stop_server(student)
        for log in logs:
            log.close()


@pytest.fixture
def server_store(servers: Servers) -> Iterator[Store]:
    """The servers' records database, opened by the test (as a learner's kernel would open it)."""
    with Store(servers.db) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    helpers = browser_helpers()
    if not Path(helpers.CHROMIUM).exists():
        pytest.skip(f"{helpers.CHROMIUM} is not installed (make chromium)")
    from browser_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=helpers.CHROMIUM, headless=True, args=helpers.CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Makes desktop-sized pages, each in its own browser context (no shared cookies); recording pages
    refuse and report any request to an outside host."""
    helpers = browser_helpers()
    made: list[Any] = []

    def make(width: int = 1280, height: int = 900, record: bool = True) -> Any:
        viewport = {"width": width, "height": height}
        page = helpers.RecordingPage(browser, viewport) if record else PlainPage(browser, viewport)
        made.append(page)
        return page

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
