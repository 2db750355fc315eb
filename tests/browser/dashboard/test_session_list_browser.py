"""The dashboard's session list in Chromium: sessions made earlier are listed, and one opens in another browser."""

from __future__ import annotations

import pytest

from tests.support import dashboard_ui as ui
from tests.support.axe import assert_accessible
from tests.support.browser_api import expect
from tests.support.class_seed import RIGHT, answer_in_session
from tests.support.voila import SCREENSHOTS

from quizbank.class_settings import ClassSettings
from quizbank.services.classes import create_session
from quizbank.services.session_keys import SessionKeys

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS


def test_sessions_made_earlier_are_listed_and_open_in_a_second_browser(servers, server_store, bank, new_page):
    keys = SessionKeys.beside(servers.db)  # the same secret the server's kernels use
    code, key = create_session(server_store, ClassSettings(item_ids=("d-tf", "d-single"), title="Ward 5 list"), keys)
    answer_in_session(server_store, bank, code, "learner-lis", "Lis", RIGHT, submit=True)

    first = new_page().page
    ui.open_dashboard(first, servers.instructor_login_url)
    row = ui.dash(first).locator(".cq-session-item").filter(has_text="Ward 5 list")
    expect(row).to_contain_text(f"Code {code}")
    expect(row).to_contain_text("1 joined · 1 submitted")
    expect(row.locator(".cq-badge")).to_have_text("open")
    row.get_by_role("button", name=f"Show instructor key of {code}").click()
    field = row.get_by_role("textbox", name=f"Instructor key of {code}")
    expect(field).to_have_value(key)
    row.get_by_role("button", name="Copy key").click()
    expect(row.get_by_text("Copied.")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    ui.dash(first).locator(".cq-session-list").screenshot(path=str(SHOTS / "session-list.png"))
    assert_accessible(first, "dashboard with the session list")

    second = new_page().page  # another browser context: no cookie of the first
    ui.open_dashboard(second, servers.instructor_login_url)
    listed = ui.dash(second).locator(".cq-session-item").filter(has_text="Ward 5 list")
    listed.get_by_role("button", name=f"Open live view of {code}").click()
    assert ui.join_code(second) == code
    expect(ui.stat(second, "Submitted")).to_have_text("1")
    ui.shot(second, SHOTS, "session-opened-from-list")

    # Closing from the list asks first.
    row.get_by_role("button", name=f"Close {code}…").click()
    assert not server_store.get_session(code).closed
    row.get_by_role("button", name=f"Yes, close {code}: nobody can join or answer").click()
    expect(ui.dash(first).locator(".cq-session-item").filter(has_text="Ward 5 list").locator(".cq-badge")).to_have_text(
        "closed", timeout=ui.WAIT_MS
    )
    assert server_store.get_session(code).closed
