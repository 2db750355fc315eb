"""The kernel, page and class-burst benchmarks run at --size tiny and report figures. No time is judged here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def run_tiny(tmp_path: Path, *names: str) -> dict[str, dict]:
    out = tmp_path / "out"
    only = [arg for name in names for arg in ("--only", name)]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--size", "tiny", "--out", str(out), *only],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [b["name"] for b in results["benchmarks"]] == list(names)
    for entry in results["benchmarks"]:
        assert entry["error"] is None, entry["error"]
    return {b["name"]: b["report"] for b in results["benchmarks"]}


def figures(report: dict) -> dict[str, object]:
    return {row["metric"]: row["value"] for row in report["rows"]}


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value  # not NaN


def test_kernel_benchmark_at_tiny_size(tmp_path):
    report = run_tiny(tmp_path, "kernel")["kernel"]
    found = figures(report)
    for mode in ("bare", "quiz, cached bank", "quiz, no cache"):
        for what in ("kernel start", "notebook cells", "RSS", "USS"):
            assert is_number(found[f"{mode}: {what}"]) and found[f"{mode}: {what}"] > 0, (mode, what)
    assert found["dashboard, case or refresher modules in the student's kernel"] == "none"
    assert all(report["checks"].values()), report["checks"]


def test_class_burst_at_tiny_size(tmp_path):
    report = run_tiny(tmp_path, "burst")["burst"]
    found = figures(report)
    assert found["learners"] == 3 and found["errors"] == 0
    for metric in (
        "ready (arrival -> first screen's widgets) p95",
        "check answer (Check -> verdict) p95",
        "memory per learner kernel, RSS median",
        "server process CPU per learner",
    ):
        assert is_number(found[metric]) and found[metric] > 0, metric
    assert report["checks"] and all(report["checks"].values()), report["checks"]
    assert "every dropped learner's kernel was culled" in report["checks"]  # culling is on and was seen
    assert found["learners served from the pool"] == 3  # the launcher's preheated pool served the class


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed (make chromium)")
def test_page_benchmarks_at_tiny_size(tmp_path):
    reports = run_tiny(tmp_path, "tti", "roundtrip")
    tti = figures(reports["tti"])
    assert is_number(tti["TTI ratio quiz / bare (medians)"]) and tti["TTI ratio quiz / bare (medians)"] > 0
    assert is_number(tti["quiz: TTI median"]) and is_number(tti["bare: TTI median"])
    assert str(tti["first control (quiz)"]).startswith("input[text]")
    assert str(tti["first control (bare)"]).startswith("button")
    roundtrip = figures(reports["roundtrip"])
    assert is_number(roundtrip["round trip p95 (shown)"]) and roundtrip["round trip p95 (shown)"] > 0
    for report in reports.values():
        assert report["checks"] and all(report["checks"].values()), report["checks"]
