"""Escaping, in a real browser: bank text and learner names are shown as text and never run.

A temporary bank puts 60 XSS payloads (script tags, event handlers, javascript: URLs, SVG
and MathML, closing </style> and </script>, template injection, HTML entities, Unicode
tricks, markdown and LaTeX with MathJax commands) into every field of bank text the page
shows: objectives, stems, options and their feedback, rationales, matrix rows and columns,
highlight segments (chart-note cues), cloze sentences and choices, ordering steps, bow-tie
options, and a clinical case (title, summary, patient, every chart tab, narrative, chart
updates, consequences, ending, debrief). Quotes stay real quotes from the sources.

A real Voila server (tests/browser/quiz_server.py, as the browser tests start it) serves the
quiz; headless Chromium signs in (the id box is tried with payloads first), takes the whole
exam, reads the review page, and plays the case. On every screen: no dialog opened, the
canary `window.__pwned` (set by every payload that runs) is unset, no element carries a
payload's event handler, javascript: URL or script, and each payload shown there is read back
from the page as the very text the bank holds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browser"))  # quiz_server, quiz_ui: the browser tests' helpers

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

import quiz_server  # noqa: E402
import quiz_ui as ui  # noqa: E402

from quizbank.loader import load_bank  # noqa: E402
from quizbank.sources import load_sources  # noqa: E402

pytestmark = pytest.mark.browser
WAIT_MS = ui.WAIT_MS
SCREENSHOTS = quiz_server.SCREENSHOTS

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


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_bank(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("xss-bank")
    placed = build_bank(folder)
    bank = load_bank([folder])  # the payload bank is a valid bank: the loader takes any text
    assert len(bank.items) == ITEM_COUNT + MATH_COUNT and len(bank.cases) == 1
    return folder, placed


@pytest.fixture(scope="module")
def xss_server(xss_bank: tuple[Path, dict[str, str]]) -> Iterator[Any]:
    server = quiz_server.VoilaServer(xss_bank[0], "voila-xss-bank.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(quiz_server.CHROMIUM).exists():
        pytest.skip(f"{quiz_server.CHROMIUM} is not installed (make chromium)")
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=quiz_server.CHROMIUM, headless=True, args=quiz_server.CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A page whose dialogs are recorded (and dismissed) and whose screens are checked and read."""

    def __init__(self, browser: Any) -> None:
        self.recording = quiz_server.RecordingPage(browser, quiz_server.DESKTOP)
        self.page = self.recording.page
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.read: list[str] = []  # the text of every screen checked

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str) -> str:
        """Nothing ran, nothing became markup; the screen's text (textContent, hidden tabs too)."""
        self.page.wait_for_timeout(300)  # let onerror/onload/autofocus handlers fire if any were made
        assert self.dialogs == [], f"{where}: a dialog opened: {self.dialogs}"
        assert self.page.evaluate("() => window.__pwned === undefined"), f"{where}: a payload ran"
        found = self.page.evaluate(DANGEROUS_JS)
        assert found == [], f"{where}: payload markup in the page: {found}"
        # Dropdowns write spaces as no-break spaces (ipywidgets): read them as spaces.
        text = self.page.evaluate("() => document.body.textContent").replace("\xa0", " ")
        self.read.append(text)
        return text

    def close(self) -> None:
        self.recording.close()
        assert self.recording.outside == [], f"the page requested outside hosts: {self.recording.outside}"


