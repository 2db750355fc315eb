"""Start the student quiz and the instructor dashboard, each on its own Voila server.

    python -m widgets.server [--lan] [--quiz-port 8866] [--instructor-port 8867] [--db PATH] [--bank DIR]

- Students: ``notebooks/quiz.ipynb`` on 127.0.0.1 (``--lan``: 0.0.0.0, for a classroom
  network), through ``widgets.server.voila_app`` (Voila that shuts a kernel down when its page
  is left). Voila serves only that notebook; it cannot be asked for another one.
- Instructor: ``notebooks/instructor.ipynb`` on 127.0.0.1 (``--instructor-lan`` to open it
  to the network too), through ``widgets.server.instructor``, which refuses any request
  without the instructor's token. The token is CLINQUIZ_INSTRUCTOR_TOKEN, or a new random
  one; it reaches the server through its environment, never its command line.
- Both use the repository's Voila configuration (voila.json: sources stripped, no
  tracebacks, idle kernels culled, a Content-Security-Policy allowing no outside host;
  the clinquiz template in notebooks/jupyter-data) and the same records (CLINQUIZ_DB).
- Students arrive together, so the student server keeps a pool of preheated kernels
  (Voila's ``--preheat_kernel``): each has already run the quiz notebook up to the cell that
  waits for its page request, so a page is ready at once instead of after a kernel start
  (seconds each, tens of seconds when a class of 60 arrives on 2 cores). ``--pool-size N``
  sets how many (0: none, every page starts its own kernel). The command line's default is
  the class size PRODUCT.md plans for (CLASS_SIZE, 60), lowered on a small machine so that
  the pool and its refill after a burst (up to twice the pool, KERNEL_MB each) use at most
  half of the memory available when the launcher starts; the pool refills once the class
  has arrived, one kernel at a time per two cores (widgets/server/kernel_pool.py). The bank is
  validated once, here, and cached for the kernels. The instructor server has no pool.
- Ctrl-C (or SIGTERM) stops both; if one server stops by itself, the other is stopped too.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from quizbank.config import DEFAULT_INSTRUCTOR_PORT, DEFAULT_QUIZ_PORT, settings
from widgets.server.console import Console, LogTail
from widgets.server.processes import REPO, start_server, stop_server, wait_until_up

QUIZ_NOTEBOOK = "notebooks/quiz.ipynb"
INSTRUCTOR_NOTEBOOK = "notebooks/instructor.ipynb"
OTHER_NOTEBOOKS = ("notebooks/case.ipynb", "notebooks/refresher.ipynb")
TEMPLATES = REPO / "notebooks" / "jupyter-data"
TOKEN_ENV = "CLINQUIZ_INSTRUCTOR_TOKEN"  # the same name as widgets.server.instructor.TOKEN_ENV
TOKENS_FILE_ENV = "CLINQUIZ_INSTRUCTOR_TOKENS"  # widgets.server.instructor.TOKENS_FILE_ENV: name:token lines
MIN_TOKEN_LENGTH = 16
LOOPBACK, ANY = "127.0.0.1", "0.0.0.0"
CLASS_SIZE = 60  # PRODUCT.md: a class of 60 arriving within one second
KERNEL_MB = 80  # a learner's kernel, at most (PRODUCT.md; measured in benchmarks/RESULTS.md)
POOL_ENV = "CLINQUIZ_POOL_SIZE"


@dataclass(frozen=True)
class Options:
    """Where and what to serve."""

    quiz_host: str = LOOPBACK
    instructor_host: str = LOOPBACK
    quiz_port: int = DEFAULT_QUIZ_PORT
    instructor_port: int = DEFAULT_INSTRUCTOR_PORT
    db: Path | None = None
    bank: Path | None = None
    pool_size: int = 0  # preheated student kernels (the command line's default: default_pool_size())
    log: Path | None = None  # the servers' own output (default: default_log_path())


def available_memory_mb() -> int | None:
    """Memory available for new processes now (MemAvailable), in MB; None when unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_pool_size(available_mb: int | None = None) -> int:
    """A class's worth of preheated kernels, fewer when the pool and its refill would take over half the memory."""
    available_mb = available_memory_mb() if available_mb is None else available_mb
    if available_mb is None:
        return CLASS_SIZE
    return max(0, min(CLASS_SIZE, available_mb // (4 * KERNEL_MB)))


def _voila_args(notebook: str, host: str, port: int) -> list[str]:
    return [
        notebook,
        f"--port={port}",
        "--no-browser",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",  # a busy port is an error, not a silent move to another port
        f"--Voila.config_file_paths={REPO}",
    ]


def warm_bank_cache(
    options: Options, environ: Mapping[str, str] = os.environ, directory: Path | None = None
) -> str | None:
    """Validate the students' bank once and cache it (quizbank.bank_cache), so that no kernel validates it again.

    Returns the problem when the bank cannot be loaded (the quiz page then shows it), else None.
    """
    from quizbank.bank_cache import load_bank_cached
    from quizbank.errors import BankError

    folder = options.bank or settings(environ).bank_folder
    try:
        load_bank_cached([folder] if folder else None, directory=directory)
    except BankError as exc:
        return str(exc)
    return None


def preheat_args(size: int) -> list[str]:
    """Voila's options for a pool of `size` preheated kernels (none for 0)."""
    return ["--preheat_kernel=True", f"--pool_size={size}"] if size > 0 else []


def student_command(options: Options, python: str = sys.executable) -> list[str]:
    """The student quiz server: Voila with clinquiz's fixes (widgets.server.voila_app), one notebook, a kernel pool."""
    return [
        python,
        "-m",
        "widgets.server.voila_app",
        *_voila_args(QUIZ_NOTEBOOK, options.quiz_host, options.quiz_port),
        *preheat_args(options.pool_size),
    ]


def instructor_command(options: Options, python: str = sys.executable) -> list[str]:
    """The instructor server: Voila that requires the token (taken from its environment)."""
    return [
        python,
        "-m",
        "widgets.server.instructor",
        *_voila_args(INSTRUCTOR_NOTEBOOK, options.instructor_host, options.instructor_port),
    ]


def _shown_host(host: str) -> str:
    return lan_address() if host == ANY else host


def student_url(options: Options) -> str:
    return f"http://{_shown_host(options.quiz_host)}:{options.quiz_port}/"


def instructor_url(options: Options, token: str = "") -> str:
    query = f"?token={token}" if token else ""
    return f"http://{_shown_host(options.instructor_host)}:{options.instructor_port}/{query}"


def _common_env(options: Options, base: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in base.items() if k not in (TOKEN_ENV, TOKENS_FILE_ENV)}
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), base.get("JUPYTER_PATH")]))
    env["CLINQUIZ_DB"] = str(options.db or settings().db_path)
    if options.bank is not None:
        env["CLINQUIZ_BANK"] = str(options.bank)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def student_env(options: Options, base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The student server's environment: never the instructor's token."""
    return _common_env(options, base)


def instructor_env(options: Options, token: str, base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The instructor server's environment: the token, and the address students open."""
    env = _common_env(options, base)
    env[TOKEN_ENV] = token
    if base.get(TOKENS_FILE_ENV):
        env[TOKENS_FILE_ENV] = base[TOKENS_FILE_ENV]
    env["CLINQUIZ_STUDENT_URL"] = student_url(options)
    return env


def instructor_token(environ: Mapping[str, str] = os.environ) -> str:
    """CLINQUIZ_INSTRUCTOR_TOKEN, or a new random token (ValueError when the given one is too short)."""
    given = environ.get(TOKEN_ENV, "").strip()
    if not given:
        return secrets.token_urlsafe(24)
    if len(given) < MIN_TOKEN_LENGTH:
        raise ValueError(f"{TOKEN_ENV} must be at least {MIN_TOKEN_LENGTH} characters long")
    return given


def lan_address() -> str:
    """This computer's address on the local network, for the students' URL (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))  # UDP connect only picks a route
            address = probe.getsockname()[0]
            if not address.startswith("127."):
                return address
    except OSError:
        pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "this-computer"


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def parse_args(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> Options:
    parser = argparse.ArgumentParser(prog="python -m widgets.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lan", action="store_true", help="serve the student quiz on 0.0.0.0 (classroom network)")
    parser.add_argument(
        "--instructor-lan",
        action="store_true",
        help="also serve the instructor dashboard on 0.0.0.0 (it still needs the token)",
    )
    given = settings(environ)
    parser.add_argument("--quiz-port", type=int, default=given.quiz_port)
    parser.add_argument("--instructor-port", type=int, default=given.instructor_port)
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="records database (default: CLINQUIZ_DB or ~/.local/share/clinquiz/clinquiz.sqlite3)",
    )
    parser.add_argument(
        "--bank", type=Path, default=None, help="bank folder (default: CLINQUIZ_BANK or the shipped bank)"
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=given.pool_size,
        help=f"preheated kernels for students arriving together (default: {POOL_ENV}, else "
        f"{CLASS_SIZE} or fewer on a machine with little free memory; 0: none)",
    )
    parser.add_argument(
        "--log",
        type=Path,
        default=None,
        help="where Voila and the kernels write their output (default: CLINQUIZ_LOG or "
        "~/.local/state/clinquiz/serve.log)",
    )
    args = parser.parse_args(argv)
    if args.pool_size is not None and args.pool_size < 0:
        parser.error("--pool-size cannot be negative")
    if args.quiz_port == args.instructor_port:
        parser.error("the quiz and the instructor dashboard need different ports")
    return Options(
        quiz_host=ANY if args.lan else LOOPBACK,
        instructor_host=ANY if args.instructor_lan else LOOPBACK,
        quiz_port=args.quiz_port,
        instructor_port=args.instructor_port,
        db=args.db.expanduser().resolve() if args.db else None,
        bank=args.bank.expanduser().resolve() if args.bank else None,
        pool_size=default_pool_size() if args.pool_size is None else args.pool_size,
        log=args.log.expanduser().resolve() if args.log else None,
    )


def default_log_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the servers' own output goes: CLINQUIZ_LOG, else ``$XDG_STATE_HOME/clinquiz/serve.log``."""
    return settings(environ).log_path


def trust_notebooks(notebooks: Sequence[str] = (QUIZ_NOTEBOOK, INSTRUCTOR_NOTEBOOK, *OTHER_NOTEBOOKS)) -> None:
    """Sign the served notebooks in this user's Jupyter signature store, so the servers trust them
    (no "Notebook ... is not trusted" on every page); done at each start, as a notebook may have changed."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    for name in notebooks:
        path = REPO / name
        if path.exists():
            notebook = nbformat.read(path, as_version=4)
            if not notary.check_signature(notebook):
                notary.sign(notebook)


def main(argv: Sequence[str] | None = None) -> int:
    """Run both servers until Ctrl-C; returns the exit status."""
    options = parse_args(argv)
    console = Console(sys.stdout)
    try:
        token = instructor_token()
    except ValueError as exc:
        print(f"clinquiz: {exc}", file=sys.stderr)
        return 2
    for signum in (signal.SIGINT, signal.SIGTERM):  # also when started with SIGINT ignored (in the background)
        signal.signal(signum, _raise_interrupt)
    servers: list[tuple[str, subprocess.Popen[bytes], int]] = []
    problem = warm_bank_cache(options)
    if problem:
        print(f"clinquiz: the bank has problems; the quiz page will say so:\n{problem}", file=sys.stderr)
    log_path = options.log or default_log_path()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    tail = LogTail(log_path)
    try:
        trust_notebooks()
        with log_path.open("ab") as log:
            log.write(f"\n=== clinquiz started {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
            log.flush()
            servers.append(
                ("student quiz", start_server(student_command(options), student_env(options), log), options.quiz_port)
            )
            servers.append(
                (
                    "instructor dashboard",
                    start_server(instructor_command(options), instructor_env(options, token), log),
                    options.instructor_port,
                )
            )
        for _, process, port in servers:
            wait_until_up(process, port)
        console.say("\nclinquiz is running. Ctrl-C stops both servers.")
        console.say(f"  Students open:       {student_url(options)}")
        console.say(f"  Instructor (yours):  {instructor_url(options, token)}")
        console.say(f"  Instructor token:    {token}   (keep it to yourself; do not project it)")
        console.say(f"  Records:             {student_env(options)['CLINQUIZ_DB']}")
        console.say(f"  Kernel pool:         {options.pool_size} for students arriving together (--pool-size)")
        console.say(f"  Server log:          {log_path}\n")
        while all(process.poll() is None for _, process, _ in servers):
            console.show(tail.events())
            time.sleep(0.5)
        console.show(tail.events())
        stopped = [name for name, process, _ in servers if process.poll() is not None]
        console.event(f"The {' and '.join(stopped)} server stopped (see {log_path}); stopping the other.")
        return 1
    except KeyboardInterrupt:
        console.show(tail.events())
        console.event("Stopping both servers…")
        return 0
    except RuntimeError as exc:
        print(f"clinquiz: {exc} (see {log_path})", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        for _, process, _ in servers:
            stop_server(process)


if __name__ == "__main__":
    sys.exit(main())
