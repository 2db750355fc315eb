"""One learner's kernel in the concurrency test: open the store, wait for the signal, write answers.

Run as a script: python _concurrent_writer.py DB BARRIER_DIR LEARNER N SESSION_CODE|-
Prints one JSON line: errors (every exception seen), write latencies, acks, timestamps.
Imports only the store, as a kernel writing answers would.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path


def main() -> None:
    db, barrier, learner, count, code = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    report: dict = {"learner": learner, "errors": [], "latencies": [], "acks": {}}
    (barrier / f"ready-{learner}").touch()
    while not (barrier / "go").exists():
        time.sleep(0.002)
    report["start"] = time.time()
    try:
        from quizbank.store import ItemSpec, Store

        with Store(db) as store:
            store.ensure_learner(learner, f"Learner {learner}")
            items = [ItemSpec(f"q{i:02d}", 1, 1.0, f"seed:q{i:02d}") for i in range(count)]
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
                session_code=None if code == "-" else code,
            )
            for i, spec in enumerate(items):
                began = time.perf_counter()
                ack = store.record_answer(learner, attempt, spec.item_id, f"{learner}:{i}", seq=i + 1, at=time.time())
                report["latencies"].append(time.perf_counter() - began)
                report["acks"][ack.status] = report["acks"].get(ack.status, 0) + 1
            last = items[-1].item_id
            replay = store.record_answer(learner, attempt, last, f"{learner}:{count - 1}", seq=count, at=time.time())
            report["replay"] = replay.status
    except BaseException:  # noqa: BLE001 - every error must be reported, whatever it is
        report["errors"].append(traceback.format_exc())
    report["end"] = time.time()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
