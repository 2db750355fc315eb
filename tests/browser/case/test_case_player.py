"""Playing the `fever-etanercept` case in a real browser, reading everything from the screen.

Two paths to two endings (desktop and phone), the chart as it unfolds, and a reload in
the middle of a case. Every expectation about points, consequences and better choices
comes from the core (CasePlay) playing the same answers; the screen must say the same.
"""

from __future__ import annotations

import re

import pytest

from tests.support import case_screen as ui
from tests.support.browser_api import Page, expect
from tests.support.fever_paths import CASE_ID, GOOD, POOR, expected

from quizbank.case_debrief import StepReview
from widgets.html import points

pytestmark = pytest.mark.browser

JUDGMENT = {
    "recognize-cues": "Recognize cues",
    "analyze-cues": "Analyze cues",
    "prioritize-hypotheses": "Prioritize hypotheses",
    "generate-solutions": "Generate solutions",
    "take-action": "Take action",
    "evaluate-outcomes": "Evaluate outcomes",
}
OUTCOME = {"good": "✓ Good outcome", "fair": "◐ Fair outcome", "poor": "✗ Poor outcome"}


def flat(text: str) -> str:
    return " ".join(text.split())


def side_by_side(page: Page) -> bool:
    """True when the chart and the question sit beside each other (False: stacked)."""
    chart = ui.chart(page).bounding_box()
    question = ui.root(page).locator(".cq-case-question").bounding_box()
    assert chart and question
    if chart["x"] + chart["width"] <= question["x"] + 1 and abs(chart["y"] - question["y"]) < 40:
        return True
    assert chart["y"] + chart["height"] <= question["y"] + 1, "the chart should be above the question"
    return False


def check_debrief(page: Page, bank: object, moves: list, shown: list[str]) -> None:
    """The debrief on screen against the core's: ending, path, points per step and ending, better choices."""
    exp = expected(bank, moves)
    debrief = exp.debrief
    case = bank.cases[CASE_ID]  # type: ignore[attr-defined]
    assert shown == exp.consequences  # what happened at each step, as the screen said it
    root = ui.root(page)
    ending = debrief.ending
    expect(root.locator(".cq-ending")).to_contain_text(f"{OUTCOME[ending.outcome]}: {ending.title}")
    expect(root.locator(".cq-ending")).to_contain_text(ending.text)
    expect(root.get_by_text(ending.debrief)).to_be_visible()

    rows = ui.score_rows(page)
    wanted = [
        (f"Step {n} · {JUDGMENT[r.judgment_step]}", f"{points(r.points)} of {points(r.max_points)}")
        for n, r in enumerate(debrief.steps, start=1)
    ]
    best_ending = max(e.points for e in case.endings)
    wanted.append((f"Ending: {ending.title}", f"{points(debrief.ending_points)} of {points(best_ending)}"))
    wanted.append(("Total", f"{points(debrief.total)} of {points(debrief.ideal_total)}"))
    assert rows == wanted

    path = " → ".join([JUDGMENT[r.judgment_step] for r in debrief.steps] + [f"Ending: {ending.title}"])
    expect(root.get_by_text(path, exact=True)).to_be_visible()

    entries = ui.debrief_steps(page)
    assert len(entries) == len(debrief.steps)
    for entry, review, consequence in zip(entries, debrief.steps, shown, strict=True):
        check_step_entry(entry, review, consequence)


def check_step_entry(entry, review: StepReview, consequence: str) -> None:
    text = flat(entry.inner_text())
    assert flat(review.stem) in text
    assert f"What happened {consequence}" in text
    assert f"{points(review.points)} of {points(review.max_points)} point" in text
    better = entry.locator(".cq-better")
    if review.better is None:
        expect(better).to_have_count(0)
        return
    inside = flat(better.inner_text())
    assert inside.startswith("A better choice")
    for line in review.better.answer:
        assert flat(line.split(": ", 1)[-1]) in inside
    assert f"What it would have led to {flat(review.better.consequence)}" in inside
    assert f"Why {flat(review.better.rationale)}" in inside
    assert review.better.citations
    for passage in review.better.citations:
        assert f"From {passage.title}: {flat(passage.quote)}" in inside


