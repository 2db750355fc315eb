"""An ordering item counts as answered only when the learner acts on it, in the quiz screen without a
browser: shown and left alone it stays unanswered (nothing stored, nothing scored); "Use this order"
or a move answers it."""

from __future__ import annotations

import pytest

from tests.support.banks import QUIZ_BANK as TEST_BANK

from quizbank.loader import load_bank
from quizbank.store import Store
from widgets.app import QuizApp
from widgets.identity import identity_from_text

IDENTITY = identity_from_text("s-ordering-01")


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "records.sqlite3") as s:
        yield s


def exam_with_ordering(store: Store):
    """An exam started in this process, on the ordering item's page; (screen, item id)."""
    app = QuizApp(load_bank([TEST_BANK]), open_store=lambda: store, identity=IDENTITY)
    app.home.quiz_button.click()
    runner = app.current
    runner.start_screen.mode.value = "exam"
    runner.start_screen.start_button.click()
    screen = runner.screen
    position = next(p for p, item in enumerate(screen.attempt.items) if item.type == "ordering")
    for p in range(position + 1):  # every item up to the ordering one shown, none answered
        screen.go(p)
    return screen, screen.attempt.items[position].id


def stored_answer(store: Store, screen, item_id: str):  # noqa: ANN001, ANN201
    record = store.load_attempt(IDENTITY.learner_id, screen.attempt.attempt_id)
    row = record.responses.get(item_id)
    return None if row is None else row.answer


def test_an_ordering_item_shown_and_left_alone_is_unanswered_and_earns_nothing(store):
    screen, item_id = exam_with_ordering(store)
    assert screen.attempt.answered == 0
    assert stored_answer(store, screen, item_id) is None
    assert screen.play.submit().refusal is None
    assert screen.attempt.states[item_id].awarded == 0.0


def test_use_this_order_answers_it_with_the_order_shown(store):
    screen, item_id = exam_with_ordering(store)
    widget = screen.page(item_id).widget
    shown = widget.response()
    widget.use_order.click()
    assert screen.attempt.answered == 1
    assert stored_answer(store, screen, item_id) == shown
