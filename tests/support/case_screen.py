"""Driving the case page as a learner would: by roles, labels and visible text.

Answering reuses the quiz's helpers (tests/support/quiz_ui.py: radio, tick, matrix,
highlight, bowtie), which work inside the page's one `.cq-quiz` root. Reading the screen
(the chart, what happened, the debrief) is here. Waits are Playwright's; nothing here
asserts how long anything takes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from tests.support import quiz_ui
from tests.support.browser_api import Locator, Page, expect

WAIT_MS = 60_000  # a page and its kernel coming up; not a speed check
FEVER = "A fever, etanercept, and a first dose of anakinra"
MATRIX_TALK = "Raise it with the doctor before she takes anakinra"
MATRIX_RA = "A symptom of RA that anakinra is used to help"
Answer = Callable[[Page], None]


def root(page: Page) -> Locator:
    return page.locator(".cq-quiz.cq-case")


def open_cases(page: Page, url: str, learner: str, name: str = "Test Learner") -> None:
    """Load the case page as `learner` (the return-link address) and wait for the kernel's screen."""
    page.goto(url + "?" + urlencode({"learner": learner, "name": name}))
    expect(root(page)).to_be_visible(timeout=WAIT_MS)
    expect(root(page).locator("h1, .cq-case-where").first).to_be_visible(timeout=WAIT_MS)


def start_case(page: Page, title: str = FEVER) -> None:
    card = root(page).locator(".cq-picker-card").filter(has_text=title)
    card.get_by_role("button", name="Start this case").click()
    expect(step_line(page)).to_have_text(re.compile(r"^Step 1 · "))


def step_line(page: Page) -> Locator:
    return root(page).locator(".cq-case-where")


def step_number(page: Page) -> int:
    return int(re.match(r"Step (\d+)", step_line(page).inner_text()).group(1))  # type: ignore[union-attr]


# -- the chart ----------------------------------------------------------------------------


def chart(page: Page) -> Locator:
    return root(page).locator(".cq-chart")


def tab_titles(page: Page) -> list[str]:
    return [t.strip() for t in chart(page).get_by_role("tab").all_inner_texts()]


def open_tab(page: Page, title: str) -> None:
    """Open the chart tab whose title starts with `title` (e.g. "Vital signs")."""
    chart(page).get_by_role("tab").filter(has_text=re.compile("^" + re.escape(title))).click()


def chart_rows(page: Page, title: str) -> list[str]:
    """The entries of one chart tab as shown (with their 'New'/'Updated' words and times)."""
    open_tab(page, title)
    rows = chart(page).locator("li.cq-chart-row").filter(visible=True)
    empty = chart(page).get_by_text("Nothing recorded yet.").filter(visible=True)
    expect(rows.or_(empty).first).to_be_visible()
    return [" ".join(t.split()) for t in rows.all_inner_texts()]


def new_rows(page: Page, title: str) -> list[str]:
    """The entries of one tab marked "New" or "Updated" (by their mark, not by their words)."""
    open_tab(page, title)
    rows = chart(page).locator("li.cq-chart-row").filter(visible=True).filter(has=page.locator(".cq-badge"))
    return [" ".join(t.split()) for t in rows.all_inner_texts()]


# -- answering ----------------------------------------------------------------------------


def submit(page: Page) -> str:
    """Submit the step's answer; return what happened (the consequence on screen)."""
    number = step_number(page)
    root(page).get_by_role("button", name="Submit answer").click()
    expect(root(page).get_by_role("button", name="Answer submitted")).to_be_visible()
    consequence = root(page).locator(".cq-consequence")
    expect(consequence).to_be_visible()
    assert step_number(page) == number
    return " ".join(consequence.inner_text().split())


def saved(page: Page) -> Locator:
    return root(page).locator(".cq-outcome").get_by_text("Saved ✓", exact=True)


