"""Who is taking the quiz: bad ids get a clear message, the same id (however typed) is the same
learner, names are shown as text; the home screen's choices and the join box's messages."""

from __future__ import annotations

import pytest

from tests.browser.records import records_steps as steps
from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

from quizbank.class_settings import ClassSettings
from quizbank.store import Store
from widgets.home import CASE_MODULE, REFRESHER_MODULE, installed


@pytest.mark.browser
def test_bad_ids_get_a_clear_message_and_a_good_one_opens_home(records_server, pages, screenshots):
    page = pages()
    page.goto(records_server.url)
    box = page.get_by_role("textbox", name="Student id or name")
    expect(box).to_be_visible(timeout=ui.WAIT_MS)
    message = ui.quiz(page).locator(".cq-identity .cq-status")
    cases = [
        ("", "Please type your student id or your name."),
        ("   ", "Please type your student id or your name."),
        ("a", "That is too short: use at least 2 characters."),
        ("x" * 61, "That is too long: use at most 60 characters."),
        ('<script>alert("x")</script>', "Use only letters, digits, spaces and . - _ ' @ (not \" ( ) / < >)."),
        ("--", "Your id needs at least one letter or digit."),
    ]
    for typed, expected in cases:
        box.fill(typed)
        page.get_by_role("button", name="Continue", exact=True).click()
        expect(message).to_have_text(expected)
        expect(ui.quiz(page).get_by_role("heading", name="Hello", exact=False)).to_have_count(0)
    ui.shot(page, screenshots, "records-identity-error")

    box.fill("  Maria  O’Brien ")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(ui.quiz(page).get_by_role("heading", name="Hello, Maria O'Brien")).to_be_visible()
    expect(page.get_by_role("button", name="Quiz", exact=True)).to_be_enabled()
    for title, module in (("Clinical case", CASE_MODULE), ("Self-paced refresher", REFRESHER_MODULE)):
        if installed(module):
            expect(page.get_by_role("button", name=title, exact=True)).to_be_enabled()
        else:
            expect(page.get_by_role("button", name=f"{title} (coming soon)")).to_be_disabled()
    with Store(records_server.db) as store:
        learner = store.get_learner(steps.learner_id("maria o'brien"))
    assert learner is not None and learner.display_name == "Maria O'Brien"

    page.get_by_role("button", name="Change id").click()  # not Maria: back to the question
    expect(box).to_have_value("")


@pytest.mark.browser
def test_join_codes_get_clear_messages(records_server, pages):
    with Store(records_server.db) as store:
        closed, key = store.create_session(ClassSettings(item_ids=("t-tf",)).to_dict())
        store.close_session(closed, key)
    page = pages()
    ui.open_page(page, records_server.url)
    message = ui.quiz(page).locator(".cq-home .cq-status")
    for typed, expected in [
        ("12", "A join code has 6 letters and digits, like K7Q-4MP. Please check the code and try again."),
        ("kqm-txy", "No class session has the code KQM-TXY. Please check the code your instructor shows."),
        (closed.lower(), f"The class session {closed} has ended. Ask your instructor for the current code."),
    ]:
        steps.join_class(page, typed)
        expect(message).to_have_text(expected)
