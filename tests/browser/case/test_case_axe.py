"""axe (WCAG 2.0-2.2 A and AA) on every screen of a case: the case list, each step and its outcome, the debrief."""

from __future__ import annotations

import pytest

from tests.support import case_screen as ui
from tests.support.axe import assert_accessible
from tests.support.browser_api import Page, expect
from tests.support.fever_paths import GOOD

pytestmark = pytest.mark.browser


def test_case_screens_pass_axe(page, case_url, learner, screenshots):
    ui.open_cases(page, case_url, learner)
    assert_accessible(page, "case list")
    ui.start_case(page)

    def before(number: int, page: Page) -> None:
        assert_accessible(page, f"case step {number}")
        if number == 1:
            ui.shot(page, screenshots, "axe-case-step")

    def after(number: int, page: Page) -> None:
        assert_accessible(page, f"case step {number}'s outcome")

    ui.play(page, GOOD, before, after)
    expect(ui.root(page).locator(".cq-ending")).to_be_visible()
    assert_accessible(page, "case debrief")