def check_store(store, learner: str, moves: list, bank: object) -> None:
    """Every choice was recorded, in order, and the finished case is closed."""
    exp = expected(bank, moves)
    attempts = store.list_attempts(learner, "case")
    assert len(attempts) == 1 and attempts[0].submitted_at is not None
    record = store.load_attempt(learner, attempts[0].attempt_id)
    assert record.settings["case_id"] == CASE_ID
    assert [c.step_id for c in record.case_choices] == [r.step_id for r in exp.debrief.steps]
    assert [c.choice_id for c in record.case_choices] == exp.branches
    assert [c.points for c in record.case_choices] == [r.points for r in exp.debrief.steps]
    assert attempts[0].total_points == exp.debrief.step_points


def test_picker_shows_each_case_with_its_audience(page, case_url, learner, bank, screenshots):
    ui.open_cases(page, case_url, learner)
    root = ui.root(page)
    expect(root.get_by_role("heading", name="Clinical cases")).to_be_visible()
    cards = root.locator(".cq-picker-card")
    expect(cards).to_have_count(len(bank.cases))
    for case in bank.cases.values():
        card = cards.filter(has_text=case.title)
        expect(card.get_by_text(case.summary)).to_be_visible()
        words = {
            "both": "Nursing and pharmacy",
            "nursing": "Nursing students",
            "pharmacy": "Pharmacy (pharmacists and students)",
        }[case.audience]
        expect(card.get_by_text(f"For: {words}")).to_be_visible()
        expect(card.get_by_role("button", name="Start this case")).to_be_visible()
    ui.shot(page, screenshots, "case-picker")


def test_good_path_desktop_chart_beside_question_and_debrief(page, case_url, learner, bank, store, screenshots):
    ui.open_cases(page, case_url, learner)
    ui.start_case(page)

    def before(number: int, page: Page) -> None:
        assert side_by_side(page)
        if number == 3:
            ui.shot(page, screenshots, "case-chart-desktop")

    def after(number: int, page: Page) -> None:
        if number == 3:  # the slip: what happens, and the feedback, in words
            expect(ui.root(page).locator(".cq-verdict")).to_have_text("✗ Not right — 0 of 1 point")
            ui.shot(page, screenshots, "case-consequence")

    shown = ui.play(page, GOOD, before, after)
    check_debrief(page, bank, GOOD, shown)
    expect(ui.root(page).locator(".cq-better")).to_have_count(1)  # only the slip at step 3
    ui.shot(page, screenshots, "case-debrief")
    check_store(store, learner, GOOD, bank)
    expect(ui.root(page).get_by_role("button", name="Play this case again")).to_be_visible()


def test_poor_path_on_a_phone_stacks_the_chart_above_the_question(
    phone_page, case_url, learner, bank, store, screenshots
):
    page = phone_page
    ui.open_cases(page, case_url, learner)
    assert ui.too_wide(page) == []
    ui.start_case(page)

    def before(number: int, page: Page) -> None:
        assert not side_by_side(page)
        assert ui.too_wide(page) == [], f"step {number}"
        if number == 1:
            ui.shot(page, screenshots, "case-chart-phone")
        if number == 6:  # the branch the wrong action led to: the doctor's office calls back
            expect(ui.root(page).locator(".cq-narrative")).to_have_text(
                "Later that morning the doctor's office calls back about Ms. Halvorsen."
            )
            assert ui.new_rows(page, "Nurses' notes")[0].startswith("New 10:30 Doctor's office calls back")

    shown = ui.play(page, POOR, before)
    assert ui.too_wide(page) == []
    check_debrief(page, bank, POOR, shown)
    expect(ui.root(page).locator(".cq-ending")).to_contain_text(
        "✗ Poor outcome: Anakinra goes ahead before the doctor hears"
    )
    check_store(store, learner, POOR, bank)
    ui.shot(page, screenshots, "case-debrief-phone")


