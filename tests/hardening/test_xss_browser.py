"""Escaping, in a real browser: bank text and learner names are shown as text and never run.

A temporary bank puts 60 XSS payloads (script tags, event handlers, javascript: URLs, SVG
and MathML, closing </style> and </script>, template injection, HTML entities, Unicode
tricks, markdown and LaTeX with MathJax commands) into every field of bank text the page
shows: objectives, stems, options and their feedback, rationales, matrix rows and columns,
highlight segments (chart-note cues), cloze sentences and choices, ordering steps, bow-tie
options, and a clinical case (title, summary, patient, every chart tab, narrative, chart
updates, consequences, ending, debrief). Quotes stay real quotes from the sources.

A real Voila server (tests/support/voila.py, as the browser tests start it) serves the
quiz; headless Chromium signs in (the id box is tried with payloads first), takes the whole
exam, reads the review page, and plays the case. On every screen: no dialog opened, the
canary `window.__pwned` (set by every payload that runs) is unset, no element carries a
payload's event handler, javascript: URL or script, and each payload shown there is read back
from the page as the very text the bank holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hardening.xss_payloads import ITEM_COUNT, MATH_COUNT, MATH_TOPIC, NAMES, PAYLOADS, SAFE_NAME, build_bank
from tests.support import pages, voila
from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

from quizbank.loader import load_bank

pytestmark = pytest.mark.browser
WAIT_MS = ui.WAIT_MS
SCREENSHOTS = voila.SCREENSHOTS

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
    server = voila.VoilaServer(xss_bank[0], "voila-xss-bank.log")
    try:
        yield server
    finally:
        server.stop()


class Watched:
    """A page whose dialogs are recorded (and dismissed) and whose screens are checked and read."""

    def __init__(self, browser: Any) -> None:
        self.recording = pages.RecordingPage(browser, pages.DESKTOP)
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
