"""The pure rules of an attempt (quizbank.session): practice, exam, time limits, forged input."""

from __future__ import annotations

import dataclasses
import re

import pytest

from quizbank.loader import Bank
from quizbank.outcomes import Outcome, Refusal, RefusalCode
from quizbank.session import Attempt, Event, Feedback, QuizSettings, Refused


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def check(a: Attempt, item_id: str) -> Feedback:
    """Check an item, which must be allowed; the Feedback."""
    outcome = a.check(item_id)
    assert outcome.ok and outcome.value is not None, outcome.refusal
    return outcome.value


def refused(outcome: Outcome, match: str = "") -> Refusal:
    """The outcome's refusal, which there must be (its message matching `match`); nothing was recorded."""
    assert outcome.refusal is not None and outcome.events == ()
    assert re.search(match, outcome.refusal.message), outcome.refusal.message
    return outcome.refusal


def attempt(bank: Bank, mode: str = "practice", clock: Clock | None = None, **settings) -> Attempt:
    items = list(bank.items.values())
    chosen = QuizSettings(mode=mode, length=len(items), **settings)
    return Attempt("att-1", items, chosen, "seed-1", bank.sources, clock or Clock())


# -- practice ---------------------------------------------------------------------------


def test_practice_right_first_time_locks_with_full_points(small_bank: Bank):
    a = attempt(small_bank)
    a.answer("sc-mechanism", "a")
    feedback = check(a, "sc-mechanism")
    assert feedback.correct and feedback.final and feedback.tries == 1
    assert feedback.awarded == 1.0 and feedback.max_points == 1.0
    assert feedback.key_text == ("Interleukin-1 (IL-1)",)
    assert feedback.rationale.startswith("The article says anakinra blocks")
    assert [(c.source, c.title) for c in feedback.citations] == [
        ("ebsco-anakinra", "Anakinra May Help Ease the Pain of Rheumatoid Arthritis")
    ]
    assert feedback.option_feedback == (("a", "Right: the article says so."),)
    assert a.states["sc-mechanism"].locked
    refused(a.answer("sc-mechanism", "b"))
    refused(a.check("sc-mechanism"))


def test_practice_wrong_then_right_costs_the_retry_penalty(small_bank: Bank):
    a = attempt(small_bank, retry_penalty=0.25, max_tries=3)
    a.answer("sata-serious", ["a", "c"])  # 1 right, 1 wrong: 0 of 2
    first = check(a, "sata-serious")
    assert not first.correct and not first.final and first.tries == 1
    # Before the item is final, no key, rationale or source reaches the learner.
    assert (first.key_text, first.rationale, first.citations) == ((), "", ())
    assert first.awarded == 0.0
    assert a.feedback("sata-serious") == first
    a.answer("sata-serious", ["a"])  # 1 of 2: still not right
    second = check(a, "sata-serious")
    assert second.score.points == 1.0 and not second.final and second.rationale == ""
    a.answer("sata-serious", ["a", "b"])
    third = check(a, "sata-serious")
    assert third.correct and third.final and third.tries == 3
    assert third.awarded == pytest.approx(2.0 * (1 - 0.25 * 2))
    assert third.key_text == ("Rash", "Flu-like symptoms") and third.rationale


def test_practice_locks_after_max_tries_and_shows_the_key(small_bank: Bank):
    a = attempt(small_bank, max_tries=2, retry_penalty=0.5)
    a.answer("tf-once-daily", False)
    assert not check(a, "tf-once-daily").final
    a.answer("tf-once-daily", False)
    last = check(a, "tf-once-daily")
    assert last.final and not last.correct and last.awarded == 0.0
    assert last.key_text == ("True",)
    refused(a.answer("tf-once-daily", True))


def test_practice_partial_points_on_the_last_try_are_kept_less_the_penalty_of_the_full_points(small_bank: Bank):
    a = attempt(small_bank, max_tries=2, retry_penalty=0.25)
    a.answer("mx-report", {"r1": "call", "r2": "tell"})
    check(a, "mx-report")
    a.answer("mx-report", {"r1": "tell", "r2": "tell"})
    last = check(a, "mx-report")
    assert last.final and (last.score.points, last.max_points) == (1.0, 2.0)
    assert last.awarded == pytest.approx(0.5)  # 1 earned, less 25% of the item's 2 points for the second try
    assert a.total() == (pytest.approx(0.5), sum(f for f in [1, 1, 2, 2, 2, 2, 1, 3, 1, 5]))


