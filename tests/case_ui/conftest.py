"""Fixtures for the case player's browser tests: a Voila server on notebooks/case.ipynb.

The server runs as the quiz's browser tests run theirs (tests/browser/quiz_server.py: the
repo's voila.json and clinquiz template, Debian's Chromium, pages that refuse any request
to an outside host), but serves the case notebook with
the shipped bank and a records database in a temporary folder (CLINQUIZ_DB), through
widgets.server.voila_app as `python -m widgets.server` does. Each test is a new learner: the page
address names a fresh learner code, as a return link would.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quizbank.loader import Bank, load_bank
from quizbank.store import Store

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(HERE), str(REPO / "tests" / "browser")]  # case_screen, fever_paths; quiz_server, quiz_ui

import quiz_server  # noqa: E402 - tests/browser's server and page helpers, under a name no folder shares

PHONE, DESKTOP = quiz_server.PHONE, quiz_server.DESKTOP
STARTUP_LIMIT_S = 90  # a safety stop for a server that never comes up, not a speed check


class CaseServer:
    """Voila serving notebooks/case.ipynb (shipped bank) with the records in `db`, as `widgets.server.launcher` runs it."""

    def __init__(self, db: Path, log_name: str = "voila-case.log") -> None:
        self.db = db
        self.port = quiz_server.free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        quiz_server.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = quiz_server.ARTIFACTS / log_name
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        env = quiz_server.voila_environment(None)
        env["CLINQUIZ_DB"] = str(db)
        for name in ("QUERY_STRING", "CLINQUIZ_BANK"):
            env.pop(name, None)
        command = [
            sys.executable,
            "-m",
            "widgets.server.voila_app",
            "notebooks/case.ipynb",
            f"--port={self.port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--Voila.config_file_paths={REPO}",
        ]
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"voila exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "voila/static/voila.js", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"voila did not answer on {self.url}; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()


# Module scope, as in tests/browser: Playwright's sync API allows one running instance per thread.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(quiz_server.CHROMIUM).exists():
        pytest.skip(f"{quiz_server.CHROMIUM} is not installed (make chromium)")
    from browser_api import sync_playwright  # skips the test, with the reason, where Playwright or Chromium is missing

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=quiz_server.CHROMIUM, headless=True, args=quiz_server.CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    quiz_server.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return quiz_server.SCREENSHOTS


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


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def learner() -> str:
    """A fresh learner code for this test."""
    return "t" + secrets.token_hex(8)


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Makes recording pages (desktop by default); fails the test on any request to an outside host."""
    made: list[Any] = []

    def make(viewport: dict[str, int] | None = None) -> Any:
        page = quiz_server.RecordingPage(browser, viewport or DESKTOP)
        made.append(page)
        return page

    try:
        yield make
    finally:
        for page in made:
            page.close()
    outside = [url for page in made for url in page.outside]
    assert outside == [], f"a page requested outside hosts: {outside}"


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page().page


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    return new_page(PHONE).page
