"""Steps a learner takes around the records, driven as a person would (roles, labels, text)."""

from __future__ import annotations

import re

from tests.support import quiz_ui as ui
from tests.support.browser_api import Locator, Page, expect

from quizbank.store import Store
from widgets.identity import identity_from_text

SAVED = re.compile(r"^✓ Saved at \d\d:\d\d:\d\d$")


def learner_id(typed: str) -> str:
    """The stored learner id the page derives from what was typed."""
    return identity_from_text(typed).learner_id


def saved_line(page: Page) -> Locator:
    return ui.quiz(page).locator(".cq-saved")


def expect_saved(page: Page) -> None:
    """Wait for the "✓ Saved at hh:mm:ss" line the learner is shown after an answer."""
    expect(saved_line(page)).to_have_text(SAVED)


def answer_and_wait_saved(page: Page, answered_before: int, right: bool = True) -> str:
    """Answer the item on screen, wait until the kernel counts it and says it is saved; returns its stem."""
    spec = ui.spec_on_screen(page)
    (spec.right if right else spec.wrong)(page)
    ui.wait_answered(page, answered_before + 1)
    expect_saved(page)
    return ui.stem(page)


def option_labels(page: Page) -> list[str]:
    """What the item on screen offers, in the order shown (radio, checkbox, step or segment texts)."""
    quiz = ui.quiz(page)
    texts = quiz.locator(
        ".widget-radio-box label, .widget-checkbox label, .cq-step-text, .cq-segment"
    ).all_inner_texts()
    return [t.strip() for t in texts]


def continue_quiz(page: Page) -> None:
    """On the home screen: carry on with the quiz in progress."""
    page.get_by_role("button", name="Continue your quiz").click()
    expect(ui.quiz(page).get_by_text(re.compile(r"^Item \d+ of \d+$"))).to_be_visible(timeout=ui.WAIT_MS)


def join_class(page: Page, code: str) -> None:
    """On the home screen: type the join code and join."""
    page.get_by_role("textbox", name="Join code").fill(code)
    page.get_by_role("button", name="Join class").click()


def stored_attempt(db, typed: str):  # noqa: ANN001, ANN201 - a path and an AttemptRecord
    """The learner's one quiz attempt as the records hold it (read through quizbank.store)."""
    with Store(db) as store:
        mine = store.list_attempts(learner_id(typed), "quiz")
        assert len(mine) == 1, mine
        return store.load_attempt(learner_id(typed), mine[0].attempt_id)
