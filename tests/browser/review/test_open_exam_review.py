"""A throwaway id in an open class exam submits and gets its score, and no key or rationale on the wire
or in the page; once the instructor closes the session, the next visit shows everything. The projector
view's page and frames hold no key until the instructor reveals an item."""

from __future__ import annotations

import pytest

from tests.browser.records import records_steps as steps
from tests.support import dashboard_ui as dash
from tests.support import quiz_ui as ui
from tests.support.axe import assert_accessible
from tests.support.browser_api import expect
from tests.support.voila import SCREENSHOTS

from quizbank import review_policy
from quizbank.class_settings import ClassSettings

pytestmark = pytest.mark.browser
ITEMS = ("d-single", "d-tf")
SHOTS = SCREENSHOTS


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def secrets(bank) -> list[str]:
    found = [bank.items[i].rationale for i in ITEMS]
    found += [c.quote for i in ITEMS for c in bank.items[i].citations]
    return found


def leaked(page, bank) -> list[str]:
    text = page.content() + "\n".join(page.frames_in)
    return [s for s in secrets(bank) if s in text or s.replace("'", "\\u0027") in text]


def test_open_exam_shows_the_score_only_until_closed(servers, server_store, bank, pages):
    settings = ClassSettings(
        item_ids=ITEMS,
        mode="exam",
        feedback="after_submit",
        title="Ward 5",
        review=review_policy.class_defaults("exam"),
    )
    code, key = server_store.create_session(settings.to_dict(), instructor_label="Ward 5")
    page = pages()
    ui.open_page(page, servers.student_url, learner="Throwaway")
    steps.join_class(page, code)
    page.get_by_role("button", name="Start", exact=True).click()
    for number in range(len(ITEMS)):
        ui.spec_on_screen(page).right(page)
        ui.wait_answered(page, number + 1)
        if number < len(ITEMS) - 1:
            ui.go_next(page)
    ui.submit(page)
    expect(ui.quiz(page).get_by_text("You scored")).to_be_visible()
    assert not leaked(page, bank)
    shot(page, "learner-after-submit-open-exam")
    assert_accessible(page, "learner after submit open exam")

    server_store.close_session(code, key)
    later = pages()
    ui.open_page(later, servers.student_url, learner="Throwaway")
    steps.join_class(later, code)
    expect(ui.quiz(later).get_by_text(bank.items["d-tf"].rationale)).to_be_visible()
    assert len(leaked(later, bank)) == len(secrets(bank))
    shot(later, "learner-after-close")
    assert_accessible(later, "learner after close")


def test_projector_view_holds_no_key_until_revealed(servers, server_store, bank, pages):
    settings = ClassSettings(
        item_ids=ITEMS,
        mode="exam",
        feedback="after_submit",
        title="Ward 6",
        review=review_policy.class_defaults("exam"),
    )
    code, key = server_store.create_session(settings.to_dict(), instructor_label="Ward 6")
    teacher = pages({"width": 1280, "height": 900})
    teacher.goto(f"{servers.instructor_login_url}&code={code}&key={key}")
    assert dash.join_code(teacher) == code
    teacher.get_by_role("button", name="Projector view").click()
    expect(teacher.get_by_text("Joined: 0")).to_be_visible()
    teacher.frames_in.clear()  # what the full dashboard sent before is not the projector's
    select = teacher.get_by_role("combobox", name="Item")
    select.select_option(index=1)
    expect(teacher.get_by_text("The answer stays hidden until you reveal it.")).to_be_visible()
    text = teacher.content() + "\n".join(teacher.frames_in)
    assert not [s for s in secrets(bank) if s in text] and key not in text
    shot(teacher, "projector-before-reveal")
    assert_accessible(teacher, "projector before reveal")
    teacher.get_by_role("button", name="Reveal the answer to this item").click()
    expect(teacher.get_by_role("heading", name="Why")).to_be_visible()
    shot(teacher, "projector-after-reveal")
    assert_accessible(teacher, "projector after reveal")
