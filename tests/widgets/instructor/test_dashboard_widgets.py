"""The dashboard's widgets and live updates in this process (no browser): what the kernel does."""

from __future__ import annotations

import base64
import html
import json
import threading
import time

import ipywidgets as ipw
import pytest

from tests.support.class_seed import answer_in_session

from quizbank.class_settings import ClassSettings
from widgets.instructor.dashboard import NO_MATCH, InstructorDashboard, session_from_query
from widgets.instructor.live import Poller
from widgets.instructor.session_view import csv_link, reopen_query


def wait_for(condition, limit_s=10.0):
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def pollers():
    return [t for t in threading.enumerate() if t.name == "clinquiz-dashboard-poller"]


@pytest.fixture
def dashboard(bank, store):
    made = []

    def make(**options):
        board = InstructorDashboard(bank, store, interval_s=0.05, **options)
        made.append(board)
        return board

    yield make
    for board in made:
        board.stop()


def create_by_form(board, ids="d-single d-tf", mode="exam"):
    form = board.create_form
    form.pick.value = "ids"
    form.item_ids.value = ids
    form.mode.value = mode
    form._create()
    return board.session


def test_the_form_creates_a_session_and_shows_its_code(dashboard, store):
    board = dashboard(student_url="http://192.0.2.7:8866/")
    board.create_form.time_limit.value = 15
    view = create_by_form(board)
    assert view is not None and board.holder.children == (view.box,)
    stored = ClassSettings.from_dict(store.get_session(view.code).settings)
    assert (stored.item_ids, stored.mode, stored.feedback, stored.time_limit_s) == (
        ("d-single", "d-tf"),
        "exam",
        "after_submit",
        900.0,
    )
    assert f'<div class="cq-join-code">{view.code}</div>' in view.join.value
    assert "http://192.0.2.7:8866/" in view.join.value


def test_the_form_refuses_what_cannot_make_a_session(dashboard, store):
    board = dashboard()
    board.create_form.pick.value = "ids"
    board.create_form.item_ids.value = "d-tf no-such-item"
    assert board.create_form.ids_status.value == "1 question found. Not in the bank: no-such-item"
    board.create_form._create()
    assert board.session is None and "Not in the bank: no-such-item." in board.create_form.message.value
    board.create_form.mode.value = "exam"
    assert "each_answer" not in [v for _, v in board.create_form.feedback.options]


def test_the_key_is_in_no_widget_but_the_reopen_link(dashboard):
    board = dashboard()
    view = create_by_form(board)
    key = view._key
    holding = [w for w in walk(board.view) if key in json.dumps(w.get_state(), default=str)]
    assert holding == [view.reopen]
    assert f'href="{html.escape(reopen_query(view.code, key))}"' in view.reopen.value


def test_open_with_code_and_key_or_from_the_address(dashboard, store, bank):
    code, key = store.create_session(ClassSettings(item_ids=("d-tf",)).to_dict())
    board = dashboard()
    assert board.open(code, "wrong-key-123456") == NO_MATCH
    assert board.open("AAA-AAA", key) == NO_MATCH
    assert board.session is None
    assert board.open(code.lower().replace("-", ""), key) is None and board.session.code == code
    from_address = dashboard(query=f"token=abc&code={code}&key={key}")
    assert from_address.session is not None and from_address.session.code == code
    assert dashboard(query=f"code={code}&key=nope").session is None
    assert session_from_query(f"code={code}&key=<script>") is None


def test_live_updates_without_a_click_and_stop_when_leaving(dashboard, store, bank):
    before = len(pollers())
    board = dashboard()
    view = create_by_form(board)
    assert len(pollers()) == before + 1
    answer_in_session(store, bank, view.code, "ana", "Ana <b>", {"d-tf": True}, submit=False)
    assert wait_for(lambda: "Ana &lt;b&gt;" in view.students.value)
    redraws = view.redraws
    assert wait_for(lambda: view.refreshes > redraws + 3)
    assert view.redraws == redraws  # nothing changed: nothing redrawn
    assert "Live: checked at" in view.live.value
    board.leave()
    assert not view.poller.running and len(pollers()) == before
    assert board.holder.children == board._home_children


