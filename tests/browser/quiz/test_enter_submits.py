"""Enter in a single-field form does what its button does, with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

from widgets.home import BAD_CODE

pytestmark = pytest.mark.browser


def test_enter_signs_in_and_joins_without_the_mouse(page, voila_url):
    page.goto(voila_url)
    box = page.get_by_role("textbox", name="Student id or name")
    expect(box).to_be_visible(timeout=ui.WAIT_MS)
    box.fill(ui.new_learner())
    box.press("Enter")
    expect(ui.quiz(page).get_by_role("heading", name=re.compile(r"^Hello, "))).to_be_visible(timeout=ui.WAIT_MS)
    code = page.get_by_role("textbox", name="Join code")
    code.fill("no")
    code.press("Enter")
    expect(ui.quiz(page).get_by_text(BAD_CODE)).to_be_visible()