def test_check_without_an_answer_is_refused(small_bank: Bank):
    a = attempt(small_bank)
    refused(a.check("cz-angle"), "choose an answer first")
    assert a.states["cz-angle"].tries == 0


def test_practice_submit_locks_everything(small_bank: Bank):
    a = attempt(small_bank)
    a.answer("sc-mechanism", "a")
    check(a, "sc-mechanism")
    a.answer("tf-once-daily", True)  # answered but never checked: scored at submission, as one try
    a.answer("sata-serious", ["a"])
    check(a, "sata-serious")  # a wrong first try, then a better answer left unchecked: the retry costs
    a.answer("sata-serious", ["a", "b"])
    a.submit()
    assert all(s.locked for s in a.states.values())
    assert a.states["tf-once-daily"].awarded == 1.0
    retried = a.states["sata-serious"]
    full = retried.last_score.max_points
    assert retried.awarded == pytest.approx(max(0.0, retried.last_score.points - 0.25 * full))
    assert a.total()[0] == pytest.approx(2.0 + retried.awarded)
    refused(a.submit())


# -- exam -------------------------------------------------------------------------------


def test_exam_refuses_check_and_gives_no_feedback_before_submission(small_bank: Bank):
    a = attempt(small_bank, mode="exam")
    a.answer("sc-mechanism", "b")
    refused(a.check("sc-mechanism"), "only after submission")
    assert all(a.feedback(item_id) is None for item_id in small_bank.items)
    a.answer("sc-mechanism", "a")  # a changed mind is fine before submission
    assert a.states["sc-mechanism"].last_score is None and a.states["sc-mechanism"].awarded == 0.0


def test_exam_is_scored_on_submission_with_the_review(small_bank: Bank):
    a = attempt(small_bank, mode="exam")
    a.answer("sc-mechanism", "a")
    a.answer("sn-sites", ["a", "c"])
    a.answer("bt-foam", {"condition": ["c1"], "actions": ["a1", "a3"], "parameters": ["p1", "p2"]})
    a.submit()
    assert a.submitted
    right = a.feedback("sc-mechanism")
    assert right is not None and right.final and right.correct and right.awarded == 1.0
    assert right.key_text and right.rationale and right.citations
    partial = a.feedback("sn-sites")
    assert partial.awarded == 1.0 and not partial.correct
    assert a.feedback("bt-foam").awarded == 4.0
    unanswered = a.feedback("cz-angle")
    assert unanswered.awarded == 0.0 and unanswered.key_text == ("angle: 45 to 90-degree", "depth: halfway")
    assert a.total()[0] == 6.0


def test_nothing_is_accepted_after_submission(small_bank: Bank):
    a = attempt(small_bank, mode="exam")
    a.submit()
    refused(a.answer("sc-mechanism", "a"), "submitted")
    refused(a.flag("sc-mechanism", True))
    assert a.states["sc-mechanism"].response is None


def test_answers_after_the_time_limit_are_refused(small_bank: Bank):
    clock = Clock(1000.0)
    a = attempt(small_bank, mode="exam", clock=clock, time_limit_s=600)
    assert a.deadline == 1600.0 and a.time_left() == 600.0
    clock.now = 1599.0
    a.answer("sc-mechanism", "a")
    assert a.time_left() == 1.0
    clock.now = 1600.5
    refused(a.answer("sc-mechanism", "b"), "time limit")
    assert a.states["sc-mechanism"].response == "a" and a.time_left() == 0.0
    a.submit()  # submitting after the limit is how the attempt ends
    assert a.feedback("sc-mechanism").awarded == 1.0


def test_practice_check_after_the_time_limit_is_refused(small_bank: Bank):
    clock = Clock(0.0)
    a = attempt(small_bank, clock=clock, time_limit_s=60)
    a.answer("sc-mechanism", "a")
    clock.now = 61.0
    refused(a.check("sc-mechanism"), "time limit")
    assert a.states["sc-mechanism"].tries == 0


