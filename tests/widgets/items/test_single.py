"""Single best answer: one radio list in the shown order; positions map back to option ids."""

from __future__ import annotations

import pytest

from tests.widgets.items.itemwidget_support import ITEMS, ORDERS, XSS, build
from tests.widgets.items.itemwidget_tree import from_browser, labels

ORDER = ORDERS["single"]  # opt-9q, opt-m4, opt-7x, opt-k3 (bank order: 7x, k3, 9q, m4)


def test_radio_lists_the_texts_in_shown_order() -> None:
    radio = build("single").widget.radio
    assert labels(radio) == [XSS, "None", "Interleukin-1 (IL-1)", "Tumor necrosis factor"]
    assert [value for _label, value in radio.options] == [0, 1, 2, 3]
    assert radio.index is None


@pytest.mark.parametrize(("position", "option"), list(enumerate(ORDER)))
def test_choosing_a_position_hands_on_its_option_id(position: int, option: str) -> None:
    built = build("single")
    built.widget.radio.value = position
    assert built.calls == [option]


@pytest.mark.parametrize(("position", "option"), list(enumerate(ORDER)))
def test_a_click_from_the_browser_hands_on_its_option_id(position: int, option: str) -> None:
    built = build("single")
    from_browser(built.widget.radio, index=position)
    assert built.calls == [option]


def test_changing_the_answer_reports_each_choice() -> None:
    built = build("single")
    built.widget.radio.value = 2
    built.widget.radio.value = 0
    assert built.calls == ["opt-7x", "opt-9q"]


def test_choosing_the_same_position_again_reports_nothing_new() -> None:
    built = build("single")
    built.widget.radio.value = 1
    built.widget.radio.value = 1
    assert built.calls == ["opt-m4"]


@pytest.mark.parametrize("option", ITEMS["single"].option_ids)
def test_show_selects_the_shown_position_of_the_option(option: str) -> None:
    built = build("single")
    built.widget.show(option)
    assert built.widget.radio.index == ORDER.index(option)
    assert built.calls == []


def test_show_none_unselects() -> None:
    built = build("single")
    built.widget.radio.value = 3
    built.widget.show(None)
    assert built.widget.radio.index is None
    assert built.widget.response() is None


def test_bank_order_shows_the_bank_order() -> None:
    built = build("single", order=ITEMS["single"].option_ids)
    built.widget.radio.value = 0
    assert labels(built.widget.radio)[0] == "Interleukin-1 (IL-1)"
    assert built.calls == ["opt-7x"]
