"""A class that all arrives at once: N learners within one second, at the protocol level (no browser).

The student server is started as the launcher starts it (benchmarks/_voila.py: the same
command and voila.json, the launcher's preheated kernel pool for this machine, at --size tiny
no bigger than the class, unless CLINQUIZ_BENCH_POOL says otherwise) on a free loopback port,
with the shipped bank and records of its own, and waited for until its pool is full and at
rest. Then N simulated learners (benchmarks/_learner.py) arrive evenly spread over one second
at ``/?mode=practice&seed=burst&length=5``: each loads the page, connects to its kernel and
receives the first screen's widgets (*ready*), then signs in, opens the quiz, starts it,
answers the first item and checks it (forged widget messages, as a browser sends them).
With the whole class connected, the memory of every learner's kernel is read (RSS, and USS:
the memory that is the kernel's alone). Then the learners leave: every second one as a
closed tab does (Voila's shutdown beacon), the others just drop (a phone going to sleep);
the benchmark waits, bounded, for their kernels to go away (the beacon at once, the others
through culling: for this run the disconnected-kernel cull time is shortened to
BURST_CULL_S and checked every CULL_INTERVAL_S, the settings that differ from the student
server's).

Everything is loopback, bounded in count (N learners, one page each) and in time
(STEP_LIMIT_S per step). Nothing is judged: errors are checks, times are figures.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks._learner import Outcome, class_burst
from benchmarks._voila import StudentServer, machine_busy_seconds, tree_cpu_seconds, wanted_pool_size
from benchmarks.harness import Report, benchmark, percentile

SIZES = {"tiny": 3, "default": 60, "large": 100}
SPREAD_S = 1.0
QUERY = "?mode=practice&seed=burst&length=5"
# Disconnected kernels are culled after this many idle seconds in this run (the server's own
# setting is 600 s). Long enough that a kernel whose page is still being served under the
# burst's load (no pool: tens of seconds) is not culled before its learner connects.
BURST_CULL_S = {"tiny": 10, "default": 45, "large": 45}
CULL_INTERVAL_S = 2
LEAVE_LIMIT_S = 60.0  # how long, beyond the cull time, to wait for the class's kernels to go away
MB = 2**20


def _disconnected_culling() -> bool:
    """True when the student server culls disconnected kernels on a timer of its own (widgets.server.kernel_pool)."""
    try:
        from widgets.server import kernel_pool
    except ImportError:
        return False
    manager = getattr(kernel_pool, "ClinquizKernelManager", None)
    return manager is not None and "cull_disconnected_timeout" in manager.class_trait_names()


def _culling_args(size: str) -> list[str]:
    if not _disconnected_culling():
        return []
    return [
        f"--ClinquizKernelManager.cull_disconnected_timeout={BURST_CULL_S[size]}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
    ]


def _own_cpu() -> float:
    """CPU-seconds of this process alone (the simulated class), not the server it started."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def _figures(outcomes: list[Outcome], name: str, start: str | None, end: str) -> list[float]:
    values = []
    for outcome in outcomes:
        value = outcome.since_arrival(end) if start is None else outcome.between(start, end)
        if value is not None:
            values.append(value)
    return values


def _add_spread(report: Report, metric: str, values: list[float], note: str = "", unit: str = "s") -> None:
    if not values:
        report.add(metric, "none", unit, note or "no learner got this far")
        return
    scale = 1000 if unit == "ms" else 1
    report.add(f"{metric} p50", round(percentile(values, 0.5) * scale, 3), unit, note)
    report.add(f"{metric} p95", round(percentile(values, 0.95) * scale, 3), unit, "")
    report.add(f"{metric} max", round(max(values) * scale, 3), unit, f"{len(values)} learners")


