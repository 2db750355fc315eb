"""One cold bank load in a fresh process, as a kernel does it: python -m benchmarks._cold_load MODE DIR.

MODE: fast (load_bank), strict (load_bank(fast=False)), before (strict with the garbage
collector running, as the loader was before the fast path), cached (load_bank_cached).
Prints one JSON line: seconds for the imports, for the load (wall clock and CPU), and the item count.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    mode, directory = sys.argv[1], sys.argv[2]
    began = time.perf_counter()
    from pathlib import Path

    from quizbank import loader

    if mode == "cached":
        from quizbank.bank_cache import load_bank_cached
    imported, imported_cpu = time.perf_counter(), time.process_time()
    if mode == "cached":
        bank = load_bank_cached([Path(directory)])
    elif mode == "before":
        import contextlib

        loader.gc_paused = contextlib.nullcontext  # type: ignore[assignment]
        bank = loader.load_bank([Path(directory)], fast=False)
    else:
        bank = loader.load_bank([Path(directory)], fast=mode == "fast")
    done, done_cpu = time.perf_counter(), time.process_time()
    figures = {"import_s": imported - began, "load_s": done - imported, "load_cpu_s": done_cpu - imported_cpu}
    print(json.dumps(figures | {"items": len(bank.items)}))


if __name__ == "__main__":
    main()
