"""The student quiz server exactly as ``make serve`` starts it, for the fuzz, crash and access tests.

`StudentServer` runs ``python -m widgets.server.voila_app notebooks/quiz.ipynb`` with the command
and environment widgets.server.launcher builds (the repository's voila.json and template, loopback
only), the test bank of tests/banks/quiz and a records database the test names. It can
be SIGKILLed with all its kernels at once, as a crash or power cut would, and started
again on the same records.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from typing import IO

import psutil

from tests.support.banks import QUIZ_BANK
from tests.support.ports import free_port
from tests.support.voila import ARTIFACTS

from widgets.server import launcher as serve


class StudentServer:
    """The students' Voila server on a free loopback port, with its own log in test-artifacts/."""

    def __init__(
        self, db: Path, log_name: str, bank: Path = QUIZ_BANK, extra_env: dict[str, str] | None = None
    ) -> None:
        self.db = db
        self.bank = bank
        self.log_path = ARTIFACTS / log_name
        self.extra_env = dict(extra_env or {})
        self.options = serve.Options(quiz_port=free_port(), instructor_port=free_port(), db=db, bank=bank)
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.options.quiz_port}/"

    def start(self) -> StudentServer:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop() / kill()
        self._log.write(f"\n==== start {self.starts + 1} ====\n".encode())
        self._log.flush()
        base = {k: v for k, v in os.environ.items() if k not in ("JUPYTERHUB_USER", "CLINQUIZ_BANK")}
        base.update(self.extra_env)
        env = serve.student_env(self.options, base)
        self.process = serve.start_server(serve.student_command(self.options), env, self._log)
        self.starts += 1
        try:
            serve.wait_until_up(self.process, self.options.quiz_port)
        except RuntimeError:
            self.kill()
            raise
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kernels(self) -> dict[str, int]:
        """Kernel id -> process id of every kernel this server runs."""
        found: dict[str, int] = {}
        if self.process is None:
            return found
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return found
        for child in children:
            try:
                line = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if "ipykernel" in line and "kernel-" in line:
                kernel_id = line.split("kernel-", 1)[1].split(".json", 1)[0]
                found[kernel_id] = child.pid
        return found

    def kill_kernel(self, kernel_id: str) -> bool:
        """SIGKILL one kernel (as the out-of-memory killer would); True if it was running."""
        pid = self.kernels().get(kernel_id)
        if pid is None:
            return False
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> None:
        """SIGKILL the server and all its kernels at once."""
        if self.process is None:
            return
        pids = [self.process.pid, *self.kernels().values()]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        for pid in pids[1:]:
            try:
                psutil.Process(pid).wait(timeout=30)
            except (psutil.Error, psutil.TimeoutExpired):
                pass
        self._close_log()

    def stop(self) -> None:
        if self.process is not None:
            serve.stop_server(self.process)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None and not self._log.closed:
            self._log.close()
