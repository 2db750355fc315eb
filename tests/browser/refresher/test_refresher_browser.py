"""A pharmacist's refresher in Chromium, visit by visit, on fake days.

Monday: sign in, start the pre-test, leave after one answer, come back (it resumes), finish
it with two answers wrong on purpose; nothing is due again the same day. Tuesday: the two
missed questions (and only they) are due; a review session; then the post-test (new
questions, nurses' items never), passed; the statement of completion with the learner's
name and the not-accredited line; printed (emulated) on one page.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.support import quiz_ui as ui
from tests.support.axe import assert_accessible
from tests.support.browser_api import Page, expect

from quizbank.loader import load_bank
from quizbank.refresher import statement_html

pytestmark = pytest.mark.browser

WAIT_MS = ui.WAIT_MS
LEARNER_ID = "rx-ana-costa"
NAME = "Ana Costa <PharmD>"  # the < > must show as text, never as HTML
# Each stem starts with its code; (right answer, wrong answer) as the radio buttons read.
ANSWERS = {
    "Q-M1": ("Interleukin-1 (IL-1)", "Insulin"),
    "Q-M2": ("True", "False"),
    "Q-M3": ("Excessive amounts", "Too little"),
    "Q-D1": ("True", "False"),
    "Q-D2": ("As an injection under the skin", "As a tablet"),
    "Q-D3": ("True", "False"),
    "Q-S1": ("Mild redness, swelling, and pain at the injection site", "Hair loss"),
    "Q-S2": ("False", "True"),
    "Q-S3": ("True", "False"),
    "Q-I1": ("Etanercept (Enbrel)", "None: anakinra has no interactions"),
    "Q-I2": ("True", "False"),
    "Q-I3": ("TNF blockers such as etanercept", "Antacids"),
}
MISS_ON_PURPOSE = ("Q-M", "Q-S")  # the pre-test's mechanism and side-effect questions


def sign_in(page: Page, url: str, name: str = "") -> None:
    page.goto(url)
    expect(page.get_by_role("button", name="Continue")).to_be_visible(timeout=WAIT_MS)
    boxes = ui.quiz(page).locator(".cq-field input[type=text]")
    boxes.nth(0).fill(LEARNER_ID)
    boxes.nth(1).fill(name)
    page.get_by_role("button", name="Continue").click()
    expect(ui.quiz(page).get_by_text("Your path", exact=True)).to_be_visible(timeout=WAIT_MS)


def code(page: Page) -> str:
    return ui.stem(page).split(":")[0]


def answer(page: Page, right: bool) -> str:
    """Answer the question on screen; return its code."""
    shown = code(page)
    ui.radio(page, ANSWERS[shown][0 if right else 1])
    return shown


def wait_item(page: Page, number: int, count: int) -> None:
    expect(ui.quiz(page).get_by_text(f"Item {number} of {count}", exact=True)).to_be_visible(timeout=WAIT_MS)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_shipped_banks_statement_prints_on_one_page(browser: Any, screenshots: Path) -> None:
    """Twelve objectives and a long name still fit one A4 page, and nothing around the statement prints."""
    bank = load_bank()
    statement = statement_html(
        learner_name="Dr. Maria-Fernanda Oyelaran-Whitfield",
        learner_id="typed-" + "0" * 32,
        completed=datetime(2026, 3, 3, tzinfo=timezone.utc),
        score=0.83,
        mark=0.7,
        objectives=[o.text for o in bank.objectives.values()],
        sources=bank.sources.values(),
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(f"<html><body><h1>The plan</h1><p>Progress</p>{statement}<p>After</p></body></html>")
        page.emulate_media(media="print")
        expect(page.get_by_text("The plan")).to_be_hidden()
        expect(page.locator(".cq-statement")).to_be_visible()
        pdf = page.pdf(format="A4")
        assert pdf_pages(pdf) == 1 and b"/FontFile" in pdf
    finally:
        context.close()


def test_refresher_visit_by_visit(refresher_server: Any, new_page: Any, screenshots: Path) -> None:
    artifacts = screenshots.parent
    # -- Visit 1, Monday: the pre-test, interrupted and resumed --------------------------------
    with refresher_server("2026-03-02") as server:
        page = new_page()
        sign_in(page, server.url, NAME)
        quiz = ui.quiz(page)
        expect(quiz.get_by_text("Hello, Ana Costa <PharmD>. Today is Monday 2 March 2026.")).to_be_visible()
        expect(quiz.get_by_role("heading", name="Pre-test (4 questions, about 3 minutes)")).to_be_visible()
        ui.shot(page, screenshots, "refresher-first-visit")
        assert_accessible(page, "refresher first visit")
        page.get_by_role("button", name="Start the pre-test").click()
        wait_item(page, 1, 4)
        expect(quiz.get_by_role("heading", name="Pre-test")).to_be_visible()
        expect(quiz.get_by_role("button", name="Check answer")).to_have_count(0)  # exam: nothing marked yet
        pretest = [answer(page, right=not code(page).startswith(MISS_ON_PURPOSE))]
        ui.wait_answered(page, 1)

        page.reload()  # the pharmacist is called away; the page comes back with a fresh kernel
        sign_in(page, server.url)  # a blank name keeps the saved one
        expect(quiz.get_by_text("Hello, Ana Costa <PharmD>.", exact=False)).to_be_visible()
        page.get_by_role("button", name="Resume the pre-test (1 of 4 answered)").click()
        wait_item(page, 2, 4)  # carries on at the next question without an answer
        ui.wait_answered(page, 1)
        expect(quiz.get_by_text("Welcome back: your pre-test carries on where you stopped")).to_be_visible()
        for number in range(2, 5):
            if number > 2:
                ui.go_next(page)
            shown = answer(page, right=not code(page).startswith(MISS_ON_PURPOSE))
            pretest.append(shown)
            ui.wait_answered(page, number)
        missed = sorted(c for c in pretest if c.startswith(MISS_ON_PURPOSE))
        assert len(missed) == 2 and not any(c.startswith("Q-NURSING") for c in pretest)
        ui.submit(page)
        expect(quiz.get_by_role("heading", name="Pre-test results")).to_be_visible()
        expect(
            quiz.get_by_text(
                "2 questions not fully right at the first try: they come back for review soon "
                "(tomorrow at the earliest)."
            )
        ).to_be_visible()
        ui.shot(page, screenshots, "refresher-pretest-results")
        assert_accessible(page, "refresher pretest results")
        page.get_by_role("button", name="Back to my plan").click()
        expect(quiz.get_by_role("heading", name="Nothing is due for review today")).to_be_visible(timeout=WAIT_MS)
        expect(quiz.get_by_text("Your next review: 2 questions on Tuesday 3 March 2026.", exact=False)).to_be_visible()
        expect(quiz.get_by_role("button", name=re.compile("^Start"))).to_have_count(0)  # nothing to start today
        expect(quiz.get_by_text("0 of 1 right at your last try").first).to_be_visible()
        ui.shot(page, screenshots, "refresher-plan-after-pretest")
        assert_accessible(page, "refresher plan after pretest")
        # The pre-test's review opens again from the plan, and Back returns to the plan.
        page.get_by_role("button", name="Pre-test, Monday 2 March 2026: 50%").click()
        expect(quiz.get_by_role("heading", name="Pre-test results")).to_be_visible(timeout=WAIT_MS)
        expect(quiz.get_by_text("Submitted on Monday 2 March 2026.", exact=False)).to_be_visible()
        ui.shot(page, screenshots, "refresher-pretest-again")
        assert_accessible(page, "refresher pretest again")
        page.get_by_role("button", name="Back to my plan").click()
        expect(quiz.get_by_role("heading", name="Nothing is due for review today")).to_be_visible(timeout=WAIT_MS)

    # -- Visit 2, Tuesday: review the missed questions, then the post-test ----------------------
    with refresher_server("2026-03-03") as server:
        page = new_page()
        sign_in(page, server.url)
        quiz = ui.quiz(page)
        expect(quiz.get_by_role("heading", name="2 questions due for review today")).to_be_visible()
        expect(quiz.get_by_role("heading", name="Your progress by learning objective")).to_be_visible()
        expect(quiz.locator(".cq-progress-row")).to_have_count(4)
        expect(quiz.get_by_text("0 of 1 right at your last try · 1 due today")).to_have_count(2)
        ui.shot(page, screenshots, "refresher-review-due")
        assert_accessible(page, "refresher review due")
        phone = new_page(390, 844)
        sign_in(phone, server.url)
        expect(ui.quiz(phone).get_by_role("heading", name="2 questions due for review today")).to_be_visible()
        assert phone.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1"), "no sideways scroll"
        ui.shot(phone, screenshots, "refresher-phone-plan")
        assert_accessible(phone, "refresher phone plan")
        phone.close()
        page.get_by_role("button", name="Start a review session (2 questions, about 2 minutes)").click()
        wait_item(page, 1, 2)
        expect(quiz.get_by_role("heading", name="Review session")).to_be_visible()
        reviewed = []
        for number in (1, 2):
            if number > 1:
                ui.go_next(page)
            reviewed.append(answer(page, right=True))
            ui.wait_answered(page, number)
            page.get_by_role("button", name="Check answer").click()
            expect(quiz.locator(".cq-verdict")).to_have_text("✓ Correct — 1 of 1 point")
            if number == 1:
                ui.shot(page, screenshots, "refresher-review-feedback")
                assert_accessible(page, "refresher review feedback")
        assert sorted(reviewed) == missed, "a review session takes only the due (missed) questions"
        ui.submit(page)
        expect(quiz.get_by_role("heading", name="Review session results")).to_be_visible()
        page.get_by_role("button", name="Back to my plan").click()

        expect(quiz.get_by_role("heading", name="Post-test (4 questions, about 3 minutes)")).to_be_visible(
            timeout=WAIT_MS
        )
        expect(
            quiz.get_by_text(
                "Pass mark: 70%. If you do not reach it, the questions you missed come back for "
                "review first, then you have one retake (two sittings in all)."
            )
        ).to_be_visible()
        ui.shot(page, screenshots, "refresher-posttest-open")
        assert_accessible(page, "refresher posttest open")
        page.get_by_role("button", name="Start the post-test").click()
        wait_item(page, 1, 4)
        posttest = []
        for number in range(1, 5):
            if number > 1:
                ui.go_next(page)
            posttest.append(answer(page, right=True))
            ui.wait_answered(page, number)
        assert not set(posttest) & set(pretest), "the post-test draws questions the pre-test did not ask"
        assert not any(c.startswith("Q-NURSING") for c in posttest)
        ui.submit(page)
        expect(quiz.get_by_role("heading", name="Post-test results")).to_be_visible()
        expect(quiz.get_by_text("You passed (pass mark 70%).", exact=False)).to_be_visible()
        ui.shot(page, screenshots, "refresher-posttest-results")
        assert_accessible(page, "refresher posttest results")
        page.get_by_role("button", name="Back to my plan").click()

        statement = quiz.locator(".cq-statement")
        expect(statement).to_be_visible(timeout=WAIT_MS)
        expect(statement.locator(".cq-statement-name")).to_have_text(NAME)
        expect(statement).to_contain_text("This statement is not accredited continuing-education credit.")
        expect(statement).to_contain_text("Post-test score: 100% (pass mark 70%).")
        expect(statement).to_contain_text("Completed 03 March 2026")
        expect(statement).to_contain_text("Describe how anakinra is given.")
        expect(statement).to_contain_text("Anakinra May Help Ease the Pain of Rheumatoid Arthritis")
        expect(quiz.get_by_text("use your browser's Print command (Ctrl+P", exact=False)).to_be_visible()
        ui.shot(page, screenshots, "refresher-statement")
        assert_accessible(page, "refresher statement")

        # Printing: the statement alone, on one page.
        page.emulate_media(media="print")
        expect(statement).to_be_visible()
        expect(statement.get_by_text("not accredited continuing-education credit")).to_be_visible()
        expect(quiz.get_by_text("Your path", exact=True)).to_be_hidden()
        expect(quiz.get_by_role("heading", name="Your progress by learning objective")).to_be_hidden()
        box = statement.bounding_box()
        assert box is not None and box["y"] < 60, f"the statement does not start the printed page: {box}"
        pdf = page.pdf(path=str(artifacts / "refresher-statement.pdf"), format="A4", print_background=True)
        assert pdf_pages(pdf) == 1, f"the statement printed on {pdf_pages(pdf)} pages"
        assert b"/FontFile" in pdf, "the printed page has no text on it"
        page.screenshot(path=str(screenshots / "refresher-statement-print.png"), full_page=True)
        page.emulate_media(media="screen")

        # Passing is kept: a later visit shows the statement again.
        page.reload()
        sign_in(page, server.url)
        expect(ui.quiz(page).locator(".cq-statement .cq-statement-name")).to_have_text(NAME)
