"""Select all that apply: one checkbox per option in shown order; picks listed in shown order."""

from __future__ import annotations

import pytest

from tests.widgets.items.itemwidget_support import ORDERS, XSS, build
from tests.widgets.items.itemwidget_tree import label_text

ORDER = ORDERS["select_all"]  # opt-w5, opt-9q, opt-k3, opt-7x, opt-m4


def test_checkboxes_show_the_texts_in_shown_order() -> None:
    boxes = build("select_all").widget.boxes
    assert [label_text(box) for box in boxes] == ["Fever", XSS, "Runny nose", "Rash", "Headache"]
    assert [box.value for box in boxes] == [False] * 5


@pytest.mark.parametrize(("position", "option"), list(enumerate(ORDER)))
def test_ticking_a_box_hands_on_its_option_id(position: int, option: str) -> None:
    built = build("select_all")
    built.widget.boxes[position].value = True
    assert built.calls == [[option]]


def test_picks_are_listed_in_shown_order_not_click_order() -> None:
    built = build("select_all")
    built.widget.boxes[3].value = True
    built.widget.boxes[0].value = True
    assert built.calls == [["opt-7x"], ["opt-w5", "opt-7x"]]


def test_unticking_reports_the_rest_and_none_when_empty() -> None:
    built = build("select_all")
    built.widget.boxes[1].value = True
    built.widget.boxes[4].value = True
    built.take()
    built.widget.boxes[1].value = False
    built.widget.boxes[4].value = False
    assert built.calls == [["opt-m4"], None]


def test_every_box_may_be_ticked() -> None:
    built = build("select_all")
    for box in built.widget.boxes:
        box.value = True
    assert built.calls[-1] == ORDER
    assert built.widget.message.value == ""


def test_show_ticks_the_boxes_of_the_response() -> None:
    built = build("select_all")
    built.widget.show(["opt-7x", "opt-w5"])
    assert [box.value for box in built.widget.boxes] == [True, False, False, True, False]
    assert built.calls == []


def test_show_in_bank_order_reads_back_in_shown_order() -> None:
    built = build("select_all")
    built.widget.show(["opt-7x", "opt-9q", "opt-w5"])
    assert built.widget.response() == ["opt-w5", "opt-9q", "opt-7x"]
