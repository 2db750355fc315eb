"""Run every benchmark (or `--only NAME`) and write benchmarks/out/results.md and results.json.

    python -m benchmarks.run [--size tiny|default|large] [--only NAME ...] [--out DIR] [--list]

A benchmark is a function `fn(size, workdir) -> Report` in a module `benchmarks/bench_*.py`,
registered with `@benchmark(name, title)`; every such module is found and run. The exit
status is 1 when a benchmark fails or one of its checks (no errors, nothing lost) does not
hold; no figure is ever compared with a time limit here: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks.harness import REGISTRY, SIZES, Report, as_dict, machine

HERE = Path(__file__).resolve().parent


def discover() -> None:
    """Import every benchmarks/bench_*.py, which registers its benchmarks."""
    for module in pkgutil.iter_modules([str(HERE)]):
        if module.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{module.name}")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value).replace("|", "\\|")


def markdown(results: dict[str, Any]) -> str:
    """The results as a markdown report: machine and date, then one table per benchmark."""
    info = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    lines = [
        "# clinquiz benchmark results",
        "",
        f"- date: {results['date']} (size `{results['size']}`, {results['seconds']:.0f} s in all)",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, {info['os']}",
        f"- load average at the start: {info['load_average']}",
        f"- {info['python']}; {packages}",
        "",
    ]
    for entry in results["benchmarks"]:
        lines += [f"## {entry['name']}: {entry['title']}", ""]
        if entry["error"]:
            lines += ["**failed:**", "", "```", entry["error"].rstrip(), "```", ""]
            continue
        report = entry["report"]
        lines += ["| metric | value | unit | note |", "| --- | ---: | --- | --- |"]
        lines += [f"| {r['metric']} | {_cell(r['value'])} | {r['unit']} | {_cell(r['note'])} |" for r in report["rows"]]
        lines.append("")
        if report["checks"]:
            lines.append(
                "checks: " + ", ".join(f"{k} {'ok' if v else '**FAILED**'}" for k, v in report["checks"].items())
            )
            lines.append("")
        lines += [f"- {note}" for note in report["notes"]]
        if report["notes"]:
            lines.append("")
    return "\n".join(lines)


def run(names: list[str], size: str) -> dict[str, Any]:
    """Run the named benchmarks at `size`; every result, the machine and the date."""
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "size": size,
        "machine": machine(),
        "benchmarks": [],
    }
    for name in names:
        bench = REGISTRY[name]
        print(f"[bench] {name} ({size}) ...", file=sys.stderr, flush=True)
        entry: dict[str, Any] = {"name": name, "title": bench.title, "report": None, "error": None}
        began = time.perf_counter()
        try:
            with tempfile.TemporaryDirectory(prefix=f"clinquiz-bench-{name}-") as workdir:
                report: Report = bench.run(size, Path(workdir))
            entry["report"] = as_dict(report)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
            entry["error"] = traceback.format_exc()
        entry["seconds"] = time.perf_counter() - began
        results["benchmarks"].append(entry)
        print(
            f"[bench] {name}: {entry['seconds']:.1f} s{' FAILED' if entry['error'] else ''}",
            file=sys.stderr,
            flush=True,
        )
    results["seconds"] = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run, write the reports; 1 when something failed."""
    discover()
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", choices=SIZES, default="default", help="tiny: seconds, to check the harness; default; large"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(REGISTRY),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(sorted(REGISTRY))}",
    )
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where results.md and results.json go")
    parser.add_argument("--list", action="store_true", help="print the benchmarks' names and titles, run nothing")
    args = parser.parse_args(argv)
    if args.list:
        for name in sorted(REGISTRY):
            print(f"{name}\t{REGISTRY[name].title}")
        return 0
    results = run(args.only or sorted(REGISTRY), args.size)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    print(f"written: {args.out / 'results.md'} and {args.out / 'results.json'}", file=sys.stderr)
    failed = [b["name"] for b in results["benchmarks"] if b["error"] or not all(b["report"]["checks"].values())]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
