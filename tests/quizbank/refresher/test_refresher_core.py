"""The refresher's rating mapping, FSRS scheduling over simulated weeks, plan and statement."""

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from quizbank import refresher as r
from quizbank.loader import load_bank

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("fraction", "tries", "rating"),
    [
        (0.0, 1, Rating.Again),
        (0.49, 1, Rating.Again),
        (0.5, 1, Rating.Hard),
        (0.8, 1, Rating.Hard),
        (1.0, 2, Rating.Hard),
        (0.2, 2, Rating.Again),
        (1.0, 1, Rating.Good),
    ],
)
def test_rating_mapping(fraction, tries, rating):
    assert r.rating_for(fraction, tries) == rating


def _simulate(answers, start=T0):
    """Review a card each time it falls due; `answers` gives the fraction right at each review."""
    card, now, dues = None, start, []
    for fraction in answers:
        card, due = r.review(card, r.rating_for(fraction), now)
        dues.append(due)
        now = max(due, now)
    return card, dues


def test_missed_item_comes_back_sooner_than_known_item():
    _, missed = _simulate([0.0])
    _, known = _simulate([1.0])
    assert missed[0] < known[0]


def test_known_item_moves_out_over_weeks_and_missed_one_stays_close():
    known_card, known_dues = _simulate([1.0] * 5)
    missed_card, missed_dues = _simulate([0.0, 0.0, 1.0, 1.0, 1.0])
    assert known_dues == sorted(known_dues)
    assert known_dues[-1] - T0 > timedelta(days=14)
    assert missed_dues[-1] < known_dues[-1]
    assert r.is_learned(known_card)


def test_schedule_is_repeatable():
    assert _simulate([1.0, 0.0, 1.0])[1] == _simulate([1.0, 0.0, 1.0])[1]


def test_due_today_counts_cards_due_by_end_of_day():
    card, due = r.review(None, Rating.Again, T0)
    assert not r.is_due(card, T0), "a miss never comes back in the same visit"
    assert due.date() == (T0 + r.ONE_DAY).date()
    assert r.is_due(card, T0 + timedelta(hours=15)), "due at 09:00 tomorrow: due all of tomorrow"
    assert r.is_due(card, T0 + r.ONE_DAY - timedelta(hours=8))
    assert not r.is_due(card, T0 + timedelta(hours=14, minutes=59))
    later_card, later_due = r.review(None, Rating.Good, T0)
    assert later_due.date() == (T0 + 2 * r.ONE_DAY).date()
    assert not r.is_due(later_card, T0 + r.ONE_DAY)


def test_intervals_are_whole_days():
    card = None
    for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Again, Rating.Good):
        now = r.due_date(card) if card else T0
        card, due = r.review(card, rating, now)
        assert due - now >= r.ONE_DAY
        assert (due - now) % r.ONE_DAY == timedelta(0)


def _plan(**kw):
    base = dict(now=T0, pretest_done=True, cards={}, missed_reviewed=True, posttest_scores=[], mark=0.7)
    base.update(kw)
    return r.plan(**base)


def test_plan_stages():
    due_card, _ = r.review(None, Rating.Again, T0 - r.ONE_DAY)
    assert _plan(pretest_done=False).stage == "pretest"
    assert _plan(cards={"x": due_card}).stage == "review"
    assert _plan(cards={"x": due_card}).due_today == 1
    assert _plan(missed_reviewed=False).stage == "review"
    assert _plan().stage == "posttest"
    assert _plan(posttest_scores=[0.8]).stage == "passed"
    assert _plan(posttest_scores=[0.5], cards={"x": due_card}).stage == "retake-review"
    assert _plan(posttest_scores=[0.5]).stage == "posttest"
    assert _plan(posttest_scores=[0.5, 0.6]).stage == "closed"
    assert _plan(posttest_scores=[0.5, 0.7]).stage == "passed"


def test_pass_mark_from_environment(monkeypatch):
    monkeypatch.delenv("CLINQUIZ_PASS_MARK", raising=False)
    assert r.pass_mark() == 0.70
    monkeypatch.setenv("CLINQUIZ_PASS_MARK", "80")
    assert r.pass_mark() == 0.80
    monkeypatch.setenv("CLINQUIZ_PASS_MARK", "0.75")
    assert r.pass_mark() == 0.75
    monkeypatch.setenv("CLINQUIZ_PASS_MARK", "150")
    with pytest.raises(ValueError):
        r.pass_mark()


def test_pretest_and_posttest_draws():
    bank = load_bank()
    items = list(bank.items.values())
    objectives = sorted(bank.objectives)
    pre = r.draw_pretest(items, objectives, "seed")
    assert len(pre) == len(objectives)
    assert len({i.id for i in pre}) == len(pre)
    post = r.draw_posttest(items, objectives, [i.id for i in pre], "seed")
    assert len(post) == len(objectives)
    assert not {i.id for i in pre} & {i.id for i in post}
    assert r.draw_pretest(items, objectives, "seed") == pre


def test_statement_escapes_and_disclaims():
    bank = load_bank()
    text = r.statement_html(
        learner_name="<script>alert(1)</script> Ana",
        learner_id="rx-42",
        completed=T0,
        score=0.83,
        mark=0.7,
        objectives=["Objective <b>one</b>"],
        sources=bank.sources.values(),
    )
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "not accredited continuing-education credit" in text
    assert "83%" in text and "70%" in text
    assert "Uses of Anakinra" in text and "July 2016" in text
    assert "02 March 2026" in text
