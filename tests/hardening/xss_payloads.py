"""The XSS payloads and the temporary bank that puts each into every field of bank text the page shows.

Shared by the browser test (tests/hardening/test_xss_browser.py) and the check that every
payload lands in a bank the strict reader accepts (tests/hardening/test_xss_payloads.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from quizbank.sources import load_sources

PWN = "window.__pwned=1"
PAYLOADS: list[str] = [
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f"<img src=x onerror={PWN}>",
    f'<svg onload="{PWN}">',
    f"<svg><script>{PWN}</script></svg>",
    f"<svg><animate onbegin={PWN} attributeName=x dur=1s>",
    '<iframe src="javascript:window.top.__pwned=1"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f'<a href="javascript:{PWN}">click me</a>',
    f"<body onload={PWN}>",
    f'<details open ontoggle="{PWN}">x</details>',
    f'<input autofocus onfocus="{PWN}">',
    f'<video><source onerror="{PWN}"></video>',
    f"<audio src=x onerror={PWN}>",
    f'<object data="javascript:{PWN}"></object>',
    f'<embed src="javascript:{PWN}">',
    f"<math><mtext><img src=x onerror={PWN}></mtext></math>",
    f"</style><img src=x onerror={PWN}>",
    f"</script><script>{PWN}</script>",
    f"</textarea><img src=x onerror={PWN}>",
    f"</title><img src=x onerror={PWN}>",
    f'"><img src=x onerror={PWN}>',
    f"'><img src=x onerror={PWN}>",
    f'" onmouseover="{PWN}" x="',
    f"' onfocus='{PWN}' autofocus='",
    f"javascript:{PWN}",
    "{{constructor.constructor('window.__pwned=1')()}}",
    "${window.__pwned=1}",
    "{{7*7}} ${7*7} #{7*7} <%= 7*7 %>",
    f"&lt;img src=x onerror={PWN}&gt;",
    "&#60;script&#62;window.__pwned=1&#60;/script&#62;",
    f"<scr<script>ipt>{PWN}</scr</script>ipt>",
    "<SCRIPT SRC=//127.0.0.1:9/x.js></SCRIPT>",
    '<img src="x" onerror="&#x77;indow.__pwned=1">',
    "\uff1cscript\uff1ewindow.__pwned=1\uff1c/script\uff1e",
    "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e",
    f"<img src=x onerror={PWN}//",
    f"<style>@import 'javascript:{PWN}';</style>",
    f'<style>*{{background:url("javascript:{PWN}")}}</style>',
    f"<link rel=stylesheet href=javascript:{PWN}>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{PWN}">',
    f'<base href="javascript:{PWN}//">',
    f'<form action="javascript:{PWN}"><button>go</button></form>',
    f"<marquee onstart={PWN}>x</marquee>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "$\\href{javascript:window.__pwned=1}{click}$",
    "$$\\unicode{<img src=x onerror=window.__pwned=1>}$$",
    "\\(\\class{x}{\\href{javascript:window.__pwned=1}{y}}\\)",
    "$x^2$ and $$\\frac{a}{b}$$ and \\(\\alpha\\)",
    "$\\href{https://example.org/phish}{open the dosing chart}$",
    "$\\style{color:white}{hidden}$ and $\\color{white}{also hidden}$",
    "<!-- an open comment",
    f"<![CDATA[<img src=x onerror={PWN}>]]>",
    f'<noscript><p title="</noscript><img src=x onerror={PWN}>">',
    f"<template><img src=x onerror={PWN}></template>",
    "\u202eevil text reversed\u202c",
    f"<im\u200bg src=x onerror={PWN}>",
    "%3Cscript%3Ewindow.__pwned=1%3C/script%3E",
    f"data:text/html,<script>{PWN}</script>",
    "**bold** _it_ [link](javascript:window.__pwned=1) ![img](x)",
    f"<div style=\"background:url('javascript:{PWN}')\">styled</div>",
    f"<select onfocus={PWN} autofocus><option>o</option></select>",
]
assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)
# Names typed into "Student id or name": refused (with the reason) or shown as text.
NAMES: list[str] = [
    f"<img src=x onerror={PWN}>",
    f"<script>{PWN}</script>",
    f'" onfocus="{PWN}',
    "\uff1cscript\uff1e",
    "$\\href{javascript:window.__pwned=1}{x}$",
    "{{7*7}}",
]
SAFE_NAME = "O'Brien-Smith @ward3"
ITEM_COUNT = 10  # one of every type, topic "xss"
MATH_TOPIC, MATH_COUNT = (
    "math-labels",
    3,
)  # three more whose labels are the LaTeX and template payloads  # the characters names may hold that HTML cares about


def _cycle() -> Iterator[str]:
    while True:
        yield from PAYLOADS


def _quotes() -> list[tuple[str, str]]:
    """Real quotes (one passage each) to cite: a payload never goes into a quote."""
    return [
        (doc.id, passage.text)
        for doc in load_sources().values()
        for passage in doc.passages[:3]
        if len(passage.text) >= 12
    ]


def build_bank(folder: Path) -> dict[str, str]:
    """Write the payload bank into `folder`; returns {payload: where it is} for the messages."""
    take = _cycle()
    placed: dict[str, list[str]] = {}

    def p(where: str) -> str:
        text = next(take)
        placed.setdefault(text, []).append(where)
        return text

    quotes = _quotes()
    cite = [{"source": quotes[0][0], "quote": quotes[0][1]}]

    def base(item_id: str, kind: str) -> dict[str, Any]:
        return {"id": item_id, "type": kind, "stem": p(f"{item_id} stem")}

    def tail(item: dict[str, Any], topic: str = "xss") -> dict[str, Any]:
        item.update(
            {
                "rationale": p(f"{item['id']} rationale"),
                "objectives": ["xss-a"],
                "tags": {"topic": topic},
                "difficulty": "easy",
                "audience": "both",
                "citations": cite,
            }
        )
        return item

    def options(item_id: str, count: int, feedback: bool = True) -> list[dict[str, Any]]:
        shared = p(f"{item_id} option feedback") if feedback else None
        made = []
        for n in range(count):
            option: dict[str, Any] = {"id": f"o{n}", "text": p(f"{item_id} option {n}")}
            if shared:
                option["feedback"] = shared  # whichever is chosen, its feedback carries a payload
            made.append(option)
        return made

    items: list[dict[str, Any]] = []
    single = base("x-single", "single")
    single.update(options=options("x-single", 4), key="o0")
    items.append(tail(single))
    tf = base("x-tf", "true_false")
    tf.update(key=True, feedback_true=p("x-tf feedback_true"), feedback_false=p("x-tf feedback_false"))
    items.append(tail(tf))
    sata = base("x-sata", "select_all")
    sata.update(options=options("x-sata", 4), key=["o0", "o1"])
    items.append(tail(sata))
    sn = base("x-sn", "select_n")
    sn.update(n=2, options=options("x-sn", 4), key=["o0", "o1"])
    items.append(tail(sn))
    matrix = base("x-matrix", "matrix")
    matrix.update(
        rows=[{"id": f"r{n}", "text": p(f"x-matrix row {n}")} for n in range(3)],
        columns=[{"id": f"c{n}", "text": p(f"x-matrix column {n}")} for n in range(2)],
        key={"r0": "c0", "r1": "c1", "r2": "c0"},
    )
    items.append(tail(matrix))
    for kind, count in (("cloze", 2), ("dropdown_rationale", 2)):
        item = base(f"x-{kind}", kind)
        words = ["In the sentence", "then", "and after"]  # pieces around markers: no braces
        item["sentence"] = f"{words[0]} {{{{b0}}}} {p(f'x-{kind} sentence')} {{{{b1}}}} {words[2]}."
        item["blanks"] = [
            {"id": f"b{n}", "options": [p(f"x-{kind} blank {n} choice a"), p(f"x-{kind} blank {n} choice b")]}
            for n in range(count)
        ]
        for blank in item["blanks"]:
            blank["key"] = blank["options"][0]
        items.append(tail(item))
    ordering = base("x-order", "ordering")
    ordering.update(options=options("x-order", 4, feedback=False), key=["o0", "o1", "o2", "o3"], scoring="per_position")
    items.append(tail(ordering))
    highlight = base("x-highlight", "highlight")
    highlight.update(segments=options("x-highlight", 4), key=["o0"])
    items.append(tail(highlight))
    bowtie = base("x-bowtie", "bowtie")
    for slot, count, key in (("condition", 2, ["o0"]), ("actions", 3, ["o0", "o1"]), ("parameters", 3, ["o0", "o1"])):
        bowtie[slot] = {
            "options": [{"id": f"o{n}", "text": p(f"x-bowtie {slot} {n}")} for n in range(count)],
            "key": key,
        }
    items.append(tail(bowtie))

    # LaTeX and template payloads again as the labels of checkboxes, radio buttons and toggle buttons
    # (ipywidgets typesets labels and descriptions when the page has a LaTeX typesetter), in a topic
    # of their own (see test_latex_in_bank_labels_is_shown_as_text).
    math = [t for t in PAYLOADS if "$" in t or "\\(" in t or "{{" in t]
    for kind, field in (("select_all", "options"), ("single", "options"), ("highlight", "segments")):
        item = {"id": f"x-math-{kind}", "type": kind, "stem": f"Math and templates as {kind} labels"}
        item[field] = [{"id": f"m{n}", "text": text} for n, text in enumerate(math)]
        for text in math:
            placed.setdefault(text, []).append(f"x-math-{kind} {field}")
        item["key"] = "m0" if kind == "single" else ["m0"]
        items.append(tail(item, MATH_TOPIC))

    case_item = {
        "id": "x-case.s1",
        "type": "true_false",
        "stem": p("case item stem"),
        "key": True,
        "feedback_true": p("case item feedback_true"),
        "feedback_false": p("case item feedback_false"),
        "rationale": p("case item rationale"),
        "objectives": ["xss-a"],
        "tags": {"topic": "xss", "judgment_step": "recognize-cues"},
        "difficulty": "easy",
        "audience": "both",
        "citations": cite,
    }
    chart = {
        tab: [{"id": f"{tab[0]}1", "text": p(f"case chart {tab}")}]
        for tab in ("history", "notes", "vitals", "medications", "labs")
    }
    chart["notes"][0]["time"] = "<b>08:00</b>"
    case = {
        "id": "x-case",
        "title": p("case title"),
        "summary": p("case summary"),
        "audience": "both",
        "objectives": ["xss-a"],
        "tags": {"topic": "xss"},
        "patient": {"name": p("case patient name"), "age": 40, "sex": "female", "setting": p("case patient setting")},
        "chart": chart,
        "start": "s1",
        "steps": [
            {
                "id": "s1",
                "judgment_step": "recognize-cues",
                "narrative": p("case narrative"),
                "chart_update": {"notes": [{"id": "n2", "time": "09:00", "text": p("case chart update")}]},
                "item": case_item,
                "branches": {
                    "true": {"next": "end", "consequence": p("case consequence true")},
                    "false": {"next": "end", "consequence": p("case consequence false")},
                },
            }
        ],
        "endings": [
            {
                "id": "end",
                "title": p("case ending title"),
                "outcome": "good",
                "points": 1,
                "text": p("case ending text"),
                "debrief": p("case debrief"),
                "citations": cite,
            }
        ],
    }
    objectives = [{"id": "xss-a", "text": p("objective a")}, {"id": "xss-b", "text": p("objective b")}]
    while len(placed) < len(PAYLOADS):  # every payload placed at least once: more objectives
        objectives.append({"id": f"xss-{len(objectives)}", "text": p(f"objective {len(objectives)}")})
    folder.mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.dump(data, Dumper=_Quoting, sort_keys=False, allow_unicode=True, width=10**6)  # noqa: E731
    (folder / "objectives.yaml").write_text(dump({"schema_version": 1, "objectives": objectives}), encoding="utf-8")
    (folder / "items.yaml").write_text(dump({"schema_version": 1, "items": items}), encoding="utf-8")
    (folder / "case.yaml").write_text(dump({"schema_version": 1, "cases": [case]}), encoding="utf-8")
    return {text: ", ".join(where) for text, where in placed.items()}


class _Quoting(yaml.SafeDumper):
    """Every text double-quoted (the payloads hold every character YAML cares about); no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Quoting.add_representer(str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))
