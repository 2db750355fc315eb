"""The dashboard's session list in this process: rows, opening, the read-only key field, closing with a confirmation."""

from __future__ import annotations

import json

import pytest

from quizbank.class_settings import ClassSettings
from quizbank.services.classes import create_session
from quizbank.services.session_keys import SessionKeys
from widgets.instructor.dashboard import InstructorDashboard
from widgets.instructor.session_list import SessionList


@pytest.fixture
def keys(tmp_path):
    return SessionKeys.beside(tmp_path / "records.sqlite3")


@pytest.fixture
def board(bank, store, keys):
    made = InstructorDashboard(bank, store, interval_s=0.05, keys=keys)
    yield made
    made.stop()


def test_the_list_shows_every_session_newest_first_and_opens_one(board, store, keys):
    old, _ = store.create_session(ClassSettings(item_ids=("d-tf",)).to_dict(), instructor_label="Before")
    code, key = create_session(store, ClassSettings(item_ids=("d-tf",), title="Ward <b>3</b>"), keys)
    board.sessions.refresh()
    rows = board.sessions.rows
    assert {r.listed.session.code for r in rows} == {old, code}
    mine = next(r for r in rows if r.listed.session.code == code)
    assert (
        "Ward &lt;b&gt;3&lt;/b&gt;" in mine.box.children[0].value
        and "0 joined · 0 submitted" in mine.box.children[0].value
    )
    assert mine.open_button.description == f"Open live view of {code}"
    mine.open_button.click()
    assert board.session is not None and board.session.code == code and board.session._key == key
    board.session.leave_button.click()
    legacy = next(r for r in board.sessions.rows if r.listed.session.code == old)
    assert legacy.listed.key is None and legacy.key_button.layout.display == "none"
    legacy.open_button.click()
    assert board.session is None and board.open_form.code.value == old


def test_the_key_is_hidden_until_asked_and_the_page_cannot_change_it(store, keys):
    code, key = create_session(store, ClassSettings(item_ids=("d-tf",)), keys)
    row = SessionList(store, keys, lambda c, k: None).rows[0]
    assert row.key_box.layout.display == "none"
    row.key_button.value = True
    assert row.key_box.layout.display != "none" and row.key_field.value == key
    row.key_field.value = "forged"  # what a page could send
    assert row.key_field.value == key
    assert "Copy key" in row.key_help.value and "Ctrl+C" in row.key_help.value
    assert key not in json.dumps(row.key_help.get_state())


def test_closing_from_the_list_asks_first(store, keys):
    code, _ = create_session(store, ClassSettings(item_ids=("d-tf",)), keys)
    listing = SessionList(store, keys, lambda c, k: None)
    row = listing.rows[0]
    row.close_button.click()
    assert row.confirm.layout.display != "none" and not store.get_session(code).closed
    row.keep.click()
    assert row.confirm.layout.display == "none" and not store.get_session(code).closed
    row.close_button.click()
    row.confirm.click()
    assert store.get_session(code).closed
    assert listing.rows[0].open_button.description == f"Open report of {code}"
