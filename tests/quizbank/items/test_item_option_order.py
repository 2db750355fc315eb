"""Never show an ordering item already in its solved order: in quizzes and in cases, for any seed."""

import pytest

from quizbank import items as registry
from quizbank.case_session import CasePlay
from quizbank.loader import load_bank
from quizbank.models import OrderingItem
from quizbank.session import Attempt, QuizSettings
from quizbank.shuffle import shuffle_seed

SEEDS = [str(n) for n in range(400)] + [f"learner-{n}:quiz" for n in range(100)]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def two_steps(item_id: str = "two-steps") -> OrderingItem:
    """An ordering item of two options: half of all shuffles would show it solved."""
    return OrderingItem.model_validate(
        {
            "id": item_id,
            "type": "ordering",
            "stem": "Order these.",
            "rationale": "First things first.",
            "objectives": ["o"],
            "tags": {"topic": "t"},
            "difficulty": "easy",
            "audience": "both",
            "citations": [{"source": "s", "quote": "a quote of some length"}],
            "options": [{"id": "first", "text": "First"}, {"id": "second", "text": "Second"}],
            "key": ["first", "second"],
            "scoring": "all_or_nothing",
        }
    )


def test_the_one_option_order_never_returns_the_solved_order():
    item = two_steps()
    orders = {tuple(registry.option_order(item, seed)) for seed in SEEDS}
    assert orders == {("second", "first")}
    assert registry.option_order(item, "x", shuffle=False) == ["second", "first"]  # ordering always shuffles


@pytest.mark.parametrize("shuffle", [True, False])
def test_a_quiz_never_shows_an_ordering_item_solved(bank, shuffle):
    items = [i for i in bank.items.values() if i.type == "ordering"] + [two_steps()]
    assert len(items) > 1
    settings = QuizSettings(shuffle_options=shuffle)
    for seed in SEEDS:
        attempt = Attempt(f"a-{seed}", items, settings, seed, bank.sources)
        for item in items:
            order = attempt.option_orders[item.id]
            assert order != list(item.key), (seed, item.id)
            assert order == registry.option_order(item, shuffle_seed(seed, item.id), shuffle=shuffle)


def _at_ordering_step(case, seed):
    play = CasePlay(case, seed=seed)
    while play.item is not None and play.item.type != "ordering":
        play.answer(registry.key_response(play.item))
    assert play.item is not None
    return play


def test_a_case_never_shows_an_ordering_item_solved(bank):
    case = bank.cases["latex-teaching"]
    index = next(i for i, s in enumerate(case.steps) if s.item.type == "ordering")
    two = case.steps[index].model_copy(update={"item": two_steps("case-two-steps")})
    with_two = case.model_copy(update={"steps": case.steps[:index] + [two] + case.steps[index + 1 :]})
    for playing in (case, with_two):
        for seed in SEEDS[:200]:
            play = _at_ordering_step(playing, seed)
            order = play.option_order()
            assert order != list(play.item.key), (playing.id, seed)
            step = play.current_step
            assert order == registry.option_order(play.item, shuffle_seed(seed, playing.id, step.id))
