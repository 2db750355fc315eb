"""Who may join a class session, and what a learner's class quiz offers (quizbank.services.classes)."""

from __future__ import annotations

import pytest

from quizbank import records
from quizbank.services.classes import class_quiz_step, joining
from quizbank.session import QuizSettings

ITEMS = ["bs-allergy-ecoli", "bs-latex"]


def attempt_in(store, bank, code, learner="ana", *, submit=False):
    store.ensure_learner(learner, learner.title())
    attempt, outbox, _ = records.open_or_resume(
        store, learner, bank, QuizSettings(length=2), item_ids=ITEMS, session_code=code
    )
    if submit:
        outbox.send(attempt.submit().events)
    return attempt


@pytest.mark.parametrize(
    ("closed", "has_attempt", "problem"),
    [
        (False, False, None),  # an open session takes anyone with its code
        (False, True, None),
        (True, True, None),  # a closed one lets its own learners back in, to see their results
        (True, False, "ended"),  # and nobody new
    ],
)
def test_who_may_join(store, bank, closed, has_attempt, problem):
    code, key = store.create_session({"kind": "quiz", "item_ids": ITEMS})
    store.ensure_learner("ana", "Ana")
    if has_attempt:
        attempt_in(store, bank, code)
    if closed:
        store.close_session(code, key)
    found = joining(store, "ana", code)
    assert found.problem == problem and (found.session is None) == (problem is not None)


def test_an_unknown_code_is_no_such_session(store):
    store.ensure_learner("ana", "Ana")
    assert joining(store, "ana", "KKKKKK").problem == "no_such_session"


def test_the_class_quiz_offers_start_continue_results_or_nothing(store, bank):
    code, key = store.create_session({"kind": "quiz", "item_ids": ITEMS})
    store.ensure_learner("ana", "Ana")
    session = store.get_session(code)
    assert class_quiz_step(store, "ana", session)[0] == "start"
    attempt = attempt_in(store, bank, code)
    assert class_quiz_step(store, "ana", session) == ("continue", store.list_attempts("ana", "quiz"))
    records.reopen(store, "ana", attempt.attempt_id, bank)[1].send(attempt.submit().events)
    assert class_quiz_step(store, "ana", session)[0] == "results"
    store.close_session(code, key)
    store.ensure_learner("bob", "Bob")
    assert class_quiz_step(store, "bob", store.get_session(code))[0] == "closed"