# -- forged input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "item_id, response",
    [
        ("sc-mechanism", "z"),
        ("sc-mechanism", ["a"]),
        ("tf-once-daily", "true"),
        ("sata-serious", ["a", "a"]),
        ("sn-sites", ["a", "b", "c"]),
        ("mx-report", {"r1": "tell", "r9": "call"}),
        ("cz-angle", {"angle": "<script>alert(1)</script>"}),
        ("ord-steps", ["clean", "cover"]),
        ("hl-note", ["s1", "s9"]),
        ("bt-foam", {"condition": ["c1", "c2"]}),
    ],
)
def test_a_forged_response_is_refused_and_changes_nothing(small_bank: Bank, item_id: str, response):
    a = attempt(small_bank)
    before = dataclasses.replace(a.states[item_id])
    assert refused(a.answer(item_id, response), "not a valid answer").code is RefusalCode.INVALID_ANSWER
    assert a.states[item_id] == before


def test_an_unknown_item_is_refused(small_bank: Bank):
    a = attempt(small_bank)
    assert refused(a.answer("no-such-item", "a")).code is RefusalCode.UNKNOWN_ITEM
    assert refused(a.check("no-such-item")).code is RefusalCode.UNKNOWN_ITEM
    with pytest.raises(Refused):
        a.feedback("no-such-item")


def test_every_change_is_an_event_for_the_store(small_bank: Bank):
    clock = Clock(5.0)
    a = attempt(small_bank, clock=clock)
    events: list[Event] = []
    for outcome in (
        a.answer("sc-mechanism", "a"),
        a.flag("tf-once-daily", True),
        a.check("sc-mechanism"),
        a.submit(),
    ):
        events.extend(outcome.events)
    assert [(e.kind, e.item_id, e.response, e.points) for e in events] == [
        ("answer", "sc-mechanism", "a", None),
        ("flag", "tf-once-daily", True, None),
        ("check", "sc-mechanism", "a", 1.0),
        ("submit", None, None, 1.0),
    ]
    assert all(e.at == 5.0 for e in events)


# -- order ------------------------------------------------------------------------------


def test_option_orders_are_seeded_and_keep_pinned_options(small_bank: Bank):
    a = attempt(small_bank)
    b = attempt(small_bank)
    assert a.option_orders == b.option_orders  # same seed, same orders
    for item in small_bank.items.values():
        order = a.option_orders[item.id]
        own = getattr(item, "options", None) or getattr(item, "segments", None) or getattr(item, "rows", None) or []
        assert sorted(order) == sorted(o.id for o in own)
    assert a.option_orders["hl-note"] == ["s1", "s2", "s3"]  # a chart note keeps its order
    fixed = attempt(small_bank, shuffle_options=False)
    assert fixed.option_orders["sc-mechanism"] == ["a", "b", "c"]


def test_start_draws_the_quiz_length_with_the_seed(small_bank: Bank):
    pool = list(small_bank.items.values())
    settings = QuizSettings(length=4)
    first = Attempt.start("x", pool, settings, "seed-9", small_bank.sources, Clock())
    again = Attempt.start("y", pool, settings, "seed-9", small_bank.sources, Clock())
    assert [i.id for i in first.items] == [i.id for i in again.items]
    assert len(first.items) == 4 and len({i.id for i in first.items}) == 4


def test_ordering_items_are_never_shown_already_in_order(small_bank: Bank):
    from quizbank.session import Attempt, QuizSettings

    item = small_bank.items["ord-steps"]
    for shuffle in (True, False):
        settings = QuizSettings(length=1, shuffle_options=shuffle)
        for seed in range(200):
            a = Attempt(f"a{seed}", [item], settings, str(seed), small_bank.sources)
            order = a.option_orders["ord-steps"]
            assert sorted(order) == sorted(item.key)
            assert order != list(item.key)


def test_feedback_before_final_carries_no_per_part_results(small_bank: Bank):
    a = attempt(small_bank)
    a.answer("sata-serious", ["a"])
    fb = check(a, "sata-serious")
    assert not fb.final
    assert fb.score.parts == () and fb.key_text == () and fb.rationale == ""