def test_the_chart_unfolds_step_by_step(page, case_url, learner):
    ui.open_cases(page, case_url, learner)
    ui.start_case(page)
    root = ui.root(page)
    assert ui.tab_titles(page) == ["History", "Nurses' notes · 1 new", "Vital signs", "Medications", "Labs"]
    expect(root.locator(".cq-chart-hint")).to_have_text(
        "New in the chart at this step: Nurses' notes (1 new entry). Read it before you answer."
    )
    notes = ui.chart_rows(page, "Nurses' notes")
    assert notes[0] == "09:10 Arrived for anakinra teaching. Says she has felt run down since yesterday."
    assert notes[1].startswith("New 09:15 Intake: feels feverish since yesterday")
    assert ui.chart_rows(page, "Vital signs") == [
        "09:05 Temperature 38.2 °C, pulse 98, blood pressure 128/76, respirations 18, SpO2 97% on room air."
    ]
    assert "38.3" not in root.inner_text()  # the recheck is not in the chart yet

    for number in (1, 2):
        GOOD[number - 1].answer(page)
        ui.submit(page)
        ui.go_on(page)
    # Step 3: the recheck of the vital signs is new; the intake note no longer is.
    assert ui.tab_titles(page) == ["History", "Nurses' notes", "Vital signs · 1 new", "Medications", "Labs"]
    vitals = ui.chart_rows(page, "Vital signs")
    assert vitals[1] == "New 09:40 Temperature 38.3 °C on recheck, pulse 96, blood pressure 126/78."
    assert not ui.new_rows(page, "Nurses' notes")

    for number in (3, 4):
        GOOD[number - 1].answer(page)
        ui.submit(page)
        if number == 3:
            ui.go_on(page)
            expect(root.get_by_text("Nothing new in the chart at this step.")).to_be_visible()
            assert ui.tab_titles(page) == ["History", "Nurses' notes", "Vital signs", "Medications", "Labs"]
        else:
            ui.go_on(page)
    # Step 5: her request to inject now is in the notes.
    assert ui.new_rows(page, "Nurses' notes") == [
        'New 09:55 Patient asks to give her first anakinra injection now, "while the nurse is here to show me".'
    ]
    GOOD[4].answer(page)
    ui.submit(page)
    ui.go_on(page)
    # Step 6: the doctor has been told; anakinra is on hold (an entry changed in place, marked Updated).
    medications = ui.chart_rows(page, "Medications")
    assert len(medications) == 3
    assert medications[2] == (
        "Updated Anakinra (Kineret) prefilled syringe, one injection once a day: ON HOLD "
        "until the doctor's review; no dose given."
    )
    assert ui.new_rows(page, "Nurses' notes")[0].startswith("New 10:10 Doctor informed of fever")
    assert ui.chart_rows(page, "Labs") == ["Lab tests ordered by the doctor before treatment: results pending."]
    assert ui.tab_titles(page) == ["History", "Nurses' notes · 1 new", "Vital signs", "Medications · 1 new", "Labs"]


def test_a_reload_comes_back_to_the_unfinished_case(page, case_url, learner, store, bank):
    ui.open_cases(page, case_url, learner)
    ui.start_case(page)
    first = ui.play(page, GOOD[:2])
    expect(ui.step_line(page)).to_have_text(re.compile(r"^Step 3 · "))
    ui.open_tab(page, "Medications")  # the screen's own state, lost on reload

    ui.open_cases(page, case_url, learner)  # a reload: a fresh kernel, the same learner
    root = ui.root(page)
    expect(root.get_by_text("Welcome back: your 2 earlier choices are kept; carry on from here.")).to_be_visible()
    expect(ui.step_line(page)).to_have_text("Step 3 · Clinical judgment: Prioritize hypotheses (3 of 6)")
    assert ui.tab_titles(page)[2] == "Vital signs · 1 new"

    root.get_by_role("button", name="← All cases").click()
    resume = root.locator(".cq-resume-card")
    expect(resume).to_contain_text("Continue where you stopped")
    expect(resume).to_contain_text("2 steps answered. Your choices so far are saved.")
    resume.get_by_role("button", name="Continue this case").click()
    expect(ui.step_line(page)).to_have_text(re.compile(r"^Step 3 · "))

    rest = ui.play(page, GOOD[2:], first=3)
    check_debrief(page, bank, GOOD, first + rest)
    check_store(store, learner, GOOD, bank)