def test_opening_another_session_stops_the_first_ones_thread(dashboard, store):
    before = len(pollers())
    board = dashboard()
    first = create_by_form(board)
    second = create_by_form(board, ids="d-sata")
    assert not first.poller.running and second.poller.running
    assert len(pollers()) == before + 1


def test_pause_resume_close_and_csv(dashboard, store, bank):
    board = dashboard()
    view = create_by_form(board, mode="practice")
    view._pause_clicked()
    assert not view.poller.running and "paused by you" in view.live.value
    assert view.pause_button.description == "Resume live updates"
    view._pause_clicked()
    assert view.poller.running and view.pause_button.description == "Pause live updates"
    answer_in_session(store, bank, view.code, "ana", "=cmd|' /C calc'!A0", {"d-tf": True}, submit=True)
    view._export()
    href = view.download.value.split('href="', 1)[1].split('"', 1)[0]
    text = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    assert text.lstrip("\ufeff") == store.export_csv(view.code, view._key)
    assert "'=cmd" in text
    view._ask_close()
    view._close()
    assert store.get_session(view.code).closed
    assert "closed" in view.head.value and view.close_button.layout.display == "none"


def test_csv_link_escapes_and_names_the_file():
    link = csv_link('a,b\n"<x>",1\n', "K7Q-4MP", 0.0)
    assert link.startswith('<a download="clinquiz-K7Q-4MP-') and "(1 rows," in link and "<x>" not in link


# -- the poller itself ---------------------------------------------------------------------


def test_poller_ticks_on_a_daemon_thread_and_stops():
    ticks = []
    poller = Poller(lambda: ticks.append(1) or False, interval_s=0.01)
    poller.start()
    poller.start()  # no second thread
    assert wait_for(lambda: len(ticks) >= 5)
    threads = [t for t in pollers() if t is poller._thread]
    assert len(threads) == 1 and threads[0].daemon
    poller.stop()
    assert not poller.running
    count = len(ticks)
    time.sleep(0.05)
    assert len(ticks) == count


def test_poller_pauses_itself_when_nothing_changes():
    now = [0.0]
    reasons = []
    poller = Poller(lambda: False, interval_s=0.01, quiet_stop_s=60, clock=lambda: now[0], on_pause=reasons.append)
    poller.start()
    time.sleep(0.05)
    assert poller.running
    now[0] = 61.0
    assert wait_for(lambda: not poller.running)
    assert reasons == ["no new answers for 1 minutes"]


def test_poller_survives_errors_then_pauses_after_too_many():
    calls, reasons = [], []

    def failing():
        calls.append(1)
        raise RuntimeError("database gone")

    poller = Poller(failing, interval_s=0.01, max_failures=3, on_pause=reasons.append)
    poller.start()
    assert wait_for(lambda: not poller.running)
    assert len(calls) == 3 and "could not be read" in reasons[0]


def test_session_view_without_a_thread_is_a_plain_widget_tree(dashboard):
    board = dashboard()
    view = create_by_form(board)
    assert isinstance(view.box, ipw.VBox)
    board.stop()
    assert not view.poller.running


def test_a_case_session_from_the_form_shows_the_class_choices(store):
    from quizbank.loader import load_bank

    shipped = load_bank()
    board = InstructorDashboard(shipped, store, interval_s=0.05)
    try:
        form = board.create_form
        assert [v for _, v in form.what.options] == ["quiz", "case"]
        form.what.value = "case"
        assert form.case.layout.display is None and form.quiz_box.layout.display == "none"
        case = shipped.cases[form.case.value]
        form.feedback.value = "after_submit"
        form._create()
        view = board.session
        assert view is not None and view.settings.case_id == case.id and view.settings.case_reveal == "end"
        step = case.step(case.start)
        store.ensure_learner("ana", "Ana")
        store.start_attempt(
            "ana",
            attempt_id="c1",
            kind="case",
            items=(),
            settings={},
            seed="s",
            option_orders={},
            started_at=1.0,
            session_code=view.code,
        )
        store.record_case_choice("ana", "c1", seq=1, step_id=step.id, choice_id=next(iter(step.branches)), at=2.0)
        assert wait_for(lambda: "reached by 1" in view.case.value)
        assert html.escape(case.title) in view.case.value
    finally:
        board.stop()
