"""A reload (a fresh kernel) mid-quiz: the same learner id brings back the same attempt at the
same item, with the same order, option orders, answers and practice feedback, and says it is
saved. A handed-in quiz shows its results after a reload, not a new quiz."""

from __future__ import annotations

import re

import pytest

from tests.browser.records import records_steps as steps
from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

pytestmark = pytest.mark.browser

SEED = "resume-3"  # items 1-3: true/false, matrix, single (none is answered just by being shown)


def test_reload_mid_quiz_continues_at_the_same_item(records_server, pages, screenshots):
    page = pages()
    page.goto(records_server.url)
    expect(page.get_by_role("textbox", name="Student id or name")).to_be_visible(timeout=ui.WAIT_MS)
    ui.shot(page, screenshots, "records-identity")
    ui.sign_in(page, "S-Resume 001")
    expect(ui.quiz(page).get_by_role("heading", name="Hello, S-Resume 001")).to_be_visible()
    ui.shot(page, screenshots, "records-home")
    page.get_by_role("button", name="Quiz", exact=True).click()
    ui.start_quiz(page, "practice", SEED)

    stems, options = [], []
    # Item 1: answered and checked (right); item 2: answered, not checked; then on to item 3.
    options.append(steps.option_labels(page))
    stems.append(steps.answer_and_wait_saved(page, 0))
    page.get_by_role("button", name="Check answer").click()
    expect(ui.quiz(page).locator(".cq-verdict")).to_have_text(re.compile(r"^✓ Correct"))
    steps.expect_saved(page)
    ui.shot(page, screenshots, "records-saved")
    ui.go_next(page)
    options.append(steps.option_labels(page))
    stems.append(steps.answer_and_wait_saved(page, 1))
    ui.go_next(page)
    stems.append(ui.stem(page))
    options.append(steps.option_labels(page))
    assert ui.item_number(page) == 3

    page.reload()  # a fresh kernel: everything below comes from the records
    ui.sign_in(page, "  s-resume   001")  # the same id, typed differently
    expect(ui.quiz(page).get_by_text(re.compile(r"2 of 10 answered, next item 3"))).to_be_visible()
    steps.continue_quiz(page)
    expect(ui.quiz(page).get_by_text("Item 3 of 10", exact=True)).to_be_visible()
    expect(ui.quiz(page).get_by_text("Welcome back: you carry on where you stopped.", exact=False)).to_be_visible()
    steps.expect_saved(page)
    expect(ui.quiz(page).get_by_text(re.compile(r"^Answered 2 of 10"))).to_be_visible()
    assert ui.stem(page) == stems[2]
    assert steps.option_labels(page) == options[2]
    ui.shot(page, screenshots, "records-resumed")

    ui.go_previous(page)  # item 2: its answer is there, not checked
    assert ui.stem(page) == stems[1] and steps.option_labels(page) == options[1]
    expect(ui.quiz(page).locator("input:checked")).to_have_count(3)  # one choice per matrix row
    expect(ui.quiz(page).locator(".cq-verdict")).to_have_count(0)
    expect(page.get_by_role("button", name="Check answer")).to_be_enabled()
    ui.go_previous(page)  # item 1: answer and practice feedback as they were
    assert ui.stem(page) == stems[0] and steps.option_labels(page) == options[0]
    expect(ui.quiz(page).locator("input:checked")).to_have_count(1)
    expect(ui.quiz(page).locator(".cq-verdict")).to_have_text(re.compile(r"^✓ Correct"))
    expect(page.get_by_role("button", name="Answered")).to_be_disabled()

    record = steps.stored_attempt(records_server.db, "s-resume 001")
    assert record.seed == SEED and not record.submitted
    answered = [record.responses[i].answer is not None for i in record.item_order]
    assert answered[:3] == [True, True, False] and sum(answered) == 2
    assert record.responses[record.item_order[0]].locked  # checked right: final


def test_a_handed_in_quiz_shows_its_results_after_a_reload(records_server, pages):
    page = pages()
    learner = ui.open_quiz(page, records_server.url, "?topic=mechanism")
    ui.start_quiz(page, "exam", "resume-done", count=1)
    steps.answer_and_wait_saved(page, 0)
    ui.submit(page)
    expect(ui.quiz(page).get_by_text("You scored 1 of 1 mark (100%).")).to_be_visible()

    page.reload()
    ui.sign_in(page, learner)
    expect(page.get_by_role("button", name="Continue your quiz")).to_have_count(0)  # nothing open
    page.get_by_role("button", name="See your last results").click()
    expect(ui.quiz(page).get_by_text("You scored 1 of 1 mark (100%).")).to_be_visible()
    expect(ui.quiz(page).locator(".cq-review-item")).to_have_count(1)
    page.get_by_role("button", name="Start a new quiz").click()  # and a new quiz can start
    ui.start_quiz(page, "practice", "resume-next", count=1)
    with steps.Store(records_server.db) as store:
        mine = store.list_attempts(steps.learner_id(learner), "quiz")
    assert [a.submitted_at is not None for a in mine] == [True, False]
