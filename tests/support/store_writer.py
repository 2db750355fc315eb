"""A class of learner kernels saving answers to one store at once, for the store tests and benchmark.

``burst`` starts one process per learner running this file as a script, releases them all
together and collects their reports. Each process (``python store_writer.py DB BARRIER
LEARNER N CODE|- [--replay]``) imports only the store, as a kernel writing answers does,
opens the store, says it is ready, waits for the signal, then saves N answers one by one
(one writer transaction each); with ``--replay`` it sends its last answer again, which must
come back as a duplicate. It prints one JSON line: every error seen, each write's latency,
the acknowledgements, the replay's, and when it started and ended.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
READY_LIMIT_S = 120.0
FINISH_LIMIT_S = 600.0


def burst(
    db: Path, barrier: Path, processes: int, answers: int, code: str | None, *, replay: bool = False
) -> list[dict]:
    """Start every writer, release them together, and collect their reports (a crash is an error in it)."""
    barrier.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    extra = ["--replay"] if replay else []
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, str(db), str(barrier), f"L{n:03d}", str(answers), code or "-", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for n in range(processes)
    ]
    deadline = time.monotonic() + READY_LIMIT_S
    while len(list(barrier.glob("ready-*"))) < processes and time.monotonic() < deadline:
        time.sleep(0.01)
    (barrier / "go").touch()
    reports = []
    for n, proc in enumerate(procs):
        out, err = proc.communicate(timeout=FINISH_LIMIT_S)
        lines = out.strip().splitlines()
        if proc.returncode != 0 or not lines:
            reports.append(
                {
                    "learner": f"L{n:03d}",
                    "errors": [f"exit {proc.returncode}: {err[-2000:]}"],
                    "latencies": [],
                    "acks": {},
                }
            )
        else:
            reports.append(json.loads(lines[-1]))
    return reports


def _write_answers(db: str, learner: str, count: int, code: str | None, replay: bool, report: dict[str, Any]) -> None:
    from quizbank.store import ItemSpec, Store

    with Store(db) as store:
        store.ensure_learner(learner, f"Learner {learner}")
        items = [ItemSpec(f"q{i:03d}", 1, 1.0, f"seed:q{i:03d}") for i in range(count)]
        attempt = f"att-{learner}"
        store.start_attempt(
            learner,
            attempt_id=attempt,
            kind="quiz",
            items=items,
            settings={"mode": "practice"},
            seed="seed",
            option_orders={},
            started_at=time.time(),
            session_code=code,
        )
        for i, spec in enumerate(items):
            began = time.perf_counter()
            ack = store.record_answer(learner, attempt, spec.item_id, f"{learner}:{i}", seq=i + 1, at=time.time())
            report["latencies"].append(time.perf_counter() - began)
            report["acks"][ack.status] = report["acks"].get(ack.status, 0) + 1
        if replay:
            last = items[-1].item_id
            again = store.record_answer(learner, attempt, last, f"{learner}:{count - 1}", seq=count, at=time.time())
            report["replay"] = again.status


def main(argv: list[str]) -> None:
    """One learner's kernel: wait for the signal, write the answers, print the report."""
    db, barrier, learner, count, code = argv[0], Path(argv[1]), argv[2], int(argv[3]), argv[4]
    report: dict[str, Any] = {"learner": learner, "errors": [], "latencies": [], "acks": {}, "start": None, "end": None}
    import quizbank.store  # noqa: F401  (imported before the signal: the burst measures writes, not imports)

    (barrier / f"ready-{learner}").touch()
    while not (barrier / "go").exists():
        time.sleep(0.002)
    report["start"] = time.time()
    try:
        _write_answers(db, learner, count, None if code == "-" else code, "--replay" in argv[5:], report)
    except BaseException:  # noqa: BLE001 - every error is a finding
        report["errors"].append(traceback.format_exc())
    report["end"] = time.time()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
