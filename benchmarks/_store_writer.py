"""One learner's kernel in the store burst: python -m benchmarks._store_writer DB BARRIER LEARNER N CODE.

Opens the store, says it is ready, waits for the signal, then saves N answers one by one as
a quiz kernel does (one writer transaction per answer). Prints one JSON line: every error
seen, each write's latency, the acknowledgements, and when it started and ended.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path


def main() -> None:
    db, barrier, learner, count, code = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    report: dict = {"learner": learner, "errors": [], "latencies": [], "acks": {}, "start": None, "end": None}
    from quizbank.store import ItemSpec, Store

    (barrier / f"ready-{learner}").touch()
    while not (barrier / "go").exists():
        time.sleep(0.002)
    report["start"] = time.time()
    try:
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
    except BaseException:  # noqa: BLE001 - every error is a finding
        report["errors"].append(traceback.format_exc())
    report["end"] = time.time()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
