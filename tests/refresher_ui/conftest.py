"""Fixtures for the refresher's browser test: Voila on notebooks/refresher.ipynb, one server per fake day.

Each "visit" on another day is a new server whose kernels read another CLINQUIZ_FAKE_NOW
(the kernel inherits the server's environment); every server of a test shares one records
database in a temporary folder (CLINQUIZ_DB) and this folder's small bank (CLINQUIZ_BANK).
The browser side reuses the quiz's helpers (tests/browser/conftest.py: Debian's Chromium,
its flags, pages that refuse any request to an outside host) and tests/browser/quiz_ui.py.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quizbank.store import Store  # noqa: E402
from widgets.server import launcher as serve  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BANK_DIR = HERE / "bank"
NOTEBOOK = "notebooks/refresher.ipynb"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
HELPERS_NAME = "clinquiz_browser_helpers"  # the same name tests/dashboard uses: loaded once per session
sys.path.insert(0, str(REPO / "tests" / "browser"))  # quiz_ui


def browser_helpers() -> ModuleType:
    """tests/browser/conftest.py as a module (free_port, CHROMIUM, CHROMIUM_ARGS, RecordingPage)."""
    if HELPERS_NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(HELPERS_NAME, REPO / "tests" / "browser" / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[HELPERS_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[HELPERS_NAME]


@dataclass(frozen=True)
class RefresherServer:
    url: str
    fake_now: str


@pytest.fixture(scope="module")
def records_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("refresher-db") / "records.sqlite3"
    Store(db).close()  # created by the test process: the servers' kernels only open it
    return db


@pytest.fixture(scope="module")
def refresher_server(records_db: Path) -> Callable[[str], Any]:
    """`with refresher_server("2026-03-02") as server:` serves the refresher on that fake day."""
    helpers = browser_helpers()

    @contextmanager
    def run(fake_now: str) -> Iterator[RefresherServer]:
        port = helpers.free_port()
        options = serve.Options(quiz_port=port, db=records_db, bank=BANK_DIR)
        env = serve.student_env(options, {**os.environ, "CLINQUIZ_FAKE_NOW": fake_now})
        env.pop("CLINQUIZ_PASS_MARK", None)  # the default pass mark, 70%
        command = [
            sys.executable,
            "-m",
            "widgets.server.voila_app",
            NOTEBOOK,
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
            f"--Voila.config_file_paths={REPO}",
        ]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with open(ARTIFACTS / f"voila-refresher-{fake_now}.log", "wb") as log:
            process = serve.start_server(command, env, log)
            try:
                serve.wait_until_up(process, port)
                yield RefresherServer(f"http://127.0.0.1:{port}/", fake_now)
            finally:
                serve.stop_server(process)

    return run


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


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Makes desktop-sized recording pages (each in its own context); fails on any outside request."""
    helpers = browser_helpers()
    made: list[Any] = []

    def make(width: int = 1100, height: int = 900) -> Any:
        page = helpers.RecordingPage(browser, {"width": width, "height": height})
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
