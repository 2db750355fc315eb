"""The practice retry rule, as a table: what a learner did on one item -> the points it earns.

Stated to learners as "each try after the first takes 25% of this item's points off what you
earn on it": the penalty is a share of the item's full points, only for tries actually taken
beyond the first; a submission scores an answer as it was last checked on that try, and a
changed or never checked answer as one more try; exam mode has no penalty.
"""

from __future__ import annotations

from typing import Any

import pytest

from quizbank.loader import Bank
from quizbank.scoring import max_points, score
from quizbank.session import Attempt, QuizSettings, retry_points

Step = tuple[str, Any]  # ("answer", response), ("check", None), ("submit", None)


def played(bank: Bank, item_id: str, steps: list[Step], mode: str = "practice", max_tries: int = 3) -> float:
    items = list(bank.items.values())
    settings = QuizSettings(mode=mode, length=len(items), max_tries=max_tries, retry_penalty=0.25)  # type: ignore[arg-type]
    a = Attempt("att-1", items, settings, "seed-1", bank.sources, lambda: 1000.0)
    for action, value in steps:
        outcome = (
            a.answer(item_id, value) if action == "answer" else a.check(item_id) if action == "check" else a.submit()
        )
        assert outcome.ok, outcome.refusal
    if not a.submitted:
        a.submit()
    return a.states[item_id].awarded


TF = "tf-once-daily"  # true/false, 1 point, key True
RIGHT, WRONG = ("answer", True), ("answer", False)
CHECK, SUBMIT = ("check", None), ("submit", None)


@pytest.mark.parametrize(
    ("steps", "mode", "points"),
    [
        ([RIGHT, CHECK], "practice", 1.0),  # right first time
        ([WRONG, CHECK, RIGHT, CHECK], "practice", 0.75),  # right on the second try
        ([WRONG, CHECK, WRONG, CHECK, RIGHT, CHECK], "practice", 0.5),  # right on the third
        ([WRONG, CHECK, WRONG, CHECK, WRONG, CHECK], "practice", 0.0),  # out of tries
        ([RIGHT], "practice", 1.0),  # never checked: the submission is the first try
        ([WRONG, CHECK, RIGHT], "practice", 0.75),  # changed after a check, not checked again: one more try
        ([WRONG, CHECK], "practice", 0.0),  # checked once, wrong, left as it was
        ([], "practice", 0.0),  # never answered
        ([WRONG, RIGHT], "exam", 1.0),  # exam: the answer at submission, no penalty
        ([], "exam", 0.0),
    ],
)
def test_retry_rule_on_a_one_point_item(small_bank: Bank, steps: list[Step], mode: str, points: float):
    assert played(small_bank, TF, steps, mode) == pytest.approx(points)


def test_a_partly_right_answer_checked_once_and_submitted_as_it_was_keeps_its_points(small_bank: Bank):
    item = small_bank.items["sata-serious"]
    partly = score(item, ["a"]).points
    assert 0 < partly < max_points(item)
    assert played(small_bank, "sata-serious", [("answer", ["a"]), CHECK]) == pytest.approx(partly)


def test_a_partly_right_retry_loses_a_share_of_the_full_points_not_of_what_it_earns(small_bank: Bank):
    item = small_bank.items["sata-serious"]
    full, partly = max_points(item), score(item, ["a", "b", "c"]).points
    steps = [("answer", ["c"]), CHECK, ("answer", ["a", "b", "c"]), CHECK]
    assert played(small_bank, "sata-serious", steps) == pytest.approx(max(0.0, partly - 0.25 * full))


@pytest.mark.parametrize(
    ("earned", "possible", "extra", "points"),
    [(1, 1, 0, 1), (1, 1, 1, 0.75), (1, 1, 4, 0), (2, 5, 1, 0.75), (0.5, 2, 1, 0), (3, 3, -1, 3)],
)
def test_retry_points(earned: float, possible: float, extra: int, points: float):
    assert retry_points(earned, possible, extra, 0.25) == pytest.approx(points)
