"""The kernel ignores widget messages a forged browser sends: a click on a disabled or
never-offered button, or a changed answer after the item is final or the quiz submitted.

A second websocket session on the page's kernel sends the forged messages; the kernel's
widget states (read back over that session) and the screen must not change.
"""

from __future__ import annotations

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import expect
from tests.support.kernel_ws import KernelChannel, kernel_id_of

pytestmark = pytest.mark.browser

RIGHT = "Interleukin-1 (IL-1)"
WRONG = "Insulin"


def score_html(channel: KernelChannel) -> str:
    values = [
        s["value"]
        for s in channel.states().values()
        if s.get("_model_name") == "HTMLModel" and "You scored" in s.get("value", "")
    ]
    assert len(values) == 1
    return values[0]


@pytest.fixture
def channel_for(voila_url):
    opened = []

    def open_channel(page) -> KernelChannel:
        channel = KernelChannel(voila_url, kernel_id_of(page))
        opened.append(channel)
        return channel

    yield open_channel
    for channel in opened:
        channel.close()


def test_practice_final_item_ignores_forged_answer_and_check(page, voila_url, channel_for):
    ui.open_quiz(page, voila_url, "?topic=mechanism")
    ui.start_quiz(page, "practice", "forge-1", count=1)
    ui.radio(page, RIGHT)
    ui.wait_answered(page, 1)
    page.get_by_role("button", name="Check answer").click()
    verdict = ui.quiz(page).locator(".cq-verdict")
    expect(verdict).to_have_text("✓ Correct — 1 of 1 point")

    channel = channel_for(page)
    radio_id, labels = channel.find_radio(WRONG)
    check_id = channel.find("ButtonModel", description="Answered")
    assert channel.state(check_id)["disabled"] is True
    channel.forge_update(radio_id, {"index": labels.index(WRONG)})  # change a final answer
    channel.forge_click(check_id)  # click the disabled Check button
    channel.sync()
    assert channel.state(radio_id)["index"] == labels.index(RIGHT), "the kernel kept the forged answer"

    # An honest click after the forgeries: once its effect shows, theirs would have shown too.
    page.get_by_role("button", name="⚐ Flag for review").click()
    expect(page.get_by_role("button", name="⚑ Flagged: tap to unflag")).to_be_visible()
    expect(page.get_by_role("radio", name=RIGHT)).to_be_checked()
    expect(page.get_by_role("radio", name=WRONG)).not_to_be_checked()
    expect(verdict).to_have_count(1)
    expect(verdict).to_have_text("✓ Correct — 1 of 1 point")

    ui.submit(page)
    expect(ui.quiz(page).get_by_text("You scored 1 of 1 mark (100%).")).to_be_visible()
    before = score_html(channel)
    channel.forge_update(radio_id, {"index": labels.index(WRONG)})
    channel.forge_click(check_id)
    channel.forge_click(channel.find("ButtonModel", description="Yes, submit"))
    channel.forge_click(channel.find("ButtonModel", description="Submit…"))
    channel.sync()
    assert channel.state(radio_id)["index"] == labels.index(RIGHT)
    assert score_html(channel) == before
    expect(ui.quiz(page).get_by_text("You scored 1 of 1 mark (100%).")).to_be_visible()
    expect(ui.quiz(page).get_by_text("Submit your answers?")).to_have_count(0)


def test_exam_ignores_forged_submit_and_forged_answers_after_submission(page, voila_url, channel_for):
    ui.open_quiz(page, voila_url, "?topic=mechanism")
    ui.start_quiz(page, "exam", "forge-2", count=1)
    ui.radio(page, WRONG)
    ui.wait_answered(page, 1)

    channel = channel_for(page)
    # "Yes, submit" exists but was never offered (no confirm on screen): a forged click does nothing.
    channel.forge_click(channel.find("ButtonModel", description="Yes, submit"))
    # The start screen's button is still a widget, just not shown: a click must not restart the exam.
    channel.forge_click(channel.find("ButtonModel", description="Start quiz"))
    channel.sync()
    page.get_by_role("button", name="⚐ Flag for review").click()
    expect(page.get_by_role("button", name="⚑ Flagged: tap to unflag")).to_be_visible()
    expect(ui.quiz(page).get_by_text("Item 1 of 1", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name=WRONG)).to_be_checked()  # the same attempt, answer kept
    expect(ui.quiz(page).get_by_text("You scored", exact=False)).to_have_count(0)

    ui.submit(page)
    expect(ui.quiz(page).get_by_text("You scored 0 of 1 mark (0%).")).to_be_visible()
    radio_id, labels = channel.find_radio(WRONG)
    before = score_html(channel)
    channel.forge_update(radio_id, {"index": labels.index(RIGHT)})  # a better answer, too late
    channel.forge_click(channel.find("ButtonModel", description="Yes, submit"))
    flag_id = channel.find("ToggleButtonModel", description="⚑ Flagged: tap to unflag")
    channel.forge_update(flag_id, {"value": False})
    channel.sync()
    assert channel.state(radio_id)["index"] == labels.index(WRONG)
    assert channel.state(flag_id)["value"] is True
    assert score_html(channel) == before
    entry = ui.quiz(page).locator(".cq-review-item")
    expect(entry.locator("ul").first).to_have_text(WRONG)  # "Your answer" is still the one submitted
    expect(ui.quiz(page).get_by_text("You scored 0 of 1 mark (0%).")).to_be_visible()
    page.get_by_role("button", name="Start a new quiz").click()  # the page still works
    expect(page.get_by_role("button", name="Start quiz")).to_be_visible()
