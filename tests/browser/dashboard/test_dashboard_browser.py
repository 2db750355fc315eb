"""The instructor dashboard in Chromium, against the real servers.

The student quiz cannot join a class session yet, so the learners' answers are written
through the store and records API exactly as a learner's kernel writes them
(class_seed.answer_in_session); everything the instructor does is done in the browser.
"""

from __future__ import annotations

import csv
import io
import os
import re

import pytest

from tests.support import dashboard_ui as ui
from tests.support.axe import assert_accessible
from tests.support.browser_api import expect
from tests.support.class_seed import RIGHT, WRONG, answer_in_session
from tests.support.ports import free_port

from quizbank.class_settings import ClassSettings
from quizbank.scoring import max_points, score
from widgets.server import launcher as serve

pytestmark = pytest.mark.browser

ITEMS = ["d-single", "d-tf", "d-sata", "d-matrix"]
HOSTILE = '<script>window.hacked = 1; alert("x")</script>Cy'
FORMULA = '=HYPERLINK("http://example.invalid","Dee")'
BEN = {**RIGHT, "d-single": WRONG["d-single"], "d-sata": ["a", "c", "d"]}


def expected_facility(bank, answers_by_learner, item_id):
    """The share of the item's points, averaged over the learners, from the scoring rules themselves."""
    item = bank.items[item_id]
    shares = [score(item, answers.get(item_id)).points / max_points(item) for answers in answers_by_learner]
    return round(100 * sum(shares) / len(shares))


def create_session_in_browser(page):
    """Fill in the new-session form: these four items, exam, after submission, 20 minutes."""
    form = ui.dash(page)
    form.locator(".cq-field input[type=text]").first.fill("Ward 3 <b>2nd year</b>")
    page.get_by_role("radio", name="These item ids").check()
    form.locator(".cq-field textarea").fill(", ".join(ITEMS))
    expect(form.get_by_text("4 questions found.")).to_be_visible()
    page.get_by_role("radio", name="Exam / post-test: one try, scored on submission").check()
    form.locator(".cq-field input[type=number]").fill("20")
    form.locator(".cq-field input[type=number]").press("Tab")
    page.get_by_role("button", name="Create class session").click()
    return ui.join_code(page)


