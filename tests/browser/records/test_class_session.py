"""Three learners join a class session by its code, in three separate browsers, and answer; the
instructor dashboard (its own server, as ``python -m widgets.server`` starts it) shows them.

The session's settings apply to everyone: the same four items, exam mode, results after
submission; each learner's order comes from their own seed.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.records import records_steps as steps
from tests.support import dashboard_ui as dash
from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

from quizbank.class_settings import ClassSettings

pytestmark = pytest.mark.browser

ITEMS = ("d-single", "d-tf", "d-sata", "d-matrix")
LEARNERS = [("Ana", 4, True), ("Ben", 2, True), ("Cy", 1, False)]  # name, items answered right, submits


def take_class_quiz(page, url: str, name: str, code: str, right: int, submit: bool, shots=None) -> None:
    ui.open_page(page, url, learner=name)
    steps.join_class(page, code.lower().replace("-", " "))  # typed loosely: still the same code
    expect(ui.quiz(page).get_by_role("heading", name="Ward 3: anakinra basics")).to_be_visible()
    expect(ui.quiz(page).get_by_text("4 questions, the same for everyone in the class.")).to_be_visible()
    if shots is not None:
        ui.shot(page, shots, "records-class-intro")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(ui.quiz(page).get_by_text("Item 1 of 4", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Check answer")).to_have_count(0)  # exam: nothing checked
    for number in range(4):
        spec = ui.spec_on_screen(page)
        (spec.right if number < right else spec.wrong)(page)
        ui.wait_answered(page, number + 1)
        steps.expect_saved(page)
        if number < 3:
            ui.go_next(page)
    if submit:
        ui.submit(page)
        page.get_by_role("button", name="Back to home").click()
        expect(ui.quiz(page).get_by_role("heading", name=f"Hello, {name}")).to_be_visible()


def test_three_learners_join_by_code_and_the_dashboard_shows_them(servers, server_store, pages, screenshots):
    settings = ClassSettings(item_ids=ITEMS, mode="exam", feedback="after_submit", title="Ward 3: anakinra basics")
    code, key = server_store.create_session(settings.to_dict(), instructor_label="Ward 3")
    learners = [(pages(), *learner) for learner in LEARNERS]
    for page, name, right, submit in learners:
        take_class_quiz(page, servers.student_url, name, code, right, submit, screenshots if name == "Ana" else None)

    # The records: one attempt each in the session, with the session's items.
    rows = server_store.class_results(code, key)
    by_learner: dict[str, list] = {}
    for row in rows:
        by_learner.setdefault(row.display_name, []).append(row)
    assert sorted(by_learner) == ["Ana", "Ben", "Cy"]
    for name, _right, submit in LEARNERS:
        mine = by_learner[name]
        assert sorted(r.item_id for r in mine) == sorted(ITEMS)
        assert all(r.answer is not None for r in mine)
        assert (mine[0].submitted_at is not None) == submit
        assert mine[0].learner_id == steps.learner_id(name)

    # The instructor's dashboard, opened with the session's code and key.
    teacher = pages({"width": 1280, "height": 900})
    teacher.goto(f"{servers.instructor_login_url}&code={code}&key={key}")
    assert dash.join_code(teacher) == code
    expect(dash.dash(teacher).locator(".cq-student-row")).to_have_count(3, timeout=dash.LIVE_MS)
    expect(dash.stat(teacher, "Joined")).to_have_text("3")
    expect(dash.stat(teacher, "Submitted")).to_have_text("2")
    assert dash.student_names(teacher) == ["Ana", "Ben", "Cy"]
    student_rows = dash.dash(teacher).locator(".cq-student-row")
    expect(student_rows.nth(0)).to_contain_text("Submitted")
    expect(student_rows.nth(2)).to_contain_text("Answering")

    # Cy comes back (a reload) and hands in: the dashboard shows it by itself.
    page = learners[2][0]
    page.reload()
    ui.sign_in(page, "cy")
    page.get_by_role("button", name=f"Continue class {code}").click()
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(ui.quiz(page).get_by_text(re.compile(r"^Answered 4 of 4"))).to_be_visible()
    ui.submit(page)
    expect(dash.stat(teacher, "Submitted")).to_have_text("3", timeout=dash.LIVE_MS)

    # Joining again after handing in shows the results, not a new attempt.
    page.get_by_role("button", name="Back to home").click()
    steps.join_class(page, code)
    expect(ui.quiz(page).get_by_text(re.compile(r"^You scored "))).to_be_visible()
    assert len(server_store.list_attempts(steps.learner_id("Cy"), "quiz")) == 1
