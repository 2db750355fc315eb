"""Ordering: rows stay put and are relabelled; Up and Down swap neighbours and report the whole order."""

from __future__ import annotations

import pytest

from tests.widgets.items.itemwidget_support import ORDERS, XSS_ESCAPED, build
from tests.widgets.items.itemwidget_tree import row_texts

ORDER = ORDERS["ordering"]  # opt-m4, opt-9q, opt-7x, opt-k3 (bank order: 7x, k3, 9q, m4)
TEXT = {"opt-7x": "Clean the site &amp; let it dry", "opt-k3": "Twist the cover off", "opt-9q": XSS_ESCAPED}
TEXT["opt-m4"] = "Push"


def rows_for(order: list[str]) -> list[str]:
    """The row HTML an order should show."""
    return [f"<b>{n}.</b> {TEXT[o]}" for n, o in enumerate(order, start=1)]


def test_rows_show_the_shown_order_numbered_and_escaped() -> None:
    assert row_texts(build("ordering").widget) == rows_for(ORDER)


def test_initial_response_is_the_shown_starting_order() -> None:
    built = build("ordering")
    assert built.widget.initial_response() == ORDER
    assert built.calls == []


def test_initial_response_is_a_copy() -> None:
    widget = build("ordering").widget
    widget.initial_response().reverse()
    assert widget.response() == ORDER


def test_use_this_order_hands_on_the_order_shown_without_moving_it() -> None:
    built = build("ordering")
    built.widget.use_order.click()
    assert built.calls == [ORDER]
    assert row_texts(built.widget) == rows_for(ORDER)


def test_first_up_and_last_down_start_disabled() -> None:
    widget = build("ordering").widget
    assert [b.disabled for b in widget.ups] == [True, False, False, False]
    assert [b.disabled for b in widget.downs] == [False, False, False, True]


@pytest.mark.parametrize(
    ("button", "position", "expected"),
    [
        ("downs", 0, ["opt-9q", "opt-m4", "opt-7x", "opt-k3"]),
        ("ups", 1, ["opt-9q", "opt-m4", "opt-7x", "opt-k3"]),
        ("downs", 2, ["opt-m4", "opt-9q", "opt-k3", "opt-7x"]),
        ("ups", 3, ["opt-m4", "opt-9q", "opt-k3", "opt-7x"]),
        ("ups", 2, ["opt-m4", "opt-7x", "opt-9q", "opt-k3"]),
    ],
)
def test_a_move_hands_on_the_whole_new_order_and_relabels(button: str, position: int, expected: list[str]) -> None:
    built = build("ordering")
    getattr(built.widget, button)[position].click()
    assert built.calls == [expected]
    assert row_texts(built.widget) == rows_for(expected)


@pytest.mark.parametrize(("button", "position"), [("ups", 0), ("downs", 3)])
def test_moving_past_either_end_does_nothing(button: str, position: int) -> None:
    built = build("ordering")
    getattr(built.widget, button)[position].click()  # a click the browser's disabled button would not send
    assert built.calls == []
    assert built.widget.response() == ORDER
    assert row_texts(built.widget) == rows_for(ORDER)


def test_moving_past_an_end_after_other_moves_does_nothing() -> None:
    built = build("ordering")
    built.widget.downs[0].click()
    built.take()
    built.widget.ups[0].click()
    built.widget.downs[3].click()
    assert built.calls == []
    assert built.widget.response() == ["opt-9q", "opt-m4", "opt-7x", "opt-k3"]


def test_a_step_can_travel_from_last_to_first() -> None:
    built = build("ordering")
    for position in (3, 2, 1):
        built.widget.ups[position].click()
    assert built.calls[-1] == ["opt-k3", "opt-m4", "opt-9q", "opt-7x"]
    assert len(built.calls) == 3


def test_rows_and_buttons_stay_where_they_are() -> None:
    built = build("ordering")
    before = [box.children for box in built.widget.box.children[2].children[:-1]]
    built.widget.downs[1].click()
    assert [box.children for box in built.widget.box.children[2].children[:-1]] == before
    assert [b.disabled for b in built.widget.ups] == [True, False, False, False]


def test_show_relabels_the_rows_and_show_none_restores_the_starting_order() -> None:
    built = build("ordering")
    key = ["opt-7x", "opt-k3", "opt-9q", "opt-m4"]
    built.widget.show(key)
    assert row_texts(built.widget) == rows_for(key)
    built.widget.show(None)
    assert row_texts(built.widget) == rows_for(ORDER)
    assert built.widget.response() == ORDER
    assert built.calls == []


def test_moves_go_on_from_the_shown_response() -> None:
    built = build("ordering")
    built.widget.show(["opt-7x", "opt-k3", "opt-9q", "opt-m4"])
    built.widget.downs[0].click()
    assert built.calls == [["opt-k3", "opt-7x", "opt-9q", "opt-m4"]]


def test_clicks_while_quiet_are_ignored() -> None:
    built = build("ordering")
    with built.widget.quiet():
        built.widget.downs[0].click()
    assert built.widget.response() == ORDER
    assert built.calls == []


def test_lock_disables_every_button() -> None:
    widget = build("ordering").widget
    widget.lock()
    assert all(b.disabled for b in [*widget.ups, *widget.downs, widget.use_order])
    assert len(list(widget.controls())) == 9


def test_buttons_carry_only_fixed_words() -> None:
    widget = build("ordering").widget
    assert {(b.description, b.tooltip) for b in widget.ups} == {("↑ Up", "Move this step up")}
    assert {(b.description, b.tooltip) for b in widget.downs} == {("↓ Down", "Move this step down")}