def test_instructor_creates_a_session_and_watches_the_class(servers, server_store, bank, new_page, screenshots):
    instructor = new_page()
    page = instructor.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ui.open_dashboard(page, servers.instructor_login_url)
    ui.shot(page, screenshots, "dashboard-home")
    assert_accessible(page, "dashboard home")

    code = create_session_in_browser(page)
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code)
    stored = server_store.get_session(code)
    settings = ClassSettings.from_dict(stored.settings)
    assert (settings.item_ids, settings.mode, settings.feedback, settings.time_limit_s) == (
        tuple(ITEMS),
        "exam",
        "after_submit",
        1200.0,
    )
    # Bank and instructor text is shown as text: the session name's <b> is not markup.
    expect(ui.dash(page).locator(".cq-session-head h1")).to_have_text("Ward 3 <b>2nd year</b>")
    expect(ui.dash(page).locator(".cq-join-where")).to_have_text(
        f"Students open {servers.student_url} and type the code"
    )
    expect(ui.stat(page, "Joined")).to_have_text("0")
    # The instructor key is in the reopen link's address only, never in the text on screen.
    href = ui.dash(page).get_by_role("link", name="reopen link").get_attribute("href")
    key = re.search(r"key=([A-Za-z0-9_-]+)", href).group(1)
    assert server_store.class_results(code, key) == []
    assert key not in ui.dash(page).inner_text()
    ui.shot(page, screenshots, "dashboard-join-code")
    assert_accessible(page, "dashboard join code")

    # Three learners answer (written as their kernels would write them); nobody touches the dashboard.
    answer_in_session(server_store, bank, code, "learner-ana", "Ana", RIGHT, submit=True)
    answer_in_session(server_store, bank, code, "learner-ben", "Ben", BEN, submit=True)
    answer_in_session(server_store, bank, code, "learner-cy", HOSTILE, {"d-single": "c", "d-tf": True}, submit=False)

    rows = ui.dash(page).locator(".cq-student-row")
    expect(rows).to_have_count(3, timeout=ui.LIVE_MS)  # the learners' table is drawn last
    expect(ui.stat(page, "Joined")).to_have_text("3")
    expect(ui.stat(page, "Submitted")).to_have_text("2")
    expect(ui.stat(page, "Answered at least one")).to_have_text("3")
    assert ui.student_names(page) == [HOSTILE, "Ana", "Ben"]  # the store's order: by name, case-insensitive
    assert dialogs == [] and page.evaluate("() => window.hacked") is None
    expect(rows.nth(0)).to_contain_text("Answering")
    expect(rows.nth(0)).to_contain_text("2 / 4")
    expect(rows.nth(1)).to_contain_text("Submitted")
    expect(rows.nth(1)).to_contain_text("100%")

    # Facility per item, read off the screen, against the scoring rules (submitted learners only: exam mode).
    scored = [RIGHT, BEN]
    for number, item_id in enumerate(ITEMS, start=1):
        cells = ui.item_cells(page, number)
        assert item_id in cells[1]
        assert cells[4] == f"{expected_facility(bank, scored, item_id)}%", (item_id, cells)
    assert ui.item_cells(page, 1)[3] == "3 / 3"  # Cy's answer counts as answered, not scored
    # d-single: what the class chose, the key marked.
    options = ui.item_cells(page, 1)[6]
    assert "✓ Interleukin-1 (IL-1)" in options and "Tumor necrosis factor (TNF)" in options

    # The most-missed item first, with its stem (escaped), key and rationale.
    first = ui.dash(page).locator(".cq-missed").first
    expect(first.locator(".cq-stem")).to_have_text(
        "Anakinra (<i>Kineret</i>) & its target: which protein does anakinra block?"
    )
    expect(first).to_contain_text("Key: Interleukin-1 (IL-1)")
    expect(first).to_contain_text("Rationale: The EBSCO article says anakinra blocks")
    expect(first).to_contain_text("facility 50%")

    # Both plots are real pictures.
    plots = ui.dash(page).locator("img.cq-plot")
    expect(plots).to_have_count(2)
    for index in range(2):
        assert plots.nth(index).evaluate("img => img.complete && img.naturalWidth > 300")
    ui.shot(page, screenshots, "dashboard-live")
    assert_accessible(page, "dashboard live")

    # A fourth learner arrives: the dashboard shows it by itself.
    answer_in_session(server_store, bank, code, "learner-dee", FORMULA, WRONG, submit=True)
    expect(rows).to_have_count(4, timeout=ui.LIVE_MS)
    expect(ui.stat(page, "Joined")).to_have_text("4")
    expect(ui.stat(page, "Submitted")).to_have_text("3")
    assert ui.item_cells(page, 2)[4] == f"{expected_facility(bank, [RIGHT, BEN, WRONG], 'd-tf')}%"
    expect(ui.dash(page).locator(".cq-live")).to_contain_text("Live: checked at")
    ui.shot(page, screenshots, "dashboard-updated")
    assert_accessible(page, "dashboard updated")

    # CSV export: a download made in the page, one row per learner per item.
    page.get_by_role("button", name="Export results (CSV)").click()
    link = ui.dash(page).locator(".cq-download a")
    expect(link).to_contain_text(f"clinquiz-{code}-")
    with page.expect_download() as info:
        link.click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 4 * len(ITEMS)
    assert {r["display_name"] for r in table} == {"Ana", "Ben", HOSTILE, "'" + FORMULA}  # no formula for spreadsheets
    assert {r["session_code"] for r in table} == {code}

    # Projector view: no names, no reopen link, the join code and the counts.
    page.get_by_role("button", name="Projector view").click()
    expect(ui.dash(page).locator(".cq-students")).to_be_hidden()
    expect(ui.dash(page).get_by_role("link", name="reopen link")).to_be_hidden()
    expect(ui.dash(page).locator(".cq-join-code")).to_be_visible()
    expect(ui.dash(page).get_by_text("press F11 (full screen)")).to_be_visible()
    assert key not in ui.dash(page).inner_text()
    ui.shot(page, screenshots, "dashboard-projector")
    assert_accessible(page, "dashboard projector")


def test_a_browser_without_the_token_gets_the_login_form_and_no_kernel(servers, new_page):
    before = ui.kernels(servers.instructor.pid)
    for address in (servers.instructor_url, servers.instructor_url + "?token=not-the-token-at-all-0123"):
        page = new_page().page
        page.goto(address)
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.get_by_text("Instructor dashboard")).to_have_count(0)
        expect(page.locator(".cq-dash")).to_have_count(0)
    assert ui.kernels(servers.instructor.pid) == before


