"""The item-type registry: one module per type, each providing the whole interface."""

import dataclasses
import importlib
from typing import get_args

import pytest

from quizbank import items as registry
from quizbank import models
from quizbank.items.kind import AnswerWords, ItemType
from quizbank.loader import load_bank
from quizbank.scoring import InvalidResponse


def _discriminator_values() -> list[str]:
    union = get_args(registry.Item)[0]
    return [get_args(model.model_fields["type"].annotation)[0] for model in get_args(union)]


@pytest.fixture(scope="module")
def every_item():
    bank = load_bank()
    found = list(bank.items.values()) + list(bank.drafts.values())
    found += [step.item for case in bank.cases.values() for step in case.steps]
    return found


def test_the_registry_lists_exactly_the_models_discriminator_values():
    assert sorted(registry.REGISTRY) == sorted(_discriminator_values())
    assert registry.ITEM_TYPES == models.ITEM_TYPES
    assert len(set(registry.ITEM_TYPES)) == len(registry.ITEM_TYPES)


@pytest.mark.parametrize("name", registry.ITEM_TYPES)
def test_adding_a_type_means_one_module_that_provides_the_whole_interface(name):
    module = importlib.import_module(f"quizbank.items.{name}")
    kind = module.TYPE
    assert isinstance(kind, ItemType) and kind.name == name
    assert registry.REGISTRY[name] is kind
    assert kind.model.model_fields["type"].annotation.__args__ == (name,)
    assert kind.order_rule in ("text", "seeded", "always") and kind.part_noun
    for part in dataclasses.fields(ItemType):
        value = getattr(kind, part.name)
        if part.name in ("answer_branches", "answer_branch", "branch_answer"):
            assert value is None or callable(value)
        elif part.name == "words":
            assert isinstance(value, AnswerWords), f"{name} lacks its answer wording"
            for wording in ("review_lines", "key_lines", "option_label", "count_choices"):
                assert callable(getattr(value, wording)), f"{name} lacks words.{wording}"
        elif part.name not in ("name", "model", "order_rule", "part_noun", "branch_noun"):
            assert callable(value), f"{name} lacks {part.name}"
    assert (kind.answer_branches is None) == (kind.answer_branch is None) == (kind.branch_answer is None)


def test_a_per_answer_branch_stands_for_the_response_that_takes_it(every_item):
    for item in every_item:
        branches = registry.answer_branches(item)
        if branches is None:
            with pytest.raises(ValueError):
                registry.branch_answer(item, "correct")
            continue
        for branch in branches:
            assert registry.answer_branch(item, registry.branch_answer(item, branch)) == branch


def test_every_shipped_type_is_in_the_bank(every_item):
    assert {item.type for item in every_item} == set(registry.ITEM_TYPES)


def test_the_key_response_earns_every_point_and_is_put_in_words(every_item):
    for item in every_item:
        key = registry.key_response(item)
        registry.check_response(item, key)
        result = registry.score(item, key)
        assert result.correct and result.max_points == registry.max_points(item), item.id
        assert registry.key_text(item) and all(registry.key_text(item)), item.id
        assert registry.response_text(item, key), item.id
        assert registry.score(item, None).points == 0.0


def test_a_forged_response_is_refused_by_every_type(every_item):
    for item in every_item:
        with pytest.raises(InvalidResponse):
            registry.check_response(item, object())


def test_option_orders_are_permutations_that_keep_pins(every_item):
    for item in every_item:
        kind = registry.item_type(item)
        choices = kind.choices(item)
        ids = [choice_id for choice_id, _ in choices]
        for seed in ("a", "b", "c"):
            order = registry.option_order(item, seed)
            assert sorted(order) == sorted(ids), item.id
            assert all(order[i] == choice_id for i, (choice_id, pinned) in enumerate(choices) if pinned)
            if kind.order_rule == "text":
                assert order == ids
            assert registry.option_order(item, seed, shuffle=False) == (ids if kind.order_rule != "always" else order)
        for part, part_choices in kind.parts(item).items():
            assert sorted(registry.part_order(item, part, "a")) == sorted(c for c, _ in part_choices)
            assert registry.part_order(item, part, "a", shuffle=False) == [c for c, _ in part_choices]
        with pytest.raises(registry.NoSuchPart):
            registry.part_order(item, "no-such-part", "a")


def test_the_seed_formula_is_one_function():
    from quizbank.shuffle import shuffle_seed

    assert shuffle_seed("abc", "item-1") == "abc:item-1"
    assert shuffle_seed("abc", "case", "step", "blank") == "abc:case:step:blank"


def test_every_type_words_a_full_answer_the_key_and_no_answer(every_item):
    for item in every_item:
        assert registry.answer_lines(item, None) == ("(no answer)",)
        assert registry.answer_lines(item, registry.key_response(item)), item.id
        assert registry.key_lines(item), item.id
        labels = registry.answer_words(item).count_choices(item)
        assert all(isinstance(words, str) and words for _, words, _ in labels), item.id
