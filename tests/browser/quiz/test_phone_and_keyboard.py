"""A phone-sized screen (390 x 844) and keyboard-only use."""

from __future__ import annotations

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import Page, expect

pytestmark = pytest.mark.browser

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
  for (const el of document.querySelectorAll('body, body *')) {
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      wide.push(`scrolls sideways: ${el.tagName}#${el.id}.${el.className}`);
    }
  }
  if (document.scrollingElement.scrollWidth > width + 1) wide.push('the page scrolls sideways');
  return wide;
}
"""


def no_sideways_scrolling(page: Page) -> list[str]:
    return page.evaluate(OVERFLOW_JS)


def test_phone_start_screen_and_every_item_fit_without_sideways_scrolling(phone_page, voila_url, screenshots):
    page = phone_page
    page.goto(voila_url)
    expect(page.get_by_role("textbox", name="Student id or name")).to_be_visible(timeout=ui.WAIT_MS)
    assert no_sideways_scrolling(page) == []  # the id question
    ui.sign_in(page, ui.new_learner())
    assert no_sideways_scrolling(page) == []  # the home screen
    ui.shot(page, screenshots, "phone-home")
    page.get_by_role("button", name="Quiz", exact=True).click()
    expect(page.get_by_role("button", name="Start quiz")).to_be_visible(timeout=ui.WAIT_MS)
    assert no_sideways_scrolling(page) == []
    ui.shot(page, screenshots, "phone-start-screen")
    ui.start_quiz(page, "practice", "phone-1")
    for number in range(1, 11):
        spec = ui.spec_on_screen(page)
        spec.right(page)
        ui.wait_answered(page, number)
        assert no_sideways_scrolling(page) == [], spec.type
        if spec.type in ("bowtie", "ordering", "matrix", "dropdown_rationale"):
            ui.shot(page, screenshots, f"phone-item-{spec.type}")
        if spec.type == "bowtie":
            page.get_by_role("button", name="Check answer").click()
            expect(ui.quiz(page).locator(".cq-verdict")).to_have_text("✓ Correct — 5 of 5 points")
            assert no_sideways_scrolling(page) == []
            ui.shot(page, screenshots, "phone-practice-feedback")
        if number < 10:
            ui.go_next(page)


def press_tab_until(page: Page, text: str, limit: int = 60) -> None:
    """Tab through the page until the focused element's text or label is `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement;"
            " return ((el.labels && el.labels[0] && el.labels[0].innerText) || el.innerText || el.value || '').trim(); }"
        )
        if focused == text:
            return
    raise AssertionError(f"could not reach {text!r} with the Tab key")


def test_keyboard_only_single_item(page, voila_url):
    ui.open_quiz(page, voila_url, "?topic=mechanism&seed=keys")
    expect(page.get_by_text("1 question matches your choices.")).to_be_visible()
    press_tab_until(page, "Start quiz")
    page.keyboard.press("Enter")
    expect(ui.quiz(page).get_by_text("Item 1 of 1", exact=True)).to_be_visible()
    press_tab_until(page, "Interleukin-1 (IL-1)")
    page.keyboard.press("Space")
    ui.wait_answered(page, 1)
    press_tab_until(page, "Check answer")
    page.keyboard.press("Enter")
    expect(ui.quiz(page).locator(".cq-verdict")).to_have_text("✓ Correct — 1 of 1 point")
    press_tab_until(page, "Submit…")
    page.keyboard.press("Enter")
    press_tab_until(page, "Yes, submit")
    page.keyboard.press("Enter")
    expect(ui.quiz(page).get_by_text("You scored 1 of 1 mark (100%).")).to_be_visible()