def test_instructor_opens_an_existing_session_with_code_and_key(servers, server_store, bank, new_page):
    settings = ClassSettings(item_ids=("d-tf", "d-single"), mode="practice", feedback="each_answer", title="Refresher")
    code, key = server_store.create_session(settings.to_dict(), instructor_label="Refresher")
    answer_in_session(server_store, bank, code, "learner-eve", "Eve", {"d-tf": True, "d-single": "a"}, submit=True)

    page = new_page().page
    ui.open_dashboard(page, servers.instructor_login_url)
    form = ui.dash(page)
    form.get_by_placeholder("e.g. K7Q-4MP").fill(code.lower().replace("-", " "))
    form.locator("input[type=password]").fill(key[:-2] + "xx")
    page.get_by_role("button", name="Open session").click()
    expect(form.get_by_text("That join code and instructor key do not match a class session.")).to_be_visible()
    form.locator("input[type=password]").fill(key)
    page.get_by_role("button", name="Open session").click()
    assert ui.join_code(page) == code
    expect(ui.dash(page).locator(".cq-student-row")).to_have_count(1)
    expect(ui.stat(page, "Submitted")).to_have_text("1")
    assert ui.student_names(page) == ["Eve"]
    assert ui.item_cells(page, 1)[4] == "100%"

    # The reopen link brings the same session back in a fresh page (a fresh kernel).
    page.get_by_role("link", name="reopen link").click()
    assert ui.join_code(page) == code
    expect(ui.stat(page, "Joined")).to_have_text("1")


@pytest.fixture
def culling_server(servers, tmp_path):
    """A second instructor server that culls idle kernels after 4 s; live checks pause after 3 s of no news."""
    port = free_port()
    options = serve.Options(
        quiz_port=servers.options.quiz_port, instructor_port=port, db=servers.db, bank=servers.options.bank
    )
    base = {**os.environ, "CLINQUIZ_DASHBOARD_INTERVAL_S": "0.5", "CLINQUIZ_DASHBOARD_QUIET_S": "3"}
    command = serve.instructor_command(options) + [
        "--MappingKernelManager.cull_idle_timeout=4",
        "--MappingKernelManager.cull_interval=1",
    ]
    with open(tmp_path / "culling.log", "wb") as log:
        process = serve.start_server(command, serve.instructor_env(options, servers.token, base), log)
        try:
            serve.wait_until_up(process, options.instructor_port)
            yield process, f"http://127.0.0.1:{options.instructor_port}/?token={servers.token}"
        finally:
            serve.stop_server(process)


def test_live_checks_never_keep_a_kernel_alive(culling_server, server_store, bank, new_page):
    """Leaving the page shuts its kernel down; a page left open pauses its checks and lets the kernel be culled."""
    process, address = culling_server
    code, key = server_store.create_session(ClassSettings(item_ids=("d-tf",)).to_dict())
    session_address = f"{address}&code={code}&key={key}"
    assert ui.kernels(process.pid) == []

    page = new_page(record=False).page
    page.goto(session_address)
    assert ui.join_code(page) == code
    assert len(ui.kernels(process.pid)) == 1
    page.goto("about:blank")  # the page's unload asks Voila to shut its kernel down (widgets.server.voila_app's fix)
    assert ui.wait_until(lambda: ui.kernels(process.pid) == [], 3)  # well before culling (4 s) could do it

    page.goto(session_address)
    assert ui.join_code(page) == code
    expect(ui.dash(page).locator(".cq-live")).to_contain_text("Live updates paused (no new answers", timeout=30_000)
    # Nothing is sent any more, so the idle kernel is culled although the page is still open.
    assert ui.wait_until(lambda: ui.kernels(process.pid) == [], 30)


def test_leaving_the_quiz_page_shuts_the_students_kernel_down(servers, new_page):
    page = new_page(record=False).page
    before = set(ui.kernels(servers.student.pid))
    page.goto(servers.student_url)
    expect(page.get_by_role("textbox", name="Student id or name")).to_be_visible(timeout=ui.WAIT_MS)
    mine = set(ui.kernels(servers.student.pid)) - before
    assert len(mine) == 1
    page.goto("about:blank")
    assert ui.wait_until(lambda: not mine & set(ui.kernels(servers.student.pid)), 10)
