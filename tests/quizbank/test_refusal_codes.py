"""Every refusal of an Attempt or a CasePlay carries its code, records nothing and changes nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from quizbank.loader import Bank
from quizbank.outcomes import RefusalCode
from quizbank.session import Attempt, QuizSettings


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def quiz(bank: Bank, clock: Clock, **settings: Any) -> Attempt:
    items = list(bank.items.values())
    return Attempt("att-1", items, QuizSettings(length=len(items), **settings), "seed-1", bank.sources, clock)


def submitted(a: Attempt, _clock: Clock) -> None:
    a.submit()


def locked(a: Attempt, _clock: Clock) -> None:
    a.answer("sc-mechanism", "a")
    a.check("sc-mechanism")


def late(_a: Attempt, clock: Clock) -> None:
    clock.now += 601


def nothing(_a: Attempt, _clock: Clock) -> None:
    pass


CASES: list[tuple[str, dict[str, Any], Callable[[Attempt, Clock], None], Callable[[Attempt], Any], RefusalCode]] = [
    ("answer after submit", {}, submitted, lambda a: a.answer("sc-mechanism", "a"), RefusalCode.SUBMITTED),
    ("flag after submit", {}, submitted, lambda a: a.flag("sc-mechanism", True), RefusalCode.SUBMITTED),
    ("submit twice", {}, submitted, lambda a: a.submit(), RefusalCode.SUBMITTED),
    ("answer a locked item", {}, locked, lambda a: a.answer("sc-mechanism", "b"), RefusalCode.ITEM_LOCKED),
    ("check a locked item", {}, locked, lambda a: a.check("sc-mechanism"), RefusalCode.ITEM_LOCKED),
    (
        "answer after the limit",
        {"time_limit_s": 600},
        late,
        lambda a: a.answer("sc-mechanism", "a"),
        RefusalCode.TIME_UP,
    ),
    ("flag after the limit", {"time_limit_s": 600}, late, lambda a: a.flag("sc-mechanism", True), RefusalCode.TIME_UP),
    ("check without an answer", {}, nothing, lambda a: a.check("sc-mechanism"), RefusalCode.NO_ANSWER),
    ("a forged answer", {}, nothing, lambda a: a.answer("sc-mechanism", "z"), RefusalCode.INVALID_ANSWER),
    ("check in exam mode", {"mode": "exam"}, nothing, lambda a: a.check("sc-mechanism"), RefusalCode.NOT_IN_PRACTICE),
    ("an unknown item", {}, nothing, lambda a: a.answer("no-such-item", "a"), RefusalCode.UNKNOWN_ITEM),
    ("flag an unknown item", {}, nothing, lambda a: a.flag("no-such-item", True), RefusalCode.UNKNOWN_ITEM),
]


@pytest.mark.parametrize(("settings", "before", "act", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attempt_refusals_carry_their_code(small_bank: Bank, settings, before, act, code) -> None:
    clock = Clock()
    a = quiz(small_bank, clock, **settings)
    before(a, clock)
    states, was_submitted = copy.deepcopy(a.states), a.submitted
    outcome = act(a)
    assert not outcome.ok and outcome.events == () and outcome.value is None
    assert outcome.refusal.code is code and outcome.refusal.message
    assert a.states == states and a.submitted == was_submitted


def test_a_done_action_returns_its_events_and_no_refusal(small_bank: Bank) -> None:
    a = quiz(small_bank, Clock())
    answered = a.answer("sc-mechanism", "a")
    checked = a.check("sc-mechanism")
    assert answered.ok and [e.kind for e in answered.events] == ["answer"]
    assert checked.ok and checked.value is not None and checked.value.final
    (event,) = checked.events
    assert (event.kind, event.tries, event.locked, event.points) == ("check", 1, True, 1.0)
    (closing,) = a.submit().events
    assert closing.kind == "submit" and {f.item_id for f in closing.finals} == set(a.states)