@benchmark("burst", "Class burst: N learners arriving within one second (HTTP + kernel websocket, no browser)")
def burst(size: str, workdir: Path) -> Report:
    learners = SIZES[size]
    pool = wanted_pool_size(cap=learners + 1 if size == "tiny" else None)
    report = Report()
    server = StudentServer(workdir, "burst", pool_size=pool, extra_args=_culling_args(size))
    memory: dict[str, Any] = {}
    try:
        began = time.monotonic()
        server.wait_settled(pool)
        warm_s = time.monotonic() - began

        def while_connected(outcomes: list[Outcome]) -> None:
            rss, uss = [], []
            for outcome in outcomes:
                kernel = server.kernel_of(outcome.kernel_id) if outcome.kernel_id else None
                measured = server.memory(kernel) if kernel is not None else None
                if measured is not None:
                    rss.append(measured.rss)
                    if measured.uss is not None:
                        uss.append(measured.uss)
            kernels = server.kernels()
            memory.update(
                rss=rss,
                uss=uss,
                server=server.server_rss(),
                kernels=len(kernels),
                all_rss=sum((server.memory(k).rss if server.memory(k) else 0) for k in kernels),
            )

        server_cpu = server.cpu_seconds()
        generator_before = _own_cpu()
        ours_before = tree_cpu_seconds(server.proc) + generator_before
        busy_before = machine_busy_seconds()
        started = time.perf_counter()
        outcomes = asyncio.run(class_burst(server.url, learners, SPREAD_S, QUERY, while_connected=while_connected))
        burst_s = time.perf_counter() - started
        server_cpu = server.cpu_seconds() - server_cpu
        generator_cpu = _own_cpu() - generator_before
        ours = tree_cpu_seconds(server.proc) + generator_cpu + generator_before - ours_before
        busy = machine_busy_seconds()
        others = None if busy is None or busy_before is None else max(0.0, busy - busy_before - ours) / burst_s
        left = {o.kernel_id for o in outcomes if o.kernel_id}
        beaconed = {o.kernel_id for o in outcomes if o.kernel_id and o.beacon_status is not None}
        dropped = left - beaconed
        gone_at: dict[str, float] = {}
        leave_began = time.monotonic()
        leave_limit = LEAVE_LIMIT_S + (BURST_CULL_S[size] if _disconnected_culling() else 0)
        while time.monotonic() - leave_began < leave_limit and len(gone_at) < len(left):
            running = {kid for kid in left if server.kernel_of(kid) is not None}
            for kid in left - running:
                gone_at.setdefault(kid, time.monotonic() - leave_began)
            time.sleep(0.5)
        preheated = len(re.findall(r"Using pre-heated kernel", server.log_text()))
    finally:
        server.stop()

    errors = [o for o in outcomes if o.error]
    report.add("learners", learners, "", f"arriving evenly within {SPREAD_S:.0f} s at {QUERY}")
    report.add("errors", len(errors), "", "a learner whose quiz never got ready or whose answer got no verdict")
    report.add("preheated kernel pool", pool, "kernels", f"pool full and at rest after {warm_s:.0f} s")
    report.add("learners served from the pool", preheated, "", "the others waited for a kernel to start")
    _add_spread(
        report,
        "ready (arrival -> first screen's widgets)",
        _figures(outcomes, "ready", None, "ready"),
        "PRODUCT.md: every quiz ready, p95 under 2 s",
    )
    _add_spread(report, "page served (arrival -> HTML complete)", _figures(outcomes, "page", None, "page"))
    _add_spread(
        report,
        "kernel connected (HTML -> websocket + kernel_info reply)",
        _figures(outcomes, "", "page", "kernel"),
        unit="ms",
    )
    _add_spread(
        report,
        "widgets arrived (kernel_info -> request_states reply)",
        _figures(outcomes, "", "kernel", "ready"),
        unit="ms",
    )
    _add_spread(report, "sign in (id + Continue -> home screen)", _figures(outcomes, "", "answers", "home"), unit="ms")
    _add_spread(report, "start quiz (Start -> first item)", _figures(outcomes, "", "start_screen", "item"), unit="ms")
    _add_spread(report, "check answer (Check -> verdict)", _figures(outcomes, "", "check", "verdict"), unit="ms")
    _add_spread(report, "answer round (id typed -> verdict)", _figures(outcomes, "", "answers", "verdict"))
    report.add("whole burst, first arrival to last verdict", round(burst_s, 1), "s", "")
    if others is not None:
        report.add(
            "CPU used meanwhile by other processes on the machine",
            round(others, 2),
            "cores",
            f"of {os.cpu_count()}: a shared machine; the class got the rest",
        )
    if memory.get("rss"):
        report.add(
            "memory per learner kernel, RSS median",
            round(statistics.median(memory["rss"]) / MB, 1),
            "MB",
            "PRODUCT.md: under 80 MB",
        )
        report.add("memory per learner kernel, RSS max", round(max(memory["rss"]) / MB, 1), "MB", "")
    if memory.get("uss"):
        report.add(
            "memory per learner kernel, USS median",
            round(statistics.median(memory["uss"]) / MB, 1),
            "MB",
            "its own pages: what one more learner costs",
        )
    if memory:
        report.add(
            "kernels running with the class connected",
            memory["kernels"],
            "",
            "learners' kernels plus the pool being refilled",
        )
        report.add("all kernels' RSS with the class connected", round(memory["all_rss"] / MB), "MB", "")
        report.add("server process RSS", round(memory["server"] / MB, 1), "MB", "")
    report.add(
        "server process CPU per learner",
        round(1000 * server_cpu / learners, 1),
        "ms",
        "the Voila process (one thread): pages, websockets, the pool's refill",
    )
    report.add(
        "simulated class's own CPU per learner",
        round(1000 * generator_cpu / learners, 1),
        "ms",
        "this benchmark's process, on the same cores",
    )
    beacon_gone = [gone_at[k] for k in beaconed if k in gone_at]
    dropped_gone = [gone_at[k] for k in dropped if k in gone_at]
    report.add(
        "kernels gone after the beacon",
        f"{len(beacon_gone)} of {len(beaconed)}",
        "",
        f"slowest {max(beacon_gone):.1f} s" if beacon_gone else "",
    )
    culling = _disconnected_culling()
    report.add(
        "kernels gone after a dropped connection",
        f"{len(dropped_gone)} of {len(dropped)}",
        "",
        (
            f"culled after {BURST_CULL_S[size]} s disconnected (shortened for this run); slowest "
            f"{max(dropped_gone):.1f} s"
            if dropped_gone
            else f"none within {leave_limit:.0f} s"
        )
        if culling
        else "no disconnected-kernel culling: they stay until cull_idle_timeout",
    )
    report.checks["every learner's quiz got ready"] = all("ready" in o.stamps for o in outcomes)
    report.checks["every learner's answer got a verdict"] = all("verdict" in o.stamps for o in outcomes)
    report.checks["the page address reached every kernel (start-screen seed)"] = (
        all(o.query_applied for o in outcomes if o.query_applied is not None) and not errors
    )
    report.checks["every beacon ended its kernel"] = len(beacon_gone) == len(beaconed)
    if culling:
        report.checks["every dropped learner's kernel was culled"] = len(dropped_gone) == len(dropped)
    for outcome in errors[:5]:
        report.notes.append(f"learner {outcome.number}: {outcome.error}")
    verdicts = sorted({o.verdict for o in outcomes if o.verdict})
    report.notes.append(f"verdicts seen: {verdicts[:4]}")
    print(f"[burst] {learners} learners, {len(errors)} errors, {burst_s:.1f} s", file=sys.stderr, flush=True)
    return report
