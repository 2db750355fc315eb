"""Servers started as ``python -m widgets.server`` starts them: the class's two, and the refresher's.

`class_servers` runs the student quiz and the token-protected instructor dashboard with the
launcher's own command and environment builders, on free loopback ports, with the
dashboard's bank (tests/banks/dashboard) and the records database given. `run_refresher`
serves notebooks/refresher.ipynb on one fake day (its kernels read CLINQUIZ_FAKE_NOW).
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.banks import DASHBOARD_BANK, REFRESHER_BANK
from tests.support.ports import free_port
from tests.support.voila import ARTIFACTS, REPO

from widgets.server import launcher as serve


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


@contextmanager
def class_servers(db: Path) -> Iterator[Servers]:
    """Both servers, as the launcher starts them; the dashboard checks for changes every second."""
    options = serve.Options(quiz_port=free_port(), instructor_port=free_port(), db=db, bank=DASHBOARD_BANK)
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


@dataclass(frozen=True)
class RefresherServer:
    """A running refresher: its address and the fake day its kernels live on."""

    url: str
    fake_now: str


@contextmanager
def run_refresher(db: Path, fake_now: str) -> Iterator[RefresherServer]:
    """The refresher on the fake day `fake_now`, with the refresher's bank and the records in `db`."""
    port = free_port()
    options = serve.Options(quiz_port=port, db=db, bank=REFRESHER_BANK)
    env = serve.student_env(options, {**os.environ, "CLINQUIZ_FAKE_NOW": fake_now})
    env.pop("CLINQUIZ_PASS_MARK", None)  # the default pass mark, 70%
    command = [
        sys.executable,
        "-m",
        "widgets.server.voila_app",
        "notebooks/refresher.ipynb",
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
