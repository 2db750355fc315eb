"""Nothing about a step reaches the browser before it is answered, and the kernel ignores what a
forged browser sends.

No leaks: every websocket frame (both ways) and the page's HTML, read just before each
step is answered, hold no consequence, rationale or option feedback of any step not yet
answered, and no ending's title, text or debrief before the end. After each answer its
consequence does appear (so the search would have found it).

Forged messages: a second websocket session on the page's kernel clicks the Submit
button of a step already answered, changes that step's answer, clicks its Continue
again and clicks a hidden Start button. Nothing changes: not the screen, not the play,
not the records.
"""

from __future__ import annotations

import re

import pytest

from tests.support import case_screen as ui
from tests.support.browser_api import expect
from tests.support.fever_paths import CASE_ID, GOOD, SEGMENTS
from tests.support.kernel_ws import KernelChannel, kernel_id_of

pytestmark = pytest.mark.browser


def step_secrets(step) -> list[str]:
    """What only an answer to this step may reveal: its consequences, rationale and option feedback."""
    item = step.item
    found = [b.consequence for b in step.branches.values()] + [item.rationale]
    for name in ("options", "segments", "rows", "columns"):
        found += [o.feedback for o in getattr(item, name, None) or [] if getattr(o, "feedback", None)]
    found += [t for t in (getattr(item, "feedback_true", None), getattr(item, "feedback_false", None)) if t]
    return found


def ending_secrets(case) -> list[str]:
    return [text for e in case.endings for text in (e.title, e.text, e.debrief)]


def test_frames_and_html_hold_nothing_of_a_step_before_it_is_answered(page, case_url, learner, bank):
    case = bank.cases[CASE_ID]
    wire = ui.Wire(page)
    ui.open_cases(page, case_url, learner)
    ui.start_case(page)
    answered: set[str] = set()
    path = ["cues", "analyze", "prioritize", "plan", "act", "evaluate"]

    def before(number: int, page) -> None:
        seen = wire.frames + [page.content()]
        # A text an answered step has legitimately shown (a later rationale may repeat an earlier one's words).
        shown = " | ".join(text for s in case.steps if s.id in answered for text in step_secrets(s))
        leaks = [
            (s.id, text)
            for s in case.steps
            if s.id not in answered
            for text in step_secrets(s)
            if text not in shown and ui.found_in(seen, text)
        ]
        leaks += [("ending", text) for text in ending_secrets(case) if ui.found_in(seen, text)]
        assert leaks == [], f"sent before step {number} was answered: {leaks}"
        ids = [f'"{s.id}"' for s in case.steps] + [f'"{s.item.id}"' for s in case.steps]
        assert not [i for i in ids if any(i in hay for hay in seen)], "step or item ids reached the browser"

    def after(number: int, page) -> None:
        step = case.step(path[number - 1])
        answered.add(step.id)
        taken = ui.root(page).locator(".cq-consequence").inner_text()
        assert ui.found_in(wire.frames, " ".join(taken.split())), "the search would miss a consequence"
        assert ui.found_in(wire.frames, step.item.rationale), "the search would miss a rationale"

    assert len(wire.frames) > 10  # the page and the first step went over this wire
    ui.play(page, GOOD, before, after)
    seen = wire.frames + [page.content()]
    ending = case.ending("good")
    assert ui.found_in(seen, ending.debrief)  # now it may, and does, appear


@pytest.fixture
def channel_for(case_url):
    opened: list[KernelChannel] = []

    def open_channel(page) -> KernelChannel:
        channel = KernelChannel(case_url, kernel_id_of(page))
        opened.append(channel)
        return channel

    yield open_channel
    for channel in opened:
        channel.close()


def test_forged_messages_about_a_past_step_change_nothing(page, case_url, learner, bank, store, channel_for):
    ui.open_cases(page, case_url, learner)
    ui.start_case(page)
    GOOD[0].answer(page)
    first = ui.submit(page)
    ui.go_on(page)  # step 2 is on screen; step 1 is answered and gone
    GOOD[1].answer(page)  # an honest, not yet submitted, answer to step 2

    channel = channel_for(page)
    old_submit = channel.find("ButtonModel", description="Answer submitted")
    assert channel.state(old_submit)["disabled"] is True
    stiff = channel.find("ToggleButtonModel", description=SEGMENTS["s5"])  # unselected in step 1's answer
    fever = channel.find("ToggleButtonModel", description="✓ " + SEGMENTS["s1"])
    old_continue = channel.find("ButtonModel", description="Continue to step 2 →")
    other_start = channel.find(
        "ButtonModel", description="Start this case", tooltip="Start: A foamy syringe that turns out cloudy"
    )

    channel.forge_update(stiff, {"value": True})  # change step 1's answer after the fact
    channel.forge_update(fever, {"value": False})
    channel.forge_click(old_submit)  # submit step 1 again, with the forged answer
    channel.forge_click(old_continue)  # continue from step 1 again
    channel.forge_click(other_start)  # start another case from the hidden list
    channel.sync()

    assert channel.state(stiff)["value"] is False, "the kernel kept a forged change to an answered step"
    assert channel.state(fever)["value"] is True
    assert channel.state(old_submit)["disabled"] is True
    root = ui.root(page)
    expect(ui.step_line(page)).to_have_text(re.compile(r"^Step 2 · Clinical judgment: Analyze cues"))
    expect(root.get_by_role("button", name="Submit answer")).to_have_count(1)
    expect(root.locator(".cq-consequence")).to_have_count(0)
    expect(root.get_by_role("radio", name=ui.MATRIX_RA).first).to_be_visible()

    attempt = store.list_attempts(learner, "case")
    assert len(attempt) == 1
    record = store.load_attempt(learner, attempt[0].attempt_id)
    assert [(c.step_id, c.choice_id) for c in record.case_choices] == [("cues", "correct")]
    assert record.responses["case-fever.cues"].answer == ["s1", "s2", "s3", "s4"]

    # The honest answer to step 2 still counts, and the case carries on from there.
    second = ui.submit(page)
    expect(root.locator(".cq-verdict")).to_have_text("✓ Correct — 5 of 5 points")
    ui.go_on(page)
    expect(ui.step_line(page)).to_have_text(re.compile(r"^Step 3 · "))
    record = store.load_attempt(learner, attempt[0].attempt_id)
    assert [(c.step_id, c.choice_id) for c in record.case_choices] == [("cues", "correct"), ("analyze", "correct")]
    expected = bank.cases[CASE_ID]
    assert [first, second] == [
        expected.step("cues").branches["correct"].consequence,
        expected.step("analyze").branches["correct"].consequence,
    ]
