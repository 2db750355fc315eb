"""`python -m widgets.server`: what it starts, with which settings, and that Ctrl-C stops everything."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

from tests.support.banks import DASHBOARD_BANK
from tests.support.ports import free_port

from widgets.server import launcher as serve

REPO = Path(__file__).resolve().parents[3]
BANK_DIR = DASHBOARD_BANK


def test_commands_use_the_repos_voila_configuration():
    options = serve.Options(quiz_port=9001, instructor_port=9002)
    student = serve.student_command(options, python="py")
    instructor = serve.instructor_command(options, python="py")
    assert student[:4] == ["py", "-m", "widgets.server.voila_app", "notebooks/quiz.ipynb"]
    assert instructor[:4] == ["py", "-m", "widgets.server.instructor", "notebooks/instructor.ipynb"]
    for command, port in ((student, 9001), (instructor, 9002)):
        assert f"--port={port}" in command and "--Voila.ip=127.0.0.1" in command and "--no-browser" in command
        assert f"--Voila.config_file_paths={REPO}" in command and "--Voila.port_retries=0" in command
        assert not any("token" in part for part in command)  # the token never goes on a command line
    lan = serve.Options(quiz_host=serve.ANY)
    assert "--Voila.ip=0.0.0.0" in serve.student_command(lan)
    assert "--Voila.ip=127.0.0.1" in serve.instructor_command(lan)  # the dashboard stays on this computer


def test_environments_share_the_records_and_only_the_instructor_gets_the_token(tmp_path):
    options = serve.Options(db=tmp_path / "r.sqlite3", bank=BANK_DIR, quiz_port=9001)
    base = {"PATH": "/bin", serve.TOKEN_ENV: "leaked-into-the-launcher-env", "JUPYTER_PATH": "/x"}
    student = serve.student_env(options, base)
    instructor = serve.instructor_env(options, "t" * 32, base)
    assert student["CLINQUIZ_DB"] == instructor["CLINQUIZ_DB"] == str(tmp_path / "r.sqlite3")
    assert student["CLINQUIZ_BANK"] == instructor["CLINQUIZ_BANK"] == str(BANK_DIR)
    assert serve.TOKEN_ENV not in student
    assert instructor[serve.TOKEN_ENV] == "t" * 32
    assert instructor["CLINQUIZ_STUDENT_URL"] == "http://127.0.0.1:9001/"
    assert student["JUPYTER_PATH"].split(os.pathsep) == [str(REPO / "notebooks" / "jupyter-data"), "/x"]


def test_the_token_is_given_or_made():
    made = serve.instructor_token({})
    assert len(made) >= 32 and made != serve.instructor_token({})
    assert serve.instructor_token({serve.TOKEN_ENV: " a-long-enough-token-123 "}) == "a-long-enough-token-123"
    with pytest.raises(ValueError, match="at least 16"):
        serve.instructor_token({serve.TOKEN_ENV: "short"})


def test_arguments():
    options = serve.parse_args(["--lan", "--quiz-port", "7000", "--instructor-port", "7001"], environ={})
    assert (options.quiz_host, options.instructor_host, options.quiz_port, options.instructor_port) == (
        "0.0.0.0",
        "127.0.0.1",
        7000,
        7001,
    )
    with pytest.raises(SystemExit):
        serve.parse_args(["--quiz-port", "7000", "--instructor-port", "7000"], environ={})


def test_the_instructor_server_refuses_to_start_without_a_token():
    env = {k: v for k, v in os.environ.items() if k != serve.TOKEN_ENV}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "widgets.server.instructor",
            "notebooks/instructor.ipynb",
            "--no-browser",
            "--port=1",
            "--token=",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "needs a token of at least 16 characters" in done.stdout + done.stderr


@pytest.mark.browser
def test_launcher_starts_both_and_ctrl_c_stops_everything(tmp_path):
    quiz_port, instructor_port = free_port(), free_port()
    token = "launcher-test-token-0123456789"
    env = {**os.environ, serve.TOKEN_ENV: token, "PYTHONUNBUFFERED": "1"}
    launcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "widgets.server",
            "--quiz-port",
            str(quiz_port),
            "--instructor-port",
            str(instructor_port),
            "--db",
            str(tmp_path / "r.sqlite3"),
            "--bank",
            str(BANK_DIR),
            "--log",
            str(tmp_path / "serve.log"),
            "--pool-size",
            "1",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    out = ""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("Server log:" in line for line in lines):
            line = launcher.stdout.readline()
            if not line and launcher.poll() is not None:
                break
            lines.append(line)
        out = "".join(lines)
        assert f"Students open:       http://127.0.0.1:{quiz_port}/" in out, out
        assert f"Instructor (yours):  http://127.0.0.1:{instructor_port}/?token={token}" in out
        servers = psutil.Process(launcher.pid).children()
        assert len(servers) == 2
        assert requests.get(f"http://127.0.0.1:{quiz_port}/", timeout=60).status_code == 200
        refused = requests.get(f"http://127.0.0.1:{instructor_port}/", timeout=60, allow_redirects=False)
        assert refused.status_code == 302
        assert requests.get(f"http://127.0.0.1:{instructor_port}/?token={token}", timeout=60).status_code == 200
        kernels = [k for s in servers for k in s.children(recursive=True)]
        assert kernels  # the two pages started kernels
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=60) == 0
        out += launcher.stdout.read()
        assert "Stopping both servers" in out
        gone, alive = psutil.wait_procs(servers + kernels, timeout=30)
        assert alive == [], [p.pid for p in alive]
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    assert re.search(r"Records:\s+" + re.escape(str(tmp_path / "r.sqlite3")), out)
    assert re.search(r"Kernel pool:\s+1 ", out) and f"Server log:          {tmp_path / 'serve.log'}" in out
    assert re.search(r"\d\d:\d\d:\d\d  Kernel pool: [01] of 1 ready", out)  # progress, from the server's log
    # The servers' and kernels' own output is in the log, not on the console, and has no per-kernel warnings.
    log = (tmp_path / "serve.log").read_text()
    assert "[ClinquizVoila]" in log and "[InstructorVoila]" in log and "Kernel started" in log
    assert "[ClinquizVoila]" not in out and "Kernel started" not in out
    assert "is not trusted" not in log and "TCP without encryption" not in log
