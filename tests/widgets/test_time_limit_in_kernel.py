"""The time limit holds in the kernel and the store even when the page's countdown never fires (no browser)."""

from __future__ import annotations

import time

import pytest

from tests.support.banks import QUIZ_BANK as TEST_BANK

from quizbank.class_settings import ClassSettings
from quizbank.loader import load_bank
from quizbank.services.quizzes import load
from quizbank.store import Store, TimeUp
from widgets.app import QuizApp
from widgets.identity import identity_from_text


def test_an_answer_after_the_deadline_is_refused_even_if_the_countdown_never_fired(tmp_path):
    """Without the kernel's timer (stopped here), the Attempt and the store still refuse a late answer,
    and the next page load submits the attempt."""
    bank = load_bank([TEST_BANK])
    identity = identity_from_text("s-late-07")
    with Store(tmp_path / "records.sqlite3") as store:
        code, _key = store.create_session(
            ClassSettings(item_ids=("t-tf",), mode="exam", feedback="after_submit", time_limit_s=1).to_dict()
        )
        app = QuizApp(bank, open_store=lambda: store, identity=identity)
        app.home.code.value = code
        app.home.join_button.click()
        app.current.start_button.click()
        screen = app.current.player.screen
        screen.countdown.stop()  # as if the timer never ran
        assert "Time left" in screen.countdown.label.value
        time.sleep(1.3)

        screen._answered("t-tf", True)  # what an answer from the browser leads to, whenever it comes
        assert screen.attempt.states["t-tf"].response is None
        assert screen.pages["t-tf"].widget.message.value.startswith("The time is up")
        record = store.load_attempt(identity.learner_id, screen.attempt.attempt_id)
        assert record.responses["t-tf"].answer is None and not record.submitted
        with pytest.raises(TimeUp):  # and the store refuses it too, whatever the kernel does
            store.record_answer(
                identity.learner_id, record.attempt_id, "t-tf", True, seq=record.last_seq + 1, at=time.time()
            )

        opened = load(store, identity.learner_id, record.attempt_id, bank)  # the next page load
        assert opened.how == "time_ran_out" and opened.attempt.submitted
        assert store.load_attempt(identity.learner_id, record.attempt_id).submitted
