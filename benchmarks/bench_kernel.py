"""The student's kernel on its own: start-up, the quiz notebook's cells, memory, and what it imports.

Kernels are started as Voila starts them (jupyter_client, the notebook's kernelspec, the
notebooks folder as working directory) and run a notebook's code cells, in turn (one run:
bare, quiz with the bank cache warm, quiz with an empty cache, bare, ...):

- *bare*: benchmarks/bare_button.ipynb (ipywidgets and one button), the reference;
- *quiz, cached*: notebooks/quiz.ipynb with the bank cache already written (as the launcher
  leaves it: every student kernel);
- *quiz, no cache*: the same with a cache folder that cannot be written (the bank parsed and
  validated in the kernel, nothing cached: what every kernel did before the cache).

For each: seconds to start the kernel, seconds to run the cells, RSS and USS afterwards, and
the modules loaded. Checks: the quiz kernel loads nothing of pandas, matplotlib, Voila,
jupyter_server, the instructor dashboard, the case player or the refresher.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks._voila import BARE_NOTEBOOK, REPO
from benchmarks.harness import Report, benchmark

RUNS = {"tiny": 1, "default": 5, "large": 9}
QUIZ_NOTEBOOK = REPO / "notebooks" / "quiz.ipynb"
FORBIDDEN = (
    "pandas",
    "matplotlib",
    "voila",
    "jupyter_server",
    "widgets.instructor",
    "widgets.case",
    "widgets.refresher",
    "widgets.server",
)
LIMIT_S = 120  # a safety stop per cell; not a speed check
MB = 2**20


def _cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _run(client: Any, code: str) -> None:
    errors: list[str] = []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    client.execute_interactive(code, store_history=False, timeout=LIMIT_S, output_hook=hook)
    if errors:
        raise RuntimeError(errors[0])


PROBE = """
import sys as _s, json as _j
print(_j.dumps({"modules": len(_s.modules), "loaded": sorted({m for m in _s.modules
      if any(m == f or m.startswith(f + ".") for f in %r)})}))
"""


def one_kernel(notebook: Path, env: dict[str, str]) -> dict[str, Any]:
    """Start a kernel, run the notebook's code cells, measure; the kernel is shut down."""
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3")
    began = time.perf_counter()
    manager.start_kernel(cwd=str(notebook.parent), env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=LIMIT_S)
        started = time.perf_counter()
        for code in _cells(notebook):
            _run(client, code)
        ran = time.perf_counter()
        found: dict[str, Any] = {}

        def keep(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream":
                found.update(json.loads(msg["content"]["text"]))

        client.execute_interactive(PROBE % (FORBIDDEN,), store_history=False, timeout=LIMIT_S, output_hook=keep)
        process = psutil.Process(manager.provisioner.process.pid)  # type: ignore[union-attr]
        memory = process.memory_full_info()
        return {
            "start_s": started - began,
            "cells_s": ran - started,
            "rss": memory.rss,
            "uss": getattr(memory, "uss", memory.rss),
            **found,
        }
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@benchmark("kernel", "The student's kernel: start-up, the quiz notebook's cells and memory, against a bare notebook")
def kernel(size: str, workdir: Path) -> Report:
    report = Report()
    runs = RUNS[size]
    warm = workdir / "cache-warm"
    base = {k: v for k, v in os.environ.items() if k not in ("JUPYTERHUB_USER", "CLINQUIZ_BANK", "VOILA_PREHEAT")}
    base.update(CLINQUIZ_DB=str(workdir / "records.sqlite3"), PYTHONUNBUFFERED="1")
    sys.path.insert(0, str(REPO))
    from quizbank.bank_cache import load_bank_cached

    load_bank_cached(directory=warm)  # as the launcher leaves it
    blocked = workdir / "not-a-folder"
    blocked.write_text("a file: no cache can be made under it\n")
    modes = {
        "bare": (REPO / BARE_NOTEBOOK, lambda: base),
        "quiz, cached bank": (QUIZ_NOTEBOOK, lambda: {**base, "CLINQUIZ_CACHE_DIR": str(warm)}),
        "quiz, no cache": (QUIZ_NOTEBOOK, lambda: {**base, "CLINQUIZ_CACHE_DIR": str(blocked / "cache")}),
    }
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in modes}
    for run in range(runs):
        order = list(modes) if run % 2 == 0 else list(reversed(modes))
        for name in order:
            notebook, env = modes[name]
            results[name].append(one_kernel(notebook, env()))
        print(f"[kernel] run {run + 1}/{runs}", file=sys.stderr, flush=True)

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    for name in modes:
        report.add(f"{name}: kernel start", round(med(name, "start_s"), 3), "s", f"median of {runs}")
        report.add(f"{name}: notebook cells", round(med(name, "cells_s"), 3), "s", "imports, bank, page")
        report.add(f"{name}: RSS", round(med(name, "rss") / MB, 1), "MB", "")
        report.add(f"{name}: USS", round(med(name, "uss") / MB, 1), "MB", "its own memory")
        report.add(f"{name}: modules loaded", int(med(name, "modules")), "", "")
    report.add(
        "quiz (cached) cells / bare cells",
        round(med("quiz, cached bank", "cells_s") / med("bare", "cells_s"), 2),
        "x",
        "",
    )
    report.add(
        "no cache / cached cells",
        round(med("quiz, no cache", "cells_s") / med("quiz, cached bank", "cells_s"), 2),
        "x",
        "what the cache saves",
    )
    loaded = sorted({m for name in modes for r in results[name] for m in r.get("loaded", [])})
    report.add(
        "dashboard, case or refresher modules in the student's kernel",
        ", ".join(loaded) or "none",
        "",
        ", ".join(FORBIDDEN),
    )
    report.checks["the student's kernel loads no dashboard, Voila, case or refresher module"] = not loaded
    return report
