"""axe (WCAG 2.0-2.2 A and AA) on every item type of a practice quiz, as shown and after "Check answer",
then on the submit confirmation and the results with their review."""

from __future__ import annotations

import re

import pytest

from tests.support import quiz_ui as ui
from tests.support.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_every_item_type_and_its_feedback_pass_axe(page, voila_url, screenshots):
    ui.open_quiz(page, voila_url)
    ui.start_quiz(page, "practice", "axe-items")
    seen = set()
    for number in range(1, 11):
        spec = ui.spec_on_screen(page)
        seen.add(spec.type)
        assert_accessible(page, f"{spec.type} item")
        if spec.type in {"cloze", "dropdown_rationale"}:
            ui.shot(page, screenshots, f"axe-{spec.type}")
        spec.right(page)
        ui.wait_answered(page, number)
        page.get_by_role("button", name="Check answer").click()
        ui.quiz(page).locator(".cq-verdict").wait_for()
        assert_accessible(page, f"{spec.type} item's feedback")
        if number < 10:
            ui.go_next(page)
    assert len(seen) == 10, seen
    page.get_by_role("button", name="Submit…").click()
    ui.quiz(page).get_by_text("Submit your answers?").wait_for()
    assert_accessible(page, "submit confirmation")
    page.get_by_role("button", name="Yes, submit").click()
    ui.quiz(page).get_by_text(re.compile(r"^You scored ")).wait_for()
    assert_accessible(page, "results and review")
