"""Bank benchmarks: load and validate synthetic banks, provenance included, every way side by side."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, benchmark
from benchmarks.synthetic import write_bank
from quizbank import loader
from quizbank.bank_cache import load_bank_cached
from quizbank.loader import Bank, load_bank
from quizbank.origins import ItemOrigins
from quizbank.sources import load_sources

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 1.0  # PRODUCT.md: load and validate 10,000 synthetic items, provenance included, in under 1 s
# (item counts, runs of each measurement) per size
SIZES: dict[str, tuple[list[int], int]] = {
    "tiny": ([200], 2),
    "default": ([1_000, 10_000], 5),
    "large": ([1_000, 10_000, 30_000], 7),
}
COLD_MODES = {
    "before": "before: strict reader, GC running (the loader as it was)",
    "strict": "strict reader (GC paused)",
    "fast": "fast path (the default load_bank)",
    "cached": "load_bank_cached, cache current",
}


def load_before(directory: Path) -> Bank:
    """The loader as it was before the fast path: the strict reader with the garbage collector running."""
    with _gc_kept():
        return load_bank([directory], fast=False)


@contextlib.contextmanager
def _gc_kept() -> Any:
    paused = loader.gc_paused
    loader.gc_paused = contextlib.nullcontext  # type: ignore[assignment]
    try:
        yield
    finally:
        loader.gc_paused = paused  # type: ignore[assignment]


def cold_once(mode: str, directory: Path, cache: Path) -> dict[str, float]:
    """One fresh process loading the bank: seconds for the load itself, the imports, the whole process."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, CLINQUIZ_CACHE_DIR=str(cache), PYTHONPATH=path)
    began = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks._cold_load", mode, str(directory)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
        timeout=600,
    ).stdout
    wall = time.perf_counter() - began
    figures = json.loads(out.strip().splitlines()[-1])
    return {"load": figures["load_s"], "cpu": figures["load_cpu_s"], "imports": figures["import_s"], "wall": wall}


def interleaved(ways: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median of `runs` rounds, each round running every way once in turn: a load that comes and
    goes on the machine then weighs on every way alike, and the ratios stay fair."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, way in ways.items():
            times[name].append(way())
    return {name: statistics.median(values) for name, values in times.items()}


def _timed(fn: Callable[[], Any]) -> Callable[[], float]:
    def once() -> float:
        gc.collect()
        started = time.perf_counter()
        result = fn()
        took = time.perf_counter() - started
        del result
        return took

    return once


def _same(one: Bank, other: Bank) -> bool:
    """The same bank, item order and item origins included."""
    return (
        list(one.items) == list(other.items)
        and one.items == other.items
        and one.objectives == other.objectives
        and one.cases == other.cases
        and dict(one.origins) == dict(other.origins)
    )


@benchmark(
    "bank", "Load and validate synthetic banks, provenance included: before, strict, fast, cached; cold and warm"
)
def bank(size: str, workdir: Path) -> Report:
    counts, runs = SIZES[size]
    report = Report()
    load_sources()
    for count in counts:
        directory = write_bank(workdir / f"bank-{count}", count)
        label = f"{count:,} items"
        megabytes = sum(p.stat().st_size for p in directory.iterdir()) / 1e6
        ways: dict[str, Callable[[], Bank]] = {
            "before": lambda directory=directory: load_before(directory),
            "strict": lambda directory=directory: load_bank([directory], fast=False),
            "fast": lambda directory=directory: load_bank([directory]),
        }
        banks = {name: way() for name, way in ways.items()}  # also warms imports, sources and OS caches
        report.checks[f"{label}: the fast path was taken"] = isinstance(banks["fast"].origins, ItemOrigins)
        report.checks[f"{label}: fast result == strict result"] = _same(banks["fast"], banks["strict"])
        report.checks[f"{label}: all {count} items loaded"] = len(banks["fast"].items) == count
        del banks
        warm = interleaved({name: _timed(way) for name, way in ways.items()}, runs)
        cache = workdir / "cache"
        load_bank_cached([directory], directory=cache)  # fill the cache for the cached runs
        rounds: dict[str, list[dict[str, float]]] = {mode: [] for mode in COLD_MODES}
        for _ in range(runs):
            for mode in COLD_MODES:
                rounds[mode].append(cold_once(mode, directory, cache))
        colds = {mode: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for mode, rs in rounds.items()}
        note = f"median of {runs}; {megabytes:.1f} MB of YAML in {len(list(directory.iterdir()))} files"
        for mode in ("before", "strict", "fast"):
            report.add(f"{label}, warm: {COLD_MODES[mode]}", warm[mode], "s", note)
        for mode, text in COLD_MODES.items():
            figures = colds[mode]
            report.add(
                f"{label}, cold (fresh process): {text}",
                figures["load"],
                "s",
                f"median of {runs}; CPU {figures['cpu']:.3f} s; imports {figures['imports']:.3f} s more; "
                f"whole process {figures['wall']:.3f} s",
            )
        ratios = [
            ("before / fast, warm", warm["before"] / warm["fast"], "how many times faster the default load got"),
            ("strict / fast, warm", warm["strict"] / warm["fast"], "the fast reader alone (GC paused in both)"),
            ("before / fast, cold", colds["before"]["load"] / colds["fast"]["load"], ""),
            ("fast / cached, cold", colds["fast"]["load"] / colds["cached"]["load"], "what the cache saves a kernel"),
        ]
        for name, value, why in ratios:
            report.add(f"{label}: {name}", value, "x", why)
        if count == 10_000:
            report.add(
                "10,000 items, cold fast load / target 1 s",
                colds["fast"]["load"] / TARGET_S,
                "x of target",
                "PRODUCT.md: under 1 s (below 1.000 meets it); wall clock",
            )
            report.add(
                "10,000 items, cold fast load, CPU time / target 1 s",
                colds["fast"]["cpu"] / TARGET_S,
                "x of target",
                "the same in CPU seconds, which other work on the machine barely moves",
            )
    report.notes.append(
        "before = load_bank(fast=False) with the garbage collector running, which is the loader before this work "
        "(it also had the slower quote check, a few per cent of its time)."
    )
    report.notes.append(
        "cold = a fresh Python process per run (no imports, no caches in memory; the files are in the OS page cache). "
        "Every round runs each way once in turn, so a passing load on the machine weighs on all of them."
    )
    return report
