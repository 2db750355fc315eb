"""What the learner is told about saving, without a browser: saved (with the time), not saved yet
(the database stayed busy: kept and written with the next action), and changed elsewhere
(another window wrote first: the page reloads the attempt from the records and says so)."""

from __future__ import annotations

import re

import pytest

from tests.support.banks import QUIZ_BANK as TEST_BANK

from quizbank.loader import load_bank
from quizbank.store import Store, StoreBusy
from widgets.app import QuizApp
from widgets.identity import identity_from_text
from widgets.saved import NOT_SAVED

IDENTITY = identity_from_text("s-saving-01")


def right_answer(item):  # noqa: ANN001, ANN201 - an Item and its keyed response
    """The keyed response to any item type, as its widget would send it."""
    if item.type == "bowtie":
        return {slot: list(getattr(item, slot).key) for slot in ("condition", "actions", "parameters")}
    if item.type in ("cloze", "dropdown_rationale"):
        return {blank.id: blank.key for blank in item.blanks}
    key = item.key
    return list(key) if isinstance(key, (list, tuple)) else dict(key) if isinstance(key, dict) else key


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "records.sqlite3") as s:
        yield s


def exam_on_screen(store: Store, seed: str = "saving-1"):
    """A page (an app in this process) with an exam of the test bank's mechanism item started."""
    app = QuizApp(load_bank([TEST_BANK]), open_store=lambda: store, identity=IDENTITY)
    app.home.quiz_button.click()
    runner = app.current
    runner.start_screen.mode.value = "exam"
    runner.start_screen.seed.value = seed
    runner.start_screen.start_button.click()
    return app, runner


def test_a_busy_database_keeps_the_answer_and_writes_it_with_the_next_action(store, monkeypatch):
    _app, runner = exam_on_screen(store)
    screen = runner.screen
    first, second = (item.id for item in screen.attempt.items[:2])
    real = store.record_answer
    calls = {"n": 0}

    def busy_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise StoreBusy("the records database is busy")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "record_answer", busy_once)
    screen._answered(first, right_answer(screen.attempt.item(first)))
    status = screen.saving.status
    assert status.label.value == NOT_SAVED
    assert status.retry.layout.display != "none"  # "Save now" offered
    assert screen.attempt.states[first].response is not None  # kept in the kernel
    record = store.load_attempt(IDENTITY.learner_id, screen.attempt.attempt_id)
    assert record.responses[first].answer is None  # not in the records yet

    screen.go(1)  # the next action writes what was kept back first
    assert re.fullmatch(r"✓ Saved at \d\d:\d\d:\d\d", status.label.value)
    assert status.retry.layout.display == "none"
    record = store.load_attempt(IDENTITY.learner_id, screen.attempt.attempt_id)
    assert record.responses[first].answer is not None
    assert second in record.responses


def test_another_window_wrote_first_so_the_page_reloads_and_says_so(store):
    _app_a, runner_a = exam_on_screen(store)
    screen_a = runner_a.screen
    app_b = QuizApp(load_bank([TEST_BANK]), open_store=lambda: store, identity=IDENTITY)
    assert app_b.home.quiz_button.description == "Continue your quiz"
    app_b.home.quiz_button.click()
    screen_b = app_b.current.screen
    assert screen_b.attempt.attempt_id == screen_a.attempt.attempt_id

    item = screen_a.attempt.items[0]
    screen_b._flagged({"new": True})  # window B acts twice
    screen_b._flagged({"new": False})
    screen_a.go(0)
    screen_a._flagged({"new": True})  # window A works from an older copy: the records say no

    reloaded = runner_a.screen
    assert reloaded is not screen_a
    assert "changed in another window" in reloaded.note.value
    assert reloaded.position == 0 and reloaded.where.value == "Item 1 of 10"
    assert reloaded.attempt.states[item.id].flagged is False  # what the records hold
    record = store.load_attempt(IDENTITY.learner_id, reloaded.attempt.attempt_id)
    assert record.responses[item.id].flagged is False