def go_on(page: Page) -> None:
    """Press Continue (or, after the last step, 'See how the case ends')."""
    number = step_number(page)
    button = root(page).get_by_role("button", name=re.compile(r"^(Continue to step \d+|See how the case ends) →$"))
    last = "ends" in button.inner_text()
    button.click()
    if last:
        expect(root(page).get_by_role("heading", name="How the case ended")).to_be_visible()
    else:
        expect(step_line(page)).to_have_text(re.compile(rf"^Step {number + 1} · "))


def highlight(texts: list[str]) -> Answer:
    return lambda page: quiz_ui.highlight(page, texts)


def matrix(answers: dict[str, str]) -> Answer:
    return lambda page: quiz_ui.matrix(page, answers)


def choose(label: str) -> Answer:
    return lambda page: quiz_ui.radio(page, label)


def tick(labels: list[str]) -> Answer:
    return lambda page: [quiz_ui.tick(page, label) for label in labels]  # type: ignore[func-returns-value]


def bowtie(picks: dict[str, list[str]]) -> Answer:
    return lambda page: quiz_ui.bowtie(page, picks)


@dataclass(frozen=True)
class Move:
    """One step of a path: what the screen says the step is, how to answer, the response it sends."""

    judgment: str  # e.g. "Recognize cues"
    answer: Answer
    response: object  # the same answer in the bank's terms (for the core's expectations)


Hook = Callable[[int, Page], None]


def play(
    page: Page, moves: list[Move], before: Hook | None = None, after: Hook | None = None, first: int = 1
) -> list[str]:
    """Answer each move in turn (the first is step `first`) and press Continue; return the consequences
    shown. `before(n, page)` runs when step n is on screen, `after(n, page)` once its outcome is."""
    seen = []
    for number, move in enumerate(moves, start=first):
        expect(step_line(page)).to_contain_text(f"Step {number} · Clinical judgment: {move.judgment}")
        if before is not None:
            before(number, page)
        move.answer(page)
        seen.append(submit(page))
        expect(saved(page)).to_be_visible()
        if after is not None:
            after(number, page)
        go_on(page)
    return seen


# -- the debrief ---------------------------------------------------------------------------


def score_rows(page: Page) -> list[tuple[str, str]]:
    cells = root(page).locator("table.cq-scores tr")
    rows = []
    for row in cells.all():
        texts = [" ".join(t.split()) for t in row.locator("td, th").all_inner_texts()]
        rows.append((texts[0], texts[1]))
    return rows[1:]  # without the header


def debrief_steps(page: Page) -> list[Locator]:
    return root(page).locator("li.cq-path-step").all()


def shot(page: Page, folder: Path, name: str) -> None:
    quiz_ui.shot(page, folder, name)


# -- what travels over the wire -------------------------------------------------------------


def forms(text: str) -> set[str]:
    """The ways a text can travel: as is, HTML-escaped, inside JSON."""
    escaped = html.escape(text, quote=True)
    out = {text, escaped}
    for value in (text, escaped):
        out.add(json.dumps(value)[1:-1])
        out.add(json.dumps(value, ensure_ascii=False)[1:-1])
    return out


def found_in(haystacks: list[str], text: str) -> bool:
    return any(form in hay for hay in haystacks for form in forms(text))


class Wire:
    """Every websocket frame of a page, both ways, in the order seen."""

    def __init__(self, page: Page) -> None:
        self.frames: list[str] = []
        page.on("websocket", self._socket)

    def _socket(self, ws: object) -> None:
        ws.on("framereceived", self._frame)  # type: ignore[attr-defined]
        ws.on("framesent", self._frame)  # type: ignore[attr-defined]

    def _frame(self, payload: object) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, (bytes, bytearray)) else str(payload)
        self.frames.append(text)


OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('.cq-quiz, .cq-quiz *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
      wide.push(`${el.tagName}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  if (document.scrollingElement.scrollWidth > width + 1) wide.push('the page scrolls sideways');
  return wide;
}
"""


def too_wide(page: Page) -> list[str]:
    """Elements of the case screen wider than the window (empty on a screen that fits)."""
    return page.evaluate(OVERFLOW_JS)
