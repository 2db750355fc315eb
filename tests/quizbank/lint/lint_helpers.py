"""Small banks for the lint tests: items as Python data, written as YAML into a temp folder and loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quizbank.lint import Finding, LintReport, lint
from quizbank.loader import load_bank

# Quotes that occur in the real sources (quizbank/sources/*.txt).
ONCE_A_DAY = {"source": "ebsco-anakinra", "quote": "Anakinra is given once a day as an injection."}
SITES = {"source": "medlineplus-anakinra", "quote": "You can inject anakinra in the outer thigh or stomach."}
LATEX = {"source": "ebsco-anakinra", "quote": "Have a latex allergy"}
IL1 = {"source": "ebsco-anakinra", "quote": "Anakinra blocks the action of the protein interleukin-1 (IL-1)."}
CITATIONS = [ONCE_A_DAY, SITES, LATEX, IL1]  # cited in turn, no sentence rests under more than 3 of 12 items

OBJECTIVES = [{"id": "basics", "text": "Know what anakinra is and how it is given."}]


def common(item_id: str, citation: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    """The fields every ready item needs (`citations` in `extra` replace the default citation)."""
    citations = extra.pop("citations", None) or [citation or ONCE_A_DAY]
    return {
        "id": item_id,
        **extra,
        "rationale": "The documents say so, in these words.",
        "objectives": ["basics"],
        "tags": {"topic": "testing"},
        "difficulty": "easy",
        "audience": "both",
        "citations": citations,
    }


def _options(texts: list[str]) -> list[dict[str, str]]:
    return [{"id": chr(ord("a") + i), "text": text} for i, text in enumerate(texts)]


def single(item_id: str, stem: str, options: list[str], key: int = 0, **extra: Any) -> dict[str, Any]:
    """A single-best-answer item; options get ids a, b, c..."""
    return common(item_id, type="single", stem=stem, options=_options(options), key=chr(ord("a") + key), **extra)


def select_all(item_id: str, stem: str, options: list[str], keys: list[int], **extra: Any) -> dict[str, Any]:
    """A select-all-that-apply item."""
    return common(
        item_id, type="select_all", stem=stem, options=_options(options), key=[chr(97 + k) for k in keys], **extra
    )


def select_n(item_id: str, stem: str, options: list[str], keys: list[int], **extra: Any) -> dict[str, Any]:
    """A select-exactly-n item (n is the number of keys)."""
    return common(
        item_id,
        type="select_n",
        stem=stem,
        n=len(keys),
        options=_options(options),
        key=[chr(97 + k) for k in keys],
        **extra,
    )


def true_false(item_id: str, stem: str, key: bool = True, **extra: Any) -> dict[str, Any]:
    """A true/false item."""
    return common(item_id, type="true_false", stem=stem, key=key, **extra)


def cloze(item_id: str, sentence: str, blanks: dict[str, tuple[list[str], str]], **extra: Any) -> dict[str, Any]:
    """A cloze item: blank id -> (choices, key)."""
    return common(
        item_id,
        type="cloze",
        stem=extra.pop("stem", "Complete the teaching."),
        sentence=sentence,
        blanks=[{"id": b, "options": choices, "key": key} for b, (choices, key) in blanks.items()],
        **extra,
    )


def matrix(item_id: str, stem: str, rows: int, **extra: Any) -> dict[str, Any]:
    """A matrix item with `rows` rows and two columns (worth `rows` points)."""
    return common(
        item_id,
        type="matrix",
        stem=stem,
        rows=[{"id": f"r{i}", "text": f"Finding number {i}"} for i in range(rows)],
        columns=[{"id": "tell", "text": "Tell the doctor"}, {"id": "call", "text": "Call the doctor now"}],
        key={f"r{i}": "tell" for i in range(rows)},
        **extra,
    )


def filler(count: int, prefix: str = "fill") -> list[dict[str, Any]]:
    """Plain single items that break no rule, alone or together (at most 12: a bank of typical items)."""
    return [
        single(
            f"{prefix}-{i}",
            f"Patient {i} asks how often anakinra is injected. What is the answer?",
            [f"Once a day, plan {i}", f"Once a week, plan {i}", f"Twice a day, plan {i}"],
            citations=[CITATIONS[i % len(CITATIONS)]],
        )
        for i in range(count)
    ]


class _Dumper(yaml.SafeDumper):
    """Writes shared values out again instead of as anchors and aliases, which banks refuse."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    """YAML text of `data`, one line per long string."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)


def write_bank(folder: Path, items: list[dict[str, Any]], cases: list[dict[str, Any]] | None = None) -> Path:
    """Write a one-file bank (and a second file with the cases, if any) and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"schema_version": 1, "objectives": OBJECTIVES, "items": items}
    (folder / "bank.yaml").write_text(dump(data), encoding="utf-8")
    if cases:
        (folder / "cases.yaml").write_text(dump({"schema_version": 1, "cases": cases}), encoding="utf-8")
    return folder


def lint_items(
    folder: Path, items: list[dict[str, Any]], cases: list[dict[str, Any]] | None = None, **options: Any
) -> LintReport:
    """Write the items as a bank, load it and lint it."""
    write_bank(folder, items, cases)
    return lint(load_bank([folder]), files=[folder], **options)


def of_rule(report: LintReport, rule: str) -> list[Finding]:
    """The findings of one rule."""
    return [f for f in report.findings if f.rule == rule]


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` containing `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def one_step_case(case_id: str, item: dict[str, Any]) -> dict[str, Any]:
    """A case of one step asking `item` (a single item), every option ending the case."""
    ending = {
        "id": "end",
        "title": "Done",
        "outcome": "good",
        "points": 0,
        "text": "The visit ends.",
        "debrief": "The documents say what to do.",
        "citations": [ONCE_A_DAY],
    }
    return {
        "id": case_id,
        "title": "A short case",
        "summary": "A patient on anakinra asks a question.",
        "audience": "both",
        "objectives": ["basics"],
        "tags": {"topic": "testing"},
        "patient": {"name": "Pat Example (fictional)", "age": 50, "sex": "female", "setting": "Clinic"},
        "chart": {},
        "start": "s1",
        "steps": [
            {
                "id": "s1",
                "judgment_step": "take-action",
                "item": item,
                "branches": {o["id"]: {"next": "end", "consequence": "The visit goes on."} for o in item["options"]},
            }
        ],
        "endings": [ending],
    }
