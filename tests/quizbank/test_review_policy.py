"""Table tests of the review options: phase x setting -> what may be shown."""

from __future__ import annotations

import pytest

from quizbank import review_policy as rp
from quizbank.class_settings import ClassSettings
from quizbank.review_policy import Phase, Shown

ALL = Shown(True, True, True, True, True)
NONE = Shown()
SCORE = Shown(score=True)

TABLE = [
    ("self practice", rp.self_paced_defaults("practice"), [ALL, ALL, ALL, ALL]),
    ("self exam", rp.self_paced_defaults("exam"), [NONE, ALL, ALL, ALL]),
    ("class exam", rp.class_defaults("exam"), [NONE, SCORE, SCORE, ALL]),
    ("class practice", rp.class_defaults("practice"), [ALL, ALL, ALL, ALL]),
    ("old each_answer", rp.from_feedback_mode("practice", "each_answer"), [ALL, ALL, ALL, ALL]),
    ("old after_submit", rp.from_feedback_mode("practice", "after_submit"), [NONE, ALL, ALL, ALL]),
    ("old exam after_submit", rp.from_feedback_mode("exam", "after_submit"), [NONE, ALL, ALL, ALL]),
    ("old after_class", rp.from_feedback_mode("exam", "after_class"), [NONE, NONE, NONE, NONE]),
]


@pytest.mark.parametrize(("name", "options", "row"), TABLE, ids=[t[0] for t in TABLE])
@pytest.mark.parametrize("column", range(4))
def test_phase_by_setting(name: str, options: rp.ReviewOptions, row: list[Shown], column: int) -> None:
    assert options.shown(list(Phase)[column]) == row[column]


@pytest.mark.parametrize(
    ("submitted", "just", "closed", "phase"),
    [
        (False, False, False, Phase.DURING),
        (True, True, False, Phase.AFTER_SUBMIT),
        (True, False, False, Phase.LATER_OPEN),
        (True, True, True, Phase.AFTER_CLOSE),
        (True, False, True, Phase.AFTER_CLOSE),
        (False, False, True, Phase.AFTER_CLOSE),
    ],
)
def test_phase_now(submitted: bool, just: bool, closed: bool, phase: Phase) -> None:
    assert rp.phase_now(submitted=submitted, just_submitted=just, session_closed=closed) is phase


def test_round_trip_and_unknown_names() -> None:
    options = rp.class_defaults("exam")
    assert rp.ReviewOptions.from_dict(options.to_dict()) == options
    odd = rp.ReviewOptions.from_dict({"after_close": ["key", "nonsense", 3], "bogus": ["score"]})
    assert odd is not None and odd.shown(Phase.AFTER_CLOSE) == Shown(key=True)
    assert odd.shown(Phase.DURING) == NONE
    assert rp.ReviewOptions.from_dict("not a mapping") is None


def test_old_settings_rows_keep_their_feedback_mode() -> None:
    old = {"version": 1, "kind": "quiz", "item_ids": ["a"], "mode": "exam", "feedback": "after_class"}
    settings = ClassSettings.from_dict(old)
    assert settings.review is None
    assert settings.review_options.shown(Phase.AFTER_SUBMIT) == NONE
    new = ClassSettings(item_ids=("a",), mode="exam", feedback="after_submit", review=rp.class_defaults("exam"))
    stored = new.to_dict()
    assert stored["version"] == 2
    back = ClassSettings.from_dict(stored)
    assert back.review_options == rp.class_defaults("exam")
    assert back.case_reveal == "end"


def test_an_exam_shows_nothing_while_answered() -> None:
    assert rp.problems(rp.class_defaults("exam"), "exam") == []
    assert rp.problems(rp.class_defaults("practice"), "exam")
    assert rp.problems(rp.class_defaults("practice"), "practice") == []
