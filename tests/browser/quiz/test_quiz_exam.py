"""A full exam in Chromium: every item type, nothing about correctness until submission,
then the review page with every item's answer, key, points, rationale and source."""

from __future__ import annotations

import re

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

from quizbank.loader import load_bank

pytestmark = pytest.mark.browser


def test_exam_shows_nothing_until_submitted_then_reviews_every_item(page, voila_url, screenshots):
    bank = load_bank([ui.TEST_BANK])
    ui.open_quiz(page, voila_url)
    ui.start_quiz(page, "exam", "exam-1")
    expected_marks = 0.0
    answered_right: dict[str, bool] = {}
    for number in range(1, 11):
        spec = ui.spec_on_screen(page)
        right = number % 2 == 1
        (spec.right if right else spec.wrong)(page)
        answered_right[spec.id] = right
        expected_marks += 1.0 if right else spec.wrong_points / spec.points  # each item one mark
        ui.wait_answered(page, number)
        # Exam mode: no check button and no verdict, key or rationale on screen.
        expect(page.get_by_role("button", name="Check answer")).to_have_count(0)
        expect(ui.quiz(page).locator(".cq-verdict, .cq-feedback")).to_have_count(0)
        expect(ui.quiz(page).get_by_text(bank.items[spec.id].rationale)).to_have_count(0)
        if number == 3:
            page.get_by_role("button", name="⚐ Flag for review").click()
            expect(page.get_by_role("button", name="⚑ Flagged: tap to unflag")).to_be_visible()
            expect(ui.quiz(page).get_by_text(re.compile(r"Flagged 1$"))).to_be_visible()
            flagged_stem, flagged_type = ui.stem(page), spec.type
        if number == 4:  # go back: the answer given on item 3 is still there
            ui.go_previous(page)
            assert ui.stem(page) == flagged_stem
            if flagged_type in ("single", "true_false", "select_all", "select_n", "matrix", "bowtie"):
                expect(ui.quiz(page).locator("input:checked").first).to_be_visible()
            if flagged_type == "highlight":
                expect(ui.quiz(page).locator(".cq-segment", has_text="✓").first).to_be_visible()
            expect(page.get_by_role("button", name="⚑ Flagged: tap to unflag")).to_be_visible()
            ui.go_next(page)
        if number < 10:
            ui.go_next(page)
    page.get_by_role("button", name="Submit…").click()
    expect(ui.quiz(page).get_by_text("You have answered 10 of 10 items.")).to_be_visible()
    expect(ui.quiz(page).get_by_text("Flagged for review: item 3.")).to_be_visible()
    ui.shot(page, screenshots, "exam-submit-confirm")
    page.get_by_role("button", name="Keep working").click()  # the confirm can be cancelled
    expect(ui.quiz(page).get_by_text("Item 10 of 10", exact=True)).to_be_visible()
    ui.submit(page)

    total = len(ui.ITEMS)
    percent = round(100 * expected_marks / total)
    shown = f"{round(expected_marks, 2):g}"
    expect(ui.quiz(page).get_by_text(f"You scored {shown} of {total} marks ({percent}%).")).to_be_visible()
    expect(ui.quiz(page).get_by_text("Each question counts the same: 1 mark, shared among its parts.")).to_be_visible()
    entries = ui.quiz(page).locator(".cq-review-item")
    expect(entries).to_have_count(10)
    for spec in ui.ITEMS:
        item = bank.items[spec.id]
        entry = entries.filter(has_text=spec.stem)
        expect(entry).to_have_count(1)
        expect(entry.get_by_text("Your answer", exact=True)).to_be_visible()
        expect(entry.get_by_text("The answer", exact=True)).to_be_visible()
        expect(entry.get_by_text(item.rationale, exact=True)).to_be_visible()
        for citation in item.citations:
            expect(entry.locator("blockquote").filter(has_text=citation.quote)).to_have_count(1)
        verdict = entry.locator(".cq-verdict")
        if answered_right[spec.id]:
            expect(verdict).to_have_text(re.compile(rf"^✓ Correct — {spec.points:g} of {spec.points:g} points?$"))
        elif spec.wrong_points:
            expect(verdict).to_have_text(
                re.compile(rf"^◐ Partly right — {spec.wrong_points:g} of {spec.points:g} points?$")
            )
        else:
            expect(verdict).to_have_text(re.compile(rf"^✗ Not right — 0 of {spec.points:g} points?$"))
    single = entries.filter(has_text=ui.ITEMS[0].stem)
    expect(single.locator("li").filter(has_text="Interleukin-1 (IL-1)").first).to_be_visible()
    ui.shot(page, screenshots, "exam-review")
