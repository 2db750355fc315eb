"""The screens word a refusal from its code: the attempt's (quizbank.outcomes) and the records' (outbox)."""

from __future__ import annotations

import pytest

from quizbank.loader import load_bank
from quizbank.outcomes import Refusal, RefusalCode
from quizbank.services.outbox import RecordsRefusal, SaveReport
from quizbank.session import Attempt, QuizSettings
from widgets.attempt_screen import NOT_SAVED, AttemptScreen, friendly
from widgets.case.player import NOT_TAKEN, REFUSED_WORDS, saved_words
from widgets.saved import OTHER_WINDOW, describe


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (RefusalCode.NO_ANSWER, "Choose an answer first."),
        (RefusalCode.SUBMITTED, "This quiz has been submitted."),
        (RefusalCode.ITEM_LOCKED, "This item is already answered."),
        (RefusalCode.TIME_UP, "The time is up: your answers so far are kept."),
        (RefusalCode.INVALID_ANSWER, NOT_SAVED),
        (RefusalCode.UNKNOWN_ITEM, NOT_SAVED),
    ],
)
def test_the_quiz_words_the_attempts_refusals(code, words):
    assert friendly(Refusal(code, "whatever the message says")) == words


@pytest.mark.parametrize(
    ("code", "start"),
    [
        (RecordsRefusal.TIME_UP, "The time is up, so your quiz was submitted"),
        (RecordsRefusal.SESSION_CLOSED, "Your instructor has closed this class session"),
        (RecordsRefusal.ATTEMPT_CLOSED, "This quiz was already submitted (perhaps in another window)"),
        (RecordsRefusal.ITEM_LOCKED, "That answer was already final"),
        (RecordsRefusal.OTHER_WINDOW, OTHER_WINDOW),
        (RecordsRefusal.REFUSED, OTHER_WINDOW),
    ],
)
def test_the_quiz_words_the_records_refusals(code, start):
    assert describe(SaveReport("refused", code)).startswith(start)


def test_the_case_player_words_its_refusals_and_saves():
    assert REFUSED_WORDS[RefusalCode.NO_ANSWER] == "Choose an answer first."
    assert REFUSED_WORDS.get(RefusalCode.NOT_CURRENT_STEP, NOT_TAKEN) == "That answer was not taken."
    assert saved_words(SaveReport("saved")) == ("Saved ✓", "cq-saved")
    assert saved_words(SaveReport("pending"))[0].startswith("Not saved yet: the records are busy.")
    assert "another window" in saved_words(SaveReport("refused", RecordsRefusal.OTHER_WINDOW))[0]
    closed = SaveReport("refused", RecordsRefusal.SESSION_CLOSED, detail="the instructor has closed this class session")
    assert saved_words(closed)[0] == "Not saved: the instructor has closed this class session."
    assert saved_words(None) == ("", "")


def test_an_answer_after_the_time_limit_is_put_back_and_worded():
    bank = load_bank()
    now = [1000.0]
    items = [bank.items[i] for i in sorted(bank.items)[:2]]
    attempt = Attempt(
        "a1", items, QuizSettings(mode="exam", length=2, time_limit_s=60), "s", bank.sources, lambda: now[0]
    )
    screen = AttemptScreen(attempt, lambda note: None)
    screen.stop()
    item = items[0]
    page = screen.page(item.id)
    now[0] += 61
    screen._answered(item.id, "a")  # refused for the time before its shape is looked at
    assert attempt.states[item.id].response is None
    assert page.widget.message.value == "The time is up: your answers so far are kept."
