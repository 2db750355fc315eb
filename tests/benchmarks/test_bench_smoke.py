"""The benchmark harness runs end to end at --size tiny, so it cannot rot. No figure is judged here.

This file runs the harness and the core's benchmarks (bank, bank-parts, store); the page,
kernel and class-burst benchmarks have their own smoke tests (test_bench_class_smoke.py). A
benchmark that no smoke test runs fails test_every_benchmark_has_a_smoke_test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = ("bank", "bank-parts", "store")


def _harness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def _run(tmp_path: Path, *names: str) -> dict:
    out = tmp_path / "out"
    done = _harness("--size", "tiny", "--out", str(out), *(arg for name in names for arg in ("--only", name)))
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / "results.md").read_text(encoding="utf-8").startswith("# clinquiz benchmark results")
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_the_core_benchmarks_run_at_tiny_size_and_report(tmp_path: Path):
    results = _run(tmp_path, *CORE)
    assert [b["name"] for b in results["benchmarks"]] == sorted(CORE)
    for entry in results["benchmarks"]:
        assert entry["error"] is None, entry["error"]
        assert entry["report"]["rows"], entry["name"]
        assert all(entry["report"]["checks"].values()), entry["report"]["checks"]
    store = {row["metric"]: row["value"] for row in results["benchmarks"][-1]["report"]["rows"]}
    assert store["errors"] == 0 and store["integrity_check"] == "ok"
    machine = results["machine"]
    assert machine["cores"] and machine["python"] and machine["cpu"] and results["date"]


def test_every_benchmark_has_a_smoke_test():
    listed = _harness("--list")
    assert listed.returncode == 0, listed.stderr[-3000:]
    names = [line.split("\t")[0] for line in listed.stdout.splitlines() if line.strip()]
    assert set(CORE) <= set(names)
    smoke = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    assert [name for name in names if f'"{name}"' not in smoke] == []
