"""A student Voila server for the page and burst benchmarks, started exactly as the launcher starts one.

The command and environment come from `widgets.server.launcher` (the student server: `widgets.server.voila_app`,
the repository's voila.json and template, and the preheated kernel pool when the launcher
has one; the bank cache warmed first, as the launcher does), on a free loopback port, with
records and a bank cache of its own in the benchmark's work folder. `notebook` may be another notebook (the bare one-button page), so
that two pages are served the same way.

The pool size is the launcher's default unless CLINQUIZ_BENCH_POOL says otherwise
(`CLINQUIZ_BENCH_POOL=0 python -m benchmarks.run --only burst`: the same benchmark without
preheated kernels).
"""

from __future__ import annotations

import inspect
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from widgets.server import launcher as serve

REPO = Path(__file__).resolve().parents[1]
BARE_NOTEBOOK = "benchmarks/bare_button.ipynb"
POOL_ENV = "CLINQUIZ_BENCH_POOL"
READY_LIMIT_S = 300.0  # a safety stop for a pool that never fills; not a speed check


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launcher_pool_size() -> int:
    """The pool size the launcher gives the student server on this machine (0: it has no preheated pool)."""
    default = getattr(serve, "default_pool_size", None)
    return int(default()) if default is not None else 0


def wanted_pool_size(cap: int | None = None) -> int:
    """CLINQUIZ_BENCH_POOL, else the launcher's default pool size, at most `cap`."""
    given = os.environ.get(POOL_ENV, "").strip()
    if given:
        return max(0, int(given))
    size = launcher_pool_size()
    return size if cap is None else min(size, cap)


def _options(port: int, db: Path, bank: Path | None, pool_size: int) -> serve.Options:
    fields = {"quiz_port": port, "db": db, "bank": bank}
    if "pool_size" in inspect.signature(serve.Options).parameters:
        fields["pool_size"] = pool_size
    return serve.Options(**fields)


def _command(options: serve.Options, notebook: str) -> list[str]:
    command = serve.student_command(options)
    if notebook != serve.QUIZ_NOTEBOOK:
        command = [notebook if part == serve.QUIZ_NOTEBOOK else part for part in command]
    return command


@dataclass
class KernelMemory:
    pid: int
    rss: int
    uss: int | None
    pss: int | None


@dataclass
class StudentServer:
    """A running student server; `stop()` ends it and its kernels."""

    workdir: Path
    name: str
    notebook: str = serve.QUIZ_NOTEBOOK
    bank: Path | None = None
    pool_size: int = 0
    extra_args: list[str] = field(default_factory=list)
    env_overrides: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.db = self.workdir / f"{self.name}-records.sqlite3"
        self.log_path = self.workdir / f"{self.name}-voila.log"
        options = _options(self.port, self.db, self.bank, self.pool_size)
        self.command = _command(options, self.notebook) + self.extra_args
        env = serve.student_env(options)
        env["CLINQUIZ_CACHE_DIR"] = str(self.workdir / "bank-cache")
        if hasattr(serve, "warm_bank_cache"):  # as the launcher does before it starts the servers
            serve.warm_bank_cache(options, env, directory=self.workdir / "bank-cache")
        env.pop("JUPYTERHUB_USER", None)  # learners type their ids, as in a classroom
        env.update(self.env_overrides)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = serve.start_server(self.command, env, self._log)
        self.proc = psutil.Process(self.process.pid)
        try:
            serve.wait_until_up(self.process, self.port)
        except BaseException:
            self.stop()
            raise

    # -- kernels ----------------------------------------------------------------------------

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes (python -m ipykernel_launcher -f .../kernel-<id>.json)."""
        found = []
        try:
            children = self.proc.children(recursive=True)
        except psutil.Error:
            return []
        for child in children:
            try:
                if any("kernel-" in part and part.endswith(".json") for part in child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def kernel_of(self, kernel_id: str) -> psutil.Process | None:
        for kernel in self.kernels():
            try:
                if any(part.endswith(f"kernel-{kernel_id}.json") for part in kernel.cmdline()):
                    return kernel
            except psutil.Error:
                continue
        return None

    @staticmethod
    def memory(kernel: psutil.Process) -> KernelMemory | None:
        try:
            info = kernel.memory_full_info()
            return KernelMemory(kernel.pid, info.rss, getattr(info, "uss", None), getattr(info, "pss", None))
        except psutil.AccessDenied:
            try:
                return KernelMemory(kernel.pid, kernel.memory_info().rss, None, None)
            except psutil.Error:
                return None
        except psutil.Error:
            return None

    def server_rss(self) -> int:
        try:
            return self.proc.memory_info().rss
        except psutil.Error:
            return 0

    def cpu_seconds(self) -> float:
        """CPU time the server process itself has used (not its kernels)."""
        return _cpu([self.proc])

    def wait_settled(self, expected: int, idle_s: float = 0.6, limit_s: float = READY_LIMIT_S) -> float:
        """Wait until `expected` kernels run and none of them used CPU for `idle_s`; the seconds waited.

        A preheated kernel is ready when it has run the notebook up to the cell that waits for
        the page request (then it sleeps); an unpreheated server settles at `expected=0`.
        """
        began = time.monotonic()
        deadline = began + limit_s
        while time.monotonic() < deadline:
            kernels = self.kernels()
            if len(kernels) == expected:
                before = _cpu(kernels + [self.proc])
                time.sleep(idle_s)
                after_kernels = self.kernels()
                if {k.pid for k in after_kernels} == {k.pid for k in kernels}:
                    after = _cpu(after_kernels + [self.proc])
                    if after - before < 0.02 * (len(kernels) + 1):
                        return time.monotonic() - began
                continue
            time.sleep(0.2)
        raise RuntimeError(
            f"{self.name}: {len(self.kernels())} kernels, never {expected} at rest "
            f"within {limit_s:.0f} s; see {self.log_path}"
        )

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        serve.stop_server(self.process)
        for kernel in self.kernels():  # any left behind (the server normally ends them)
            try:
                kernel.kill()
            except psutil.Error:
                pass
        if not self._log.closed:
            self._log.close()


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def machine_busy_seconds() -> float | None:
    """CPU-seconds every process on this machine has used since boot (/proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        ticks = [int(x) for x in fields]
    except (OSError, ValueError, IndexError):
        return None
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(process: psutil.Process) -> float:
    """CPU-seconds of a process, its live children and its children already waited for."""
    total = 0.0
    try:
        times = process.cpu_times()
        total += times.user + times.system + times.children_user + times.children_system
        for child in process.children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
    except psutil.Error:
        pass
    return total
