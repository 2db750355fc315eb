"""Fixtures for the real-browser tests: one Voila server per session, Debian's Chromium.

The server runs the repo's quiz notebook with the repo's Voila configuration
(voila.json, the clinquiz template in notebooks/jupyter-data) on a free loopback port,
with the small test bank (tests/browser/bank: one item of each type).
Every page records every request it makes and refuses any that is not loopback, so no
test reaches an outside host even if the page tried.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[2]
TEST_BANK = Path(__file__).resolve().parent / "bank"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}
STARTUP_LIMIT_S = 90  # a safety stop for a server that never comes up, not a speed check


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def voila_command(port: int) -> list[str]:
    """The same command as `make serve`, from the Python running the tests."""
    return [
        sys.executable, "-m", "voila", "notebooks/quiz.ipynb",
        f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
        f"--Voila.config_file_paths={REPO}",
    ]


def voila_environment(bank: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(REPO / "notebooks" / "jupyter-data"), env.get("JUPYTER_PATH")]))
    env.pop("CLINQUIZ_BANK", None)
    if bank is not None:
        env["CLINQUIZ_BANK"] = str(bank)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class VoilaServer:
    """A running Voila process and its address."""

    def __init__(self, bank: Path | None, log_name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / log_name
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            voila_command(self.port), cwd=REPO, env=voila_environment(bank), stdout=self._log, stderr=subprocess.STDOUT
        )
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
        self._log.close()


@pytest.fixture(scope="session")
def voila_server() -> Iterator[VoilaServer]:
    """A Voila server serving the quiz with the test bank, for the whole session."""
    server = VoilaServer(TEST_BANK, "voila-test-bank.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_url(voila_server: VoilaServer) -> str:
    """The address of the quiz page, e.g. http://127.0.0.1:41234/."""
    return voila_server.url


# Module scope: Playwright's sync API allows one running instance per thread, so each test
# module starts and stops its own (a fraction of a second), leaving none running for other
# folders' fixtures.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def is_loopback(url: str) -> bool:
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


@pytest.fixture
def recording(browser: object) -> Iterator[RecordingPage]:
    """A desktop-sized page that records its requests; fails the test on any outside request."""
    page = RecordingPage(browser, DESKTOP)
    try:
        yield page
    finally:
        page.close()
    assert page.outside == [], f"the page requested outside hosts: {page.outside}"


@pytest.fixture
def page(recording: RecordingPage) -> object:
    return recording.page


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    """A phone-sized page (390 x 844)."""
    page = RecordingPage(browser, PHONE)
    try:
        yield page.page
    finally:
        page.close()
    assert page.outside == [], f"the page requested outside hosts: {page.outside}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
