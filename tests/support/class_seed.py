"""Learners answering in a class session, written the way a learner's kernel writes them.

The student quiz cannot join a class session yet, so the dashboard tests put learners'
answers into the store through the same calls a learner's kernel makes: the session's
settings (ClassSettings), ``records.open_or_resume`` with the session code, then the
quiz's play (quizbank.services.quizzes): answer/check/submit, each saved by its outbox the
moment it is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from quizbank import records
from quizbank.class_settings import ClassSettings
from quizbank.loader import Bank
from quizbank.services.quizzes import QuizPlay
from quizbank.session import Attempt
from quizbank.store import Store

# Right and wrong answers to the test bank's items.
RIGHT: dict[str, Any] = {
    "d-single": "a",
    "d-tf": True,
    "d-sata": ["a", "c", "e"],
    "d-matrix": {"r1": "tell", "r2": "call", "r3": "tell"},
}
WRONG: dict[str, Any] = {
    "d-single": "b",
    "d-tf": False,
    "d-sata": ["b", "d"],
    "d-matrix": {"r1": "call", "r2": "tell", "r3": "call"},
}


def answer_in_session(
    store: Store,
    bank: Bank,
    code: str,
    learner_id: str,
    name: str,
    answers: Mapping[str, Any],
    *,
    submit: bool,
    clock: Callable[[], float] = time.time,
) -> Attempt:
    """Join the session as `name`, answer `answers` (checking each once in practice mode), maybe submit."""
    session = store.get_session(code)
    assert session is not None, f"no session {code}"
    settings = ClassSettings.from_dict(session.settings)
    store.ensure_learner(learner_id, name)
    attempt, outbox, _record = records.open_or_resume(
        store,
        learner_id,
        bank,
        settings.quiz_settings(),
        kind="quiz",
        session_code=session.code,
        item_ids=settings.item_ids,
        clock=clock,
    )
    play = QuizPlay(attempt, outbox)
    for item_id, response in answers.items():
        play.answer(item_id, response)
        if settings.mode == "practice":
            play.check(item_id)
    if submit:
        play.submit()
    return attempt
