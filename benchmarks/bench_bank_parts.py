"""Where the time of a bank load goes: each stage of both readers, validation and the quote check."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, benchmark, median_time
from benchmarks.synthetic import write_bank
from quizbank import fastread
from quizbank.bankfile import BankFile
from quizbank.citation_check import check_citations as _check_citations
from quizbank.loader import _assemble, _read_fast, bank_files
from quizbank.sources import _TRANSLATE, SourceDocument, load_sources
from quizbank.yamlread import decode, load_yaml, read_bytes

SIZES = {"tiny": (200, 2), "default": (10_000, 3), "large": (30_000, 3)}


@contextlib.contextmanager
def _gc(paused: bool) -> Iterator[None]:
    if paused:
        gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _timed(fn: Callable[[], Any], runs: int, *, gc_paused: bool = True) -> float:
    def once() -> Any:
        with _gc(gc_paused):
            return fn()

    return median_time(once, runs)[0]


def _find_as_it_was(document: SourceDocument, quote: str) -> list[tuple[int, int]]:
    """The quote search before this work: translate every quote, collect every span."""
    needle = " ".join(quote.translate(_TRANSLATE).split()).casefold()
    spans: list[tuple[int, int]] = []
    at = document.normalised.find(needle) if needle else -1
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = document.normalised.find(needle, at + 1)
    return spans


@benchmark("bank-parts", "Stages of a bank load: reading, pre-scan, both YAML readers, pydantic, quote check")
def bank_parts(size: str, workdir: Path) -> Report:
    count, runs = SIZES[size]
    report = Report()
    files = bank_files([write_bank(workdir / "bank", count)])
    sources = load_sources()
    raws = [read_bytes(p) for p in files]
    texts = [decode(raw, str(p)) for raw, p in zip(raws, files)]
    datas = [fastread.read(t) for t in texts]
    label = f"{count:,} items"
    stages: list[tuple[str, Callable[[], Any], str]] = [
        ("read and decode the files", lambda: [decode(read_bytes(p), str(p)) for p in files], ""),
        (
            "fast path: pre-scan (fastread.doubt)",
            lambda: [fastread.doubt(t) for t in texts],
            "regular expressions and str.find",
        ),
        ("fast path: yaml_rs.loads", lambda: [fastread.yaml_rs.loads(t, parse_datetime=False) for t in texts], "Rust"),
        (
            "fast path: libyaml syntax check (raw_parse)",
            lambda: [fastread._CParser(t).raw_parse() for t in texts],
            "C, no Python objects",
        ),
        (
            "strict reader (yamlread.load_yaml)",
            lambda: [load_yaml(t, "f") for t in texts],
            "libyaml events, values and marks in Python",
        ),
        ("pydantic validation (BankFile), GC paused", lambda: [BankFile.model_validate(d) for d in datas], ""),
    ]
    for name, fn, note in stages:
        report.add(f"{label}: {name}", _timed(fn, runs), "s", note)
    report.add(
        f"{label}: pydantic validation, GC running",
        _timed(lambda: [BankFile.model_validate(d) for d in datas], runs, gc_paused=False),
        "s",
        "what the garbage collector cost before the loader paused it",
    )
    results = [r[0] for r in (_read_fast(p) for p in files) if r]
    checked = [(item, result.located, index) for result in results for index, item in result.items]
    report.add(
        f"{label}: provenance (every quote found in its source)",
        _timed(lambda: [_check_citations(i, loc, ("items", n), sources) for i, loc, n in checked], runs),
        "s",
        f"{sum(len(i.citations) for i, _, _ in checked):,} quotes",
    )
    quotes = [(sources[c.source], c.quote) for item, _, _ in checked for c in item.citations]
    report.add(
        f"{label}: provenance as it was (every span found, every quote translated)",
        _timed(lambda: [_find_as_it_was(doc, quote) for doc, quote in quotes], runs),
        "s",
        "the quote search alone, before",
    )
    report.add(
        f"{label}: provenance now (SourceDocument.contains)",
        _timed(lambda: [doc.contains(quote) for doc, quote in quotes], runs),
        "s",
        "the quote search alone, after",
    )
    report.add(
        f"{label}: cross-checks in all (ids, objectives, quotes, cases)",
        _timed(lambda: _assemble(results, sources), runs),
        "s",
    )
    report.checks["every file took the fast path"] = len(results) == len(files) and all(d is not None for d in datas)
    report.notes.append(f"median of {runs} runs of each stage, in one process, GC paused unless said.")
    return report
