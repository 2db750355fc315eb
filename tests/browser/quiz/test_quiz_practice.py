"""A full practice quiz in Chromium: every item type, checked one by one, then the results."""

from __future__ import annotations

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

pytestmark = pytest.mark.browser

RETRY = "✗ Not yet — try again. Each try after the first takes 25% of this item's points off what you earn on it."


def verdict(page):
    return ui.quiz(page).locator(".cq-verdict")


def check(page):
    page.get_by_role("button", name="Check answer").click()


def test_practice_quiz_covers_every_type(page, voila_url, screenshots):
    ui.open_quiz(page, voila_url)
    ui.shot(page, screenshots, "start-screen")
    ui.start_quiz(page, "practice", "practice-1")
    seen = []
    for number in range(1, 11):
        spec = ui.spec_on_screen(page)
        seen.append(spec.type)
        ui.shot(page, screenshots, f"item-{spec.type}")
        expect(verdict(page)).to_have_count(0)
        if spec.id == "t-single":
            # Escaped, not rendered: the stem's <i> shows as text.
            expect(ui.quiz(page).locator(".cq-stem")).to_have_text(
                "Anakinra (<i>Kineret</i>) & its target: which protein does anakinra block?"
            )
            spec.wrong(page)
            ui.wait_answered(page, number)
            check(page)
            expect(verdict(page)).to_have_text(RETRY)
            expect(ui.quiz(page).get_by_text("The documents do not link anakinra to insulin.")).to_be_visible()
            expect(ui.quiz(page).get_by_text("The answer", exact=True)).to_have_count(0)
            expect(ui.quiz(page).get_by_text("anakinra blocks the action of the protein")).to_have_count(0)
            ui.shot(page, screenshots, "practice-not-yet")
            spec.right(page)
            check(page)
            expect(verdict(page)).to_have_text("✓ Correct — 0.75 of 1 point (after 2 tries)")
            expect(ui.quiz(page).get_by_text("Right: the article says anakinra blocks IL-1.")).to_be_visible()
            expect(ui.quiz(page).get_by_text("The answer", exact=True)).to_be_visible()
            expect(
                ui.quiz(page).get_by_text(
                    "The EBSCO article says anakinra blocks the action of the protein interleukin-1 (IL-1)."
                )
            ).to_be_visible()
            expect(
                ui.quiz(page).get_by_text("From Anakinra May Help Ease the Pain of Rheumatoid Arthritis:")
            ).to_be_visible()
            expect(ui.quiz(page).locator("blockquote")).to_have_text(
                "Anakinra blocks the action of the protein interleukin-1 (IL-1)."
            )
            expect(page.get_by_role("radio", name="Insulin")).to_be_disabled()
            expect(page.get_by_role("button", name="Answered")).to_be_disabled()
            ui.shot(page, screenshots, "practice-feedback")
        elif spec.id == "t-highlight":
            spec.wrong(page)
            ui.wait_answered(page, number)
            check(page)
            expect(verdict(page)).to_have_text(RETRY)
            expect(ui.quiz(page).get_by_text("The documents do not mention meals.")).to_be_visible()
            check(page)  # the same answer again: out of tries, so the key is shown
            expect(verdict(page)).to_have_text("✗ Not right — 0 of 2 points")
            expect(ui.quiz(page).locator(".cq-feedback li").filter(has_text="Latex allergy.")).to_be_visible()
            expect(
                ui.quiz(page).get_by_text("The EBSCO article says to talk to the doctor before taking")
            ).to_be_visible()
            ui.shot(page, screenshots, "practice-final-wrong")
        elif spec.id == "t-sn":
            spec.right(page)
            # A third pick is undone by the kernel (click, not check: the undo may come before check() looks).
            ui.quiz(page).get_by_role("checkbox", name="Buttocks", exact=True).click()
            expect(
                ui.quiz(page).get_by_text("You can choose 2. Untick one first to change your choice.")
            ).to_be_visible()
            expect(page.get_by_role("checkbox", name="Buttocks")).not_to_be_checked()
            check(page)
            expect(verdict(page)).to_have_text("✓ Correct — 2 of 2 points")
        else:
            spec.right(page)
            ui.wait_answered(page, number)
            check(page)
            points = f"{spec.points:g} point{'s' if spec.points != 1 else ''}"
            expect(verdict(page)).to_have_text(f"✓ Correct — {spec.points:g} of {points}")
            expect(ui.quiz(page).get_by_text("The answer", exact=True)).to_be_visible()
        if number < 10:
            ui.go_next(page)
    assert sorted(seen) == sorted(s.type for s in ui.ITEMS)
    ui.submit(page)
    expect(ui.quiz(page).get_by_text("You scored 8.75 of 10 marks (88%).")).to_be_visible()
    expect(ui.quiz(page).locator(".cq-review-item")).to_have_count(10)
    ui.shot(page, screenshots, "practice-results")
