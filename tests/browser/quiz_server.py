"""The quiz's Voila server for browser tests, and pages that refuse outside hosts.

Kept out of conftest.py so that test modules can import it by a name no other test
folder uses (every folder has a ``conftest``; ``from conftest import ...`` picks
whichever was loaded last when several folders run together).

The server runs the repo's quiz notebook with the repo's Voila configuration
(voila.json, the clinquiz template in notebooks/jupyter-data) on a free loopback port,
with a records database of its own (a temporary file unless one is given), so no test
ever writes to a real learner's records.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import browser_env

REPO = Path(__file__).resolve().parents[2]
TEST_BANK = Path(__file__).resolve().parent / "bank"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = str(browser_env.CHROMIUM)
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
        sys.executable,
        "-m",
        "voila",
        "notebooks/quiz.ipynb",
        f"--port={port}",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--Voila.config_file_paths={REPO}",
    ]


def voila_environment(bank: Path | None, db: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(REPO / "notebooks" / "jupyter-data"), env.get("JUPYTER_PATH")])
    )
    env.pop("CLINQUIZ_BANK", None)
    env.pop("JUPYTERHUB_USER", None)  # the tests type their ids like a person
    if bank is not None:
        env["CLINQUIZ_BANK"] = str(bank)
    if db is not None:
        env["CLINQUIZ_DB"] = str(db)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class VoilaServer:
    """A running Voila process, its address and its records database.

    `db`: the records file (default: one in a temporary folder, removed on stop). The
    server runs in its own process session, so `kill()` can take it down as a crash would.
    """

    def __init__(self, bank: Path | None, log_name: str, db: Path | None = None) -> None:
        self._own_folder = None if db is not None else Path(tempfile.mkdtemp(prefix="clinquiz-records-"))
        self.db = db if db is not None else self._own_folder / "records.sqlite3"  # type: ignore[operator]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / log_name
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            voila_command(self.port),
            cwd=REPO,
            env=voila_environment(bank, self.db),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
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

    def kernel_pids(self) -> list[int]:
        """The server's kernel processes (each runs in a session of its own)."""
        import psutil

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return []
        return [c.pid for c in children if c.is_running()]

    def kill(self) -> list[int]:
        """SIGKILL the server and every kernel it started, at once, as a crash or power cut would."""
        pids = [self.process.pid, *self.kernel_pids()]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self._log.close()
        return pids

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
        if self._own_folder is not None:
            shutil.rmtree(self._own_folder, ignore_errors=True)


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
