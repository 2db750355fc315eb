"""The quiz rules of quizbank.services.quizzes: where a reload carries on, the submit summary, feedback."""

from __future__ import annotations

from typing import Any

import pytest

from quizbank import records
from quizbank.services.quizzes import (
    QuizPlay,
    checks_allowed,
    feedback_mode,
    open_quiz,
    resume_position,
    submit_summary,
)
from quizbank.session import QuizSettings

ITEMS = ["bs-allergy-ecoli", "bs-latex", "bs-tnf-ebsco", "bs-adalimumab-tf"]


def played(store: Any, bank: Any, actions: list[tuple[str, int]]) -> QuizPlay:
    store.ensure_learner("ana", "Ana")
    attempt, outbox, _ = records.open_or_resume(
        store, "ana", bank, QuizSettings(length=len(ITEMS)), item_ids=ITEMS, seed="s"
    )
    play = QuizPlay(attempt, outbox)
    for action, position in actions:
        item_id = ITEMS[position]
        if action == "answer":
            assert play.answer(item_id, bank.items[item_id].key).saved.saved
        else:
            assert play.flag(item_id, True).saved.saved
    return play


@pytest.mark.parametrize(
    ("actions", "position"),
    [
        ([], 0),  # nothing done: the first item
        ([("answer", 0)], 1),  # answered and reloaded: the next item without an answer
        ([("flag", 2)], 2),  # flagged without an answer: that item again
        ([("answer", 0), ("answer", 1), ("answer", 3)], 2),  # the last one acted on is answered: the first gap
        ([("answer", 0), ("answer", 1), ("answer", 2), ("answer", 3)], 3),  # all answered: the last acted on
        ([("answer", 2), ("answer", 0)], 1),  # the item after the last acted on that has no answer
    ],
)
def test_a_reload_carries_on_at_the_resume_position(store, bank, actions, position):
    play = played(store, bank, actions)
    assert resume_position(store.load_attempt("ana", play.attempt_id)) == position


def test_open_quiz_resumes_the_open_attempt_where_it_stopped(store, bank):
    play = played(store, bank, [("answer", 0)])
    again = open_quiz(store, "ana", bank, QuizSettings(length=len(ITEMS)), seed="other")
    assert (again.attempt.attempt_id, again.how, again.position) == (play.attempt_id, "resumed", 1)
    assert again.outbox is not None and again.last_saved_at is not None


def test_the_submit_summary_numbers_the_items_to_go_back_to(store, bank):
    play = played(store, bank, [("answer", 0), ("flag", 0), ("answer", 1), ("flag", 3)])
    play.check(ITEMS[0])
    summary = submit_summary(play.attempt)
    assert (summary.answered, summary.count) == (2, 4)
    assert (summary.unanswered, summary.flagged, summary.unchecked) == ((3, 4), (1, 4), (2,))
    assert summary.to_revisit == (1, 2, 3, 4)


def test_the_submit_summary_tells_an_item_checked_once_from_one_never_checked(store, bank):
    play = played(store, bank, [("answer", 0), ("answer", 1)])
    item = bank.items[ITEMS[0]]
    wrong = next(option.id for option in item.options if option.id != item.key)
    assert play.answer(ITEMS[0], wrong).saved.saved
    play.check(ITEMS[0])
    summary = submit_summary(play.attempt)
    assert (summary.unchecked, summary.tries_left) == ((2,), (1,))
    assert summary.to_revisit == (1, 2, 3, 4)  # each with its "Go to item" button


@pytest.mark.parametrize(
    ("mode", "chosen", "feedback", "checks"),
    [
        ("practice", None, "each_answer", True),
        ("exam", None, "after_submit", False),
        ("practice", "after_class", "after_class", False),
        ("practice", "after_submit", "after_submit", False),
    ],
)
def test_feedback_mode_and_checks(mode, chosen, feedback, checks):
    settings = QuizSettings(mode=mode)
    assert feedback_mode(settings, chosen) == feedback
    assert checks_allowed(settings, feedback) is checks
