"""Voila servers for the browser tests: the quiz (`VoilaServer`) and the case player (`CaseServer`).

The quiz server runs the repo's quiz notebook with the repo's Voila configuration
(voila.json, the clinquiz template in notebooks/jupyter-data) on a free loopback port,
with a records database of its own (a temporary file unless one is given), so no test
ever writes to a real learner's records.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.ports import free_port

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
STARTUP_LIMIT_S = 90  # a safety stop for a server that never comes up, not a speed check


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
            self.command(),
            cwd=REPO,
            env=self.environment(bank),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()

    def command(self) -> list[str]:
        """The command the server runs (the quiz, as `make serve` runs it)."""
        return voila_command(self.port)

    def environment(self, bank: Path | None) -> dict[str, str]:
        """The server's environment: the bank and the records file."""
        return voila_environment(bank, self.db)

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


class CaseServer(VoilaServer):
    """Voila serving notebooks/case.ipynb (shipped bank) with the records in `db`, as `widgets.server.launcher` runs it."""

    def __init__(self, db: Path, log_name: str = "voila-case.log") -> None:
        super().__init__(None, log_name, db)

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "widgets.server.voila_app",
            "notebooks/case.ipynb",
            f"--port={self.port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--Voila.config_file_paths={REPO}",
        ]

    def environment(self, bank: Path | None) -> dict[str, str]:
        env = voila_environment(None, self.db)
        env.pop("QUERY_STRING", None)
        return env
