"""From a submitted attempt to card reviews, and the learner's state built from stored rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from quizbank import records
from quizbank import refresher as r
from quizbank.refresher_records import load_records, load_state, open_session, sync_cards
from quizbank.services.quizzes import Opened, QuizPlay
from quizbank.session import Attempt, QuizSettings
from quizbank.store import Store

DAY = r.ONE_DAY


def exam(bank, item_ids, clock, seed="s1"):
    settings = QuizSettings(mode="exam", length=len(item_ids))
    return Attempt("a-" + seed, [bank.items[i] for i in item_ids], settings, seed, bank.sources, clock.epoch)


# -- attempt -> results -> ratings -> cards --------------------------------------------------


def test_attempt_results_rate_each_item_from_its_fraction_and_tries(bank, clock):
    sata = bank.items["bs-allergy-list"]  # key a b c d of a-f: 4 points
    attempt = Attempt(
        "a1",
        [sata, bank.items["wi-onset-tf"], bank.items["wi-mechanism-class"]],
        QuizSettings(mode="practice", length=3),
        "s",
        bank.sources,
        clock.epoch,
    )
    attempt.answer("bs-allergy-list", ["a", "b", "c"])  # 3 of 4
    attempt.check("bs-allergy-list")
    attempt.check("bs-allergy-list")  # out of tries: locked at 3/4
    attempt.answer("wi-onset-tf", not bank.items["wi-onset-tf"].key)
    attempt.check("wi-onset-tf")
    attempt.answer("wi-onset-tf", bank.items["wi-onset-tf"].key)
    attempt.check("wi-onset-tf")  # right on the retry
    attempt.submit()  # wi-mechanism-class never answered
    results = {res.item_id: res for res in r.attempt_results(attempt)}
    assert results["bs-allergy-list"].fraction == 0.75 and results["bs-allergy-list"].rating == Rating.Hard
    assert results["wi-onset-tf"].fraction == 1.0 and results["wi-onset-tf"].tries == 2
    assert results["wi-onset-tf"].rating == Rating.Hard and results["wi-onset-tf"].correct
    assert results["wi-mechanism-class"].rating == Rating.Again and not results["wi-mechanism-class"].correct
    assert all(res.missed for res in results.values())


def test_results_only_from_a_submitted_attempt(small_bank, clock):
    with pytest.raises(ValueError):
        r.attempt_results(exam(small_bank, ["m1"], clock))


def test_a_sitting_makes_one_card_per_item_and_a_miss_comes_back_first(small_bank, clock):
    attempt = exam(small_bank, ["m1", "d1", "s1"], clock)
    attempt.answer("m1", "a")  # right
    attempt.answer("d1", False)  # wrong (the key is True)
    attempt.submit()  # s1 unanswered
    sitting = r.sitting_from_attempt(attempt, "pretest", clock.now())
    assert sitting.missed == {"d1", "s1"}
    assert sitting.score == pytest.approx(1 / 3)
    cards = r.apply_sitting({}, sitting)
    assert set(cards) == {"m1", "d1", "s1"}
    dues = {item_id: r.due_date(card) for item_id, card in cards.items()}
    assert dues["d1"] == dues["s1"] == clock.now() + DAY
    assert dues["m1"] == clock.now() + 2 * DAY
    assert not any(r.is_due(card, clock.now()) for card in cards.values()), "nothing comes back the same day"
    assert r.apply_sitting(cards, sitting) == cards, "applying a sitting twice changes nothing"
    assert r.pending_cards(cards, [sitting]) == {}


def test_missed_item_comes_back_sooner_over_simulated_weeks(small_bank, clock):
    """Sit the same two items whenever one falls due: the missed-then-known one is always seen more often."""
    cards: dict[str, str] = {}
    seen = {"m1": 0, "d1": 0}
    answers = {"m1": "a", "d1": True}
    start = clock.now()
    for visit in range(40):
        due = [i for i in seen if i not in cards or r.is_due(cards[i], clock.now())]
        if due:
            attempt = exam(small_bank, due, clock, seed=f"v{visit}")
            for item_id in due:
                first_time = item_id not in cards
                if not (item_id == "d1" and first_time):  # d1 missed at the first sitting only
                    attempt.answer(item_id, answers[item_id])
                seen[item_id] += 1
            attempt.submit()
            cards = r.apply_sitting(cards, r.sitting_from_attempt(attempt, "review", clock.now()))
        clock.advance(days=1)
    assert clock.now() - start == 40 * DAY
    assert seen["d1"] > seen["m1"]
    interval = {i: r.due_date(card) - r.last_review(card) for i, card in cards.items()}
    assert interval["d1"] < interval["m1"]


# -- through the store --------------------------------------------------------------------------


@pytest.fixture
def store(clock):
    with Store(":memory:", clock=clock.epoch) as s:
        s.ensure_learner("rx-1", "Ana")
        yield s


def recorded(store, attempt) -> QuizPlay:
    """The attempt acting as a page acts on it: every action saved through its outbox."""
    return QuizPlay.recording(Opened(attempt), store, "rx-1")


def take(store, bank, kind, item_ids, answers, clock, *, check=False):
    """Start a refresher attempt of `kind` in the store, answer it, submit it."""
    attempt = recorded(store, open_session(store, "rx-1", bank, kind, item_ids, audience="pharmacy", clock=clock.epoch))
    for item_id, answer in answers.items():
        attempt.answer(item_id, answer)
        if check:
            attempt.check(item_id)
    attempt.submit()
    return attempt


def test_cards_follow_the_stored_attempts_and_are_saved_once(store, small_bank, clock):
    take(store, small_bank, "pretest", ["m1", "d1", "s1", "i1"], {"m1": "b", "d1": True, "s1": "a", "i1": "a"}, clock)
    assert store.load_cards("rx-1") == {}, "nothing is saved before the refresher reads the attempts"
    cards = sync_cards(store, "rx-1", load_records(store, "rx-1"), small_bank)
    assert store.load_cards("rx-1") == cards and set(cards) == {"m1", "d1", "s1", "i1"}
    assert sync_cards(store, "rx-1", load_records(store, "rx-1"), small_bank) == cards  # idempotent
    state = load_state(store, "rx-1", small_bank)
    assert state.pretest_done and state.still_to_review == {"m1"}
    assert state.due(clock.now()) == [] and state.next_due(clock.now()) == ((clock.now() + DAY).date(), 1)


def test_an_answer_changed_after_its_check_counts_as_another_try(store, small_bank, clock):
    attempt = recorded(
        store, open_session(store, "rx-1", small_bank, "review", ["d1"], audience=None, clock=clock.epoch)
    )
    attempt.answer("d1", False)
    attempt.check("d1")  # wrong: one try
    attempt.answer("d1", True)  # right, submitted without a check
    attempt.submit()
    record = load_records(store, "rx-1")[0]
    (result,) = r.record_results(record, small_bank.items)
    assert result.fraction == 1.0 and result.tries == 2 and result.rating == Rating.Hard


def test_state_from_store_rows_through_a_whole_refresher(store, small_bank, clock):
    now = clock.now
    take(store, small_bank, "pretest", ["m1", "d1", "s1", "i1"], {"m1": "b", "d1": True, "s1": "b", "i1": "a"}, clock)
    state = load_state(store, "rx-1", small_bank)
    assert state.plan(now(), 0.7).stage == "review" and state.plan(now(), 0.7).due_today == 0
    assert state.still_to_review == {"m1", "s1"}

    clock.advance(days=1)
    state = load_state(store, "rx-1", small_bank)
    assert state.due(now()) == ["m1", "s1"] and state.review_items(now()) == ["m1", "s1"]
    # Leave a review half done: it is unfinished, and nothing it holds counts yet.
    attempt = recorded(
        store,
        open_session(store, "rx-1", small_bank, "review", state.review_items(now()), audience=None, clock=clock.epoch),
    )
    attempt.answer("m1", "a")
    attempt.check("m1")
    state = load_state(store, "rx-1", small_bank)
    assert state.unfinished["review"].answered == 1 and state.unfinished["review"].total == 2
    assert state.still_to_review == {"m1", "s1"}
    resumed = recorded(store, records.resume(store, "rx-1", attempt.attempt.attempt_id, small_bank, clock=clock.epoch))
    resumed.answer("s1", "b")
    resumed.check("s1")
    resumed.answer("s1", "a")
    resumed.check("s1")  # right on the retry
    resumed.submit()
    state = load_state(store, "rx-1", small_bank)
    assert not state.unfinished and state.missed_reviewed
    assert state.plan(now(), 0.7).stage == "posttest"

    post = r.draw_posttest(small_bank.select(audience="pharmacy"), list(small_bank.objectives), state.seen, "p")
    assert not {i.id for i in post} & state.seen and "m4-nursing" not in {i.id for i in post}
    take(store, small_bank, "posttest", [i.id for i in post], {}, clock)  # nothing answered: 0%
    state = load_state(store, "rx-1", small_bank)
    assert state.posttest_scores == [0.0] and state.passing_sitting(0.7) is None
    assert state.plan(now(), 0.7).stage == "retake-review", "a failed post-test: its misses come back first"
    assert state.still_to_review == {i.id for i in post}

    clock.advance(days=1)
    state = load_state(store, "rx-1", small_bank)
    session = state.review_items(now())
    assert set(session[: len(post)]) == {i.id for i in post}, "the post-test's misses first"
    assert len(session) > len(post), "and pre-test items falling due today too"
    keys = {item_id: small_bank.items[item_id].key for item_id in session}
    take(store, small_bank, "review", session, keys, clock, check=True)
    state = load_state(store, "rx-1", small_bank)
    assert state.plan(now(), 0.7).stage == "posttest" and state.plan(now(), 0.7).posttests_taken == 1

    retake = r.draw_posttest(small_bank.select(audience="pharmacy"), list(small_bank.objectives), state.seen, "q")
    take(store, small_bank, "posttest", [i.id for i in retake], {i.id: i.key for i in retake[:3]}, clock)
    state = load_state(store, "rx-1", small_bank)
    assert state.posttest_scores == [0.0, 0.75]
    assert state.plan(now(), 0.7).stage == "passed"
    assert state.passing_sitting(0.7) is state.of_kind("posttest")[1]
    assert state.plan(now(), 0.8).stage == "closed", "with an 80% mark both sittings failed: closed"


def test_review_sessions_take_only_due_items_misses_first_at_most_ten():
    t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    cards = {}
    for n in range(14):
        card, _ = r.review(None, Rating.Good if n % 2 else Rating.Again, t0 - timedelta(days=3, minutes=n))
        cards[f"i{n:02d}"] = card
    cards["later"], _ = r.review(None, Rating.Good, t0)
    missed = r.Sitting("pretest", "p", t0 - timedelta(days=3), (r.ItemResult("i13", 0.0, 0),), 0, 1)
    state = r.RefresherState((missed,), cards)
    due = state.due(t0)
    assert "later" not in due and len(due) == 14
    session = state.review_items(t0)
    assert len(session) == r.REVIEW_SESSION_SIZE and session[0] == "i13"
    assert set(session) <= set(due)


def test_progress_per_objective(small_bank, clock):
    pre = r.Sitting("pretest", "p", clock.now(), (r.ItemResult("m1", 0.0, 0), r.ItemResult("d1", 1.0, 0)), 1, 2)
    review = r.Sitting("review", "r", clock.now() + DAY, (r.ItemResult("m1", 1.0, 1),), 1, 1)
    cards = r.apply_sitting(r.apply_sitting({}, pre), review)
    state = r.RefresherState((pre, review), cards)
    objectives = {o: small_bank.objectives[o].text for o in small_bank.objectives}
    rows = {row.objective_id: row for row in state.progress(small_bank.items, objectives, clock.now() + DAY)}
    assert (rows["mechanism"].seen, rows["mechanism"].right, rows["mechanism"].due) == (1, 1, 0)
    assert (rows["dosing"].seen, rows["dosing"].right) == (1, 1)
    assert rows["dosing"].due == 0 and rows["side-effects"].seen == 0 and rows["side-effects"].fraction == 0.0
    assert list(rows) == list(objectives)


def test_state_ignores_class_attempts_and_items_gone_from_the_bank(store, small_bank, bank, clock):
    take(store, small_bank, "pretest", ["m1"], {"m1": "a"}, clock)
    state = load_state(store, "rx-1", bank)  # the shipped bank has no item m1
    assert state.pretest_done and state.cards == {}


def test_session_settings():
    assert r.session_settings("review", 3, "pharmacy").mode == "practice"
    assert r.session_settings("pretest", 12, "pharmacy").mode == "exam"
    assert r.session_settings("posttest", 12, None).length == 12
    with pytest.raises(ValueError):
        r.session_settings("quiz", 1, None)


def test_minutes_and_objectives_with_items(bank):
    assert r.minutes_for(12, r.SECONDS_PER_EXAM_ITEM) == 10
    assert r.minutes_for(1, r.SECONDS_PER_EXAM_ITEM) == 1
    pool = bank.select(audience="pharmacy")
    assert r.objectives_with_items(pool, list(bank.objectives)) == list(bank.objectives)