# Elements a payload would have made, were it taken as HTML (the page's own markup has none).
DANGEROUS_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value;
      const handler = name.startsWith('on') && /__pwned|alert|eval/.test(value);
      const url = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'content'].includes(name)
                  && /javascript:|__pwned/i.test(value);
      if (handler || url) bad.push(el.tagName + ' ' + name + '=' + value.slice(0, 80));
    }
    if (['SCRIPT', 'STYLE'].includes(el.tagName) && /__pwned/.test(el.textContent)) bad.push(el.tagName + ' with a payload');
    if (['IFRAME', 'OBJECT', 'EMBED', 'MARQUEE', 'TEMPLATE', 'NOSCRIPT', 'BASE'].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === 'IMG' && /^x(:|$)/.test(el.getAttribute('src') || '')) bad.push('IMG src=x');
    if (el.tagName === 'A' && el.href && new URL(el.href, location.href).origin !== location.origin) bad.push('A to ' + el.href);
    if (el.tagName === 'MJX-CONTAINER' || el.tagName === 'MATH') bad.push(el.tagName + ' (bank text typeset as math): ' + el.textContent.slice(0, 40));
  }
  return bad;
}"""


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = Watched(browser)
    try:
        yield page
    finally:
        page.close()


def shown(payload: str, texts: list[str]) -> bool:
    return any(payload in text for text in texts)


# --- the tests ----------------------------------------------------------------------------------


def test_names_typed_as_the_learner_are_text(watched: Watched, xss_server: Any):
    page = watched.page
    page.goto(xss_server.url)
    box = page.get_by_role("textbox", name="Student id or name")
    expect(box).to_be_visible(timeout=WAIT_MS)
    for name in NAMES:
        box.fill(name)
        page.get_by_role("button", name="Continue", exact=True).click()
        expect(ui.quiz(page).locator(".cq-status")).to_contain_text("Use only letters", timeout=WAIT_MS)
        assert box.input_value() == name  # read back: the box holds the very text typed
        watched.check(f"name {name!r} refused")
        box.fill("")
    ui.sign_in(page, SAFE_NAME)
    greeting = ui.quiz(page).get_by_role("heading", name=re.compile(r"^Hello, "))
    assert greeting.inner_text() == f"Hello, {SAFE_NAME}"
    text = watched.check("home screen with a name holding ' and @")
    assert f"Not {SAFE_NAME}?" in text


def answered_count(page: Any) -> int:
    text = ui.quiz(page).get_by_text(re.compile(r"^Answered \d+ of \d+")).inner_text()
    return int(text.split()[1])


def answer_something(page: Any) -> bool:
    """Give some answer on the item shown (the first choice of each kind); False for an ordering item."""
    q = ui.quiz(page)
    acted = False
    for selector in ("input[type=radio]", "input[type=checkbox]"):
        found = q.locator(selector)
        if found.count():
            found.first.check()
            acted = True
    segments = q.locator(".cq-segment")
    if segments.count():
        segments.first.click()
        acted = True
    selects = q.locator(".cq-sentence select")
    for index in range(selects.count()):
        selects.nth(index).select_option(index=1)  # the first choice after "(n) choose…"
        acted = True
    return acted


def test_bank_text_is_text_in_the_quiz_and_the_review(
    watched: Watched, xss_server: Any, xss_bank: tuple[Path, dict[str, str]]
):
    _, placed = xss_bank
    bank = load_bank([xss_bank[0]])
    page = watched.page
    ui.open_quiz(page, xss_server.url, learner=ui.new_learner())
    start = watched.check("start screen")
    for objective in bank.objectives.values():
        assert objective.text in start, f"objective not read back: {objective.text!r}"
    page.get_by_label("Topic").select_option(label="Xss")
    page.get_by_label("Number of questions").select_option(label=f"All {ITEM_COUNT} questions")
    ui.start_quiz(page, "exam", "xss1", count=ITEM_COUNT)
    for number in range(1, ITEM_COUNT + 1):
        watched.check(f"item {number}")
        before = answered_count(page)
        if answer_something(page):
            expect(ui.quiz(page).get_by_text(re.compile(rf"^Answered {before + 1} of \d+"))).to_be_visible(
                timeout=WAIT_MS
            )
            watched.check(f"item {number} answered")
        if number < ITEM_COUNT:
            ui.go_next(page)
    ui.submit(page)
    review = watched.check("review page")
    ui.shot(page, SCREENSHOTS, "xss-review")
    for item in (i for i in bank.items.values() if i.tags.topic != MATH_TOPIC):
        assert item.stem in review and item.rationale in review, f"{item.id}: stem or rationale not read back"
    quiz_fields = {text: where for text, where in placed.items() if "case" not in where and "x-math" not in where}
    missing = {
        text: where for text, where in quiz_fields.items() if not shown(text, watched.read) and "feedback" not in where
    }
    assert not missing, f"payloads not read back as text: {missing}"


@pytest.mark.xfail(
    strict=True,
    reason=(
        "FINDING: ipywidgets typesets Checkbox descriptions (the options of select-all, select-N and bow-tie "
        "items) with the page's MathJax (Voila 0.5 ships one), so bank text such as $\\href{https://...}{...}$ "
        "becomes a link to an outside host and $\\style{...}{...}$ applies CSS; widgets/ must show bank text in "
        "labels without typesetting (see tests/HARDENING.md). Remove this mark once it passes."
    ),
)
def test_latex_in_bank_labels_is_shown_as_text(
    watched: Watched, xss_server: Any, xss_bank: tuple[Path, dict[str, str]]
):
    bank = load_bank([xss_bank[0]])
    page = watched.page
    ui.open_quiz(page, xss_server.url, learner=ui.new_learner())
    page.get_by_label("Topic").select_option(label="Math labels")
    ui.start_quiz(page, "exam", "math1", count=MATH_COUNT)
    for number in range(1, MATH_COUNT + 1):
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"xss-math-labels-{number}.png"), full_page=True)
        text = watched.check(f"math item {number}")
        item = next(i for i in bank.items.values() if i.tags.topic == MATH_TOPIC and i.stem in text)
        labels = item.options if hasattr(item, "options") else item.segments
        for option in labels:
            assert option.text in text, f"{item.id}: label not read back as text: {option.text!r}"
        if number < MATH_COUNT:
            ui.go_next(page)


def test_case_text_is_text_in_the_case_player(watched: Watched, xss_server: Any, xss_bank: tuple[Path, dict[str, str]]):
    _, placed = xss_bank
    bank = load_bank([xss_bank[0]])
    case = bank.cases["x-case"]
    page = watched.page
    ui.open_page(page, xss_server.url, learner=ui.new_learner())
    page.get_by_role("button", name="Clinical case", exact=True).click()
    start = page.get_by_role("button", name="Start this case")
    expect(start).to_be_visible(timeout=WAIT_MS)
    picker = watched.check("case picker")
    assert case.title in picker and case.summary in picker
    start.click()
    submit = page.get_by_role("button", name="Submit answer")
    expect(submit).to_be_visible(timeout=WAIT_MS)
    step = watched.check("case step 1")
    page.screenshot(path=str(SCREENSHOTS / "xss-case-step.png"), full_page=True)
    for tab in ("history", "notes", "vitals", "medications", "labs"):
        for entry in getattr(case.chart, tab):
            assert entry.text in step, f"chart {tab} not read back: {entry.text!r}"
    page.locator(".cq-chart-tabs .lm-TabBar-tab, .cq-chart-tabs .p-TabBar-tab").nth(1).click()
    watched.check("case chart tab 2 opened")
    page.get_by_role("radio", name="True", exact=True).check()
    submit.click()
    onward = page.get_by_role("button", name="See how the case ends →")
    expect(onward).to_be_visible(timeout=WAIT_MS)
    outcome = watched.check("case outcome")
    assert case.steps[0].branches["true"].consequence in outcome
    onward.click()
    expect(page.get_by_role("button", name="Play this case again")).to_be_visible(timeout=WAIT_MS)
    debrief = watched.check("case debrief")
    ending = case.endings[0]
    assert ending.title in debrief and ending.text in debrief and ending.debrief in debrief
    case_fields = {text: where for text, where in placed.items() if where.startswith("case")}
    missing = {
        text: where
        for text, where in case_fields.items()
        if not shown(text, watched.read) and not where.endswith(("feedback_false", "consequence false"))
    }
    assert not missing, f"payloads not read back as text: {missing}"


def test_the_checks_catch_a_payload_that_runs(watched: Watched, xss_server: Any):
    """The canary, the dialog handler and the markup scan do see a payload that is taken as HTML."""
    page = watched.page
    page.goto(xss_server.url)
    expect(page.get_by_role("textbox", name="Student id or name")).to_be_visible(timeout=WAIT_MS)
    watched.check("identity screen")
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", PAYLOADS[1])
    with pytest.raises(AssertionError, match="a payload ran"):
        watched.check("a payload inserted as HTML")
    page.evaluate("() => { delete window.__pwned; setTimeout(() => alert('pwned'), 0); }")
    with pytest.raises(AssertionError, match="a dialog opened"):
        watched.check("an alert")
    watched.dialogs.clear()
    with pytest.raises(AssertionError, match="IMG src=x"):
        watched.check("the image still in the page")
    page.evaluate("() => document.querySelectorAll('img[src=x]').forEach(el => el.remove())")


def test_every_payload_is_placed_in_a_valid_bank(tmp_path: Path):
    placed = build_bank(tmp_path / "bank")
    assert set(placed) == set(PAYLOADS)
    bank = load_bank([tmp_path / "bank"])
    assert {o.text for o in bank.objectives.values()} <= set(PAYLOADS)
