"""The benchmark registry, the figures a benchmark reports, and the machine they were measured on."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

SIZES = ("tiny", "default", "large")


@dataclass
class Row:
    """One figure: what was measured, its value and unit, and how to read it."""

    metric: str
    value: float | int | str
    unit: str = ""
    note: str = ""


@dataclass
class Report:
    """What one benchmark measured: its figures, and checks that must hold (nothing lost, no errors)."""

    rows: list[Row] = field(default_factory=list)
    checks: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, metric: str, value: float | int | str, unit: str = "", note: str = "") -> None:
        """Add one figure."""
        self.rows.append(Row(metric, value, unit, note))


@dataclass(frozen=True)
class Benchmark:
    """A registered benchmark: `run(size, workdir)` returns its Report."""

    name: str
    title: str
    run: Callable[[str, Path], Report]


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, title: str) -> Callable[[Callable[[str, Path], Report]], Callable[[str, Path], Report]]:
    """Register a benchmark function `fn(size, workdir) -> Report` under `name`."""

    def register(fn: Callable[[str, Path], Report]) -> Callable[[str, Path], Report]:
        if name in REGISTRY:
            raise ValueError(f"two benchmarks are named {name!r}")
        REGISTRY[name] = Benchmark(name, title, fn)
        return fn

    return register


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, list[float]]:
    """Median wall time of `runs` calls of `fn`, and every time."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        del result  # freeing what fn made is not part of its time
    return statistics.median(times), times


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as took:` ... `took[0]` is the seconds the block took."""
    took: list[float] = []
    started = time.perf_counter()
    try:
        yield took
    finally:
        took.append(time.perf_counter() - started)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile `q` (0..1) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(round(q * len(ordered), 9)) - 1))]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """The machine and software the figures were measured on."""
    try:
        import yaml

        libyaml = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "absent"
    except Exception:  # noqa: BLE001 - informative only
        libyaml = "absent"
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "packages": {
            name: _version(name)
            for name in ("clinquiz", "pydantic", "pydantic-core", "PyYAML", "yaml-rs", "voila", "ipywidgets")
        }
        | {"libyaml": libyaml, "sqlite": sqlite3.sqlite_version},
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def as_dict(report: Report) -> dict[str, Any]:
    """A Report as plain data for JSON."""
    return asdict(report)
