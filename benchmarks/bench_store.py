"""Store benchmark: a class of learner processes saving answers to one SQLite store at once."""

from __future__ import annotations

from pathlib import Path

from tests.support import store_writer  # the writer processes that tests/quizbank/store uses too

from benchmarks.harness import Report, benchmark, percentile
from quizbank.store import Store

# (processes, answers each) per size; PRODUCT.md: 60 processes writing answers at once
SIZES = {"tiny": (4, 5), "default": (60, 25), "large": (120, 50)}


@benchmark("store", "Store: learner processes saving answers to one SQLite store at once")
def store(size: str, workdir: Path) -> Report:
    processes, answers = SIZES[size]
    report = Report()
    db = workdir / "class.sqlite3"
    with Store(db) as opened:
        code, key = opened.create_session({"mode": "practice"}, "bench")
    reports = store_writer.burst(db, workdir / "barrier", processes, answers, code)
    latencies = [x for r in reports for x in r["latencies"]]
    errors = [e for r in reports for e in r["errors"]]
    started = [r["start"] for r in reports if r.get("start")]
    ended = [r["end"] for r in reports if r.get("end")]
    span = max(ended) - min(started) if started and ended else float("nan")
    with Store(db) as opened:
        integrity = opened.integrity_check()
        rows = opened.class_results(code, key)
    expected = processes * answers
    saved = sum(r["acks"].get("saved", 0) for r in reports)
    report.add("processes writing at once", processes)
    report.add("answers saved", saved, "", f"{answers} per process")
    report.add(
        "throughput", len(latencies) / span if span else 0.0, "answers/s", f"over {span:.2f} s, first start to last end"
    )
    if latencies:
        report.add("write latency p50", 1000 * percentile(latencies, 0.50), "ms", "one record_answer call")
        report.add("write latency p99", 1000 * percentile(latencies, 0.99), "ms")
        report.add("write latency max", 1000 * max(latencies), "ms")
    report.add("errors", len(errors), "", "any exception in a writer, 'database is locked' included")
    report.add("integrity_check", integrity)
    report.checks["no errors"] = not errors
    report.checks["integrity_check ok"] = integrity == "ok"
    report.checks["nothing lost, nothing doubled"] = (
        len(rows) == expected and len({(r.learner_id, r.item_id) for r in rows}) == expected
    )
    if errors:
        report.notes.append("first error: " + errors[0].strip().splitlines()[-1])
    return report
