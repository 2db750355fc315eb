"""The launcher's server processes: start one in its own session, wait until it answers, stop it.

A server started here gets SIGTERM when the launcher dies without cleaning up (Linux), so no
Voila outlives the command that started it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[2]
STARTUP_LIMIT_S = 120.0
STOP_LIMIT_S = 20.0


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if the launcher dies without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_server(
    command: Sequence[str], env: Mapping[str, str], log: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """A server process in its own session (Ctrl-C reaches the launcher, which stops it cleanly).

    `log` receives its output (default: the launcher's own)."""
    return subprocess.Popen(
        list(command),
        cwd=REPO,
        env=dict(env),
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def wait_until_up(process: subprocess.Popen[bytes], port: int, limit_s: float = STARTUP_LIMIT_S) -> None:
    """Wait until the server answers on 127.0.0.1:`port` (RuntimeError if it exits or never answers)."""
    url = f"http://127.0.0.1:{port}/voila/static/voila.js"
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not answer within {limit_s:.0f} s")


def stop_server(process: subprocess.Popen[bytes], limit_s: float = STOP_LIMIT_S) -> None:
    """SIGTERM (Voila then shuts its kernels down), SIGKILL if it does not stop in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=limit_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
