"""True or false: a two-button radio list whose positions are True and False."""

from __future__ import annotations

import pytest

from tests.widgets.items.itemwidget_support import build
from tests.widgets.items.itemwidget_tree import from_browser, labels


def test_radio_shows_true_then_false() -> None:
    radio = build("true_false").widget.radio
    assert labels(radio) == ["True", "False"]
    assert [value for _label, value in radio.options] == [0, 1]
    assert radio.index is None


@pytest.mark.parametrize(("position", "response"), [(0, True), (1, False)])
def test_choosing_a_position_hands_on_a_bool(position: int, response: bool) -> None:
    built = build("true_false")
    built.widget.radio.value = position
    assert built.calls == [response]
    assert type(built.calls[0]) is bool


@pytest.mark.parametrize(("position", "response"), [(0, True), (1, False)])
def test_a_click_from_the_browser_hands_on_a_bool(position: int, response: bool) -> None:
    built = build("true_false")
    from_browser(built.widget.radio, index=position)
    assert built.calls == [response]


@pytest.mark.parametrize(("response", "index"), [(True, 0), (False, 1), (None, None)])
def test_show_selects_the_matching_button(response: bool | None, index: int | None) -> None:
    built = build("true_false")
    built.widget.radio.value = 1 if index == 0 else 0
    built.take()
    built.widget.show(response)
    assert built.widget.radio.index == index
    assert built.calls == []


def test_false_is_an_answer_not_no_answer() -> None:
    built = build("true_false")
    built.widget.show(False)
    assert built.widget.response() is False
