"""A timed class session: the kernel counts down from the deadline stored with the attempt,
submits at the deadline, and nothing the browser sends afterwards changes the records."""

from __future__ import annotations

import re

import pytest

from tests.browser.records import records_steps as steps
from tests.support import quiz_ui as ui
from tests.support.browser_api import expect
from tests.support.kernel_ws import KernelChannel, kernel_id_of

from quizbank.class_settings import ClassSettings
from quizbank.store import Store

LIMIT_S = 20
ITEMS = ("t-single", "t-tf", "t-sata")


@pytest.mark.browser
def test_countdown_then_automatic_submission_then_nothing_changes(records_server, pages, screenshots):
    settings = ClassSettings(
        item_ids=ITEMS, mode="practice", feedback="each_answer", time_limit_s=LIMIT_S, title="Timed check"
    )
    with Store(records_server.db) as store:
        code, _key = store.create_session(settings.to_dict())
    page = pages()
    ui.open_page(page, records_server.url, learner="s-timed-01")
    steps.join_class(page, code)
    expect(ui.quiz(page).get_by_text(re.compile(r"^Time limit: 20 seconds\."))).to_be_visible()
    page.get_by_role("button", name="Start", exact=True).click()

    countdown = ui.quiz(page).locator(".cq-countdown b")
    expect(countdown).to_have_text(re.compile(r"^Time left: 0:(1\d|20)$"))
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first)  # the kernel keeps it up to date
    steps.answer_and_wait_saved(page, 0)
    ui.shot(page, screenshots, "records-countdown")

    expect(ui.quiz(page).get_by_text("The time is up, so your quiz was submitted with your answers.")).to_be_visible(
        timeout=(LIMIT_S + 20) * 1000
    )
    expect(ui.quiz(page).get_by_text(re.compile(r"^You scored "))).to_be_visible()
    record = steps.stored_attempt(records_server.db, "s-timed-01")
    assert record.deadline is not None and record.deadline - record.started_at == LIMIT_S
    assert record.submitted and record.submitted_at <= record.deadline + 3  # by the kernel, at the deadline
    answered = {i: record.responses[i].answer for i in record.item_order}
    assert sum(a is not None for a in answered.values()) == 1

    # Too late: a forged answer and a forged check reach the kernel, which changes nothing.
    channel = KernelChannel(records_server.url, kernel_id_of(page))
    try:
        states = channel.states()
        radios = [cid for cid, s in states.items() if s.get("_model_name") == "RadioButtonsModel"]
        checks = [
            cid
            for cid, s in states.items()
            if s.get("_model_name") == "ButtonModel" and s.get("description") in ("Check answer", "Answered")
        ]
        assert radios and checks
        for radio in radios:
            channel.forge_update(radio, {"index": 1})
        for check in checks:
            channel.forge_click(check)
        channel.sync()
    finally:
        channel.close()
    after = steps.stored_attempt(records_server.db, "s-timed-01")
    assert after.last_seq == record.last_seq
    assert {i: after.responses[i].answer for i in after.item_order} == answered
