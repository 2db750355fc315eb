"""Bow-tie: three checkbox lists (pick 1, 2 and 2); a tick beyond a slot's size is handed on and noted."""

from __future__ import annotations

from typing import Any

import pytest

from tests.widgets.items.itemwidget_support import PART_ORDERS, XSS, build
from tests.widgets.items.itemwidget_tree import html_values, label_text, refusing_runner

ORDERS = PART_ORDERS["bowtie"]
SIZES = {"condition": 1, "actions": 2, "parameters": 2}
EMPTY: dict[str, list[str]] = {"condition": [], "actions": [], "parameters": []}


def fits(response: Any) -> bool:
    return response is None or all(len(response[slot]) <= size for slot, size in SIZES.items())


def test_headings_name_each_slot_and_its_size() -> None:
    headings = [v for v in html_values(build("bowtie").widget.box) if v.startswith("<h3>")]
    assert headings == [
        "<h3>The condition most likely (choose 1)</h3>",
        "<h3>Actions to take (choose 2)</h3>",
        "<h3>Parameters to monitor (choose 2)</h3>",
    ]


def test_each_slot_lists_its_texts_in_shown_order() -> None:
    boxes = build("bowtie").widget.boxes
    assert [label_text(b) for b in boxes["condition"]] == [XSS, "Foamy solution", "A used syringe"]
    assert [label_text(b) for b in boxes["actions"]] == ["Shake harder", "Let it sit", "Do not shake"]
    assert [label_text(b) for b in boxes["parameters"]] == ["Pulse", XSS, "Colour", "Foam clears"]


@pytest.mark.parametrize(
    ("slot", "position"), [(slot, position) for slot, order in ORDERS.items() for position in range(len(order))]
)
def test_ticking_hands_on_all_three_slots_with_the_option_id(slot: str, position: int) -> None:
    built = build("bowtie")
    built.widget.boxes[slot][position].value = True
    assert built.calls == [{**EMPTY, slot: [ORDERS[slot][position]]}]


def test_unticking_the_last_box_hands_on_none() -> None:
    built = build("bowtie")
    built.widget.boxes["actions"][0].value = True
    built.widget.boxes["actions"][0].value = False
    assert built.calls == [{**EMPTY, "actions": ["act-6f"]}, None]


@pytest.mark.parametrize(
    ("slot", "positions", "note"),
    [
        ("condition", [0, 1], "Choose 1 in this part. Untick one first to change your choice."),
        ("actions", [0, 1, 2], "Choose 2 in this part. Untick one first to change your choice."),
        ("parameters", [3, 0, 1], "Choose 2 in this part. Untick one first to change your choice."),
    ],
)
def test_a_tick_beyond_the_slot_size_is_handed_on_and_noted(slot: str, positions: list[int], note: str) -> None:
    built = build("bowtie")
    for position in positions:
        built.widget.boxes[slot][position].value = True
    assert built.calls[-1] == {**EMPTY, slot: [ORDERS[slot][p] for p in sorted(positions)]}
    assert built.widget.message.value == note


def test_ticks_within_the_sizes_carry_no_note() -> None:
    built = build("bowtie")
    built.widget.show({"condition": ["cnd-1a"], "actions": ["act-4d"], "parameters": ["par-7g"]})
    built.widget.boxes["actions"][0].value = True
    built.widget.boxes["parameters"][0].value = True
    assert built.widget.message.value == ""


def test_a_refused_extra_tick_is_undone_and_the_note_is_the_widgets() -> None:
    built = build("bowtie")
    accepted = refusing_runner(built, fits)
    built.widget.boxes["condition"][1].value = True
    built.widget.boxes["condition"][0].value = True
    assert [b.value for b in built.widget.boxes["condition"]] == [False, True, False]
    assert built.widget.response() == accepted[-1] == {**EMPTY, "condition": ["cnd-1a"]}
    assert built.widget.message.value == "Choose 1 in this part. Untick one first to change your choice."


def test_show_fills_missing_slots_with_empty_lists() -> None:
    built = build("bowtie")
    built.widget.show({"actions": ["act-5e"]})
    assert built.widget.response() == {**EMPTY, "actions": ["act-5e"]}
    assert built.calls == []


def test_show_does_not_enforce_slot_sizes() -> None:
    built = build("bowtie")
    built.widget.show({"condition": ["cnd-1a", "cnd-2b"]})
    assert built.widget.response() == {**EMPTY, "condition": ["cnd-1a", "cnd-2b"]}
    assert built.widget.message.value == ""
    assert built.calls == []


def test_the_slot_shown_orders_come_from_part_order() -> None:
    widget = build("bowtie").widget
    assert widget.orders == ORDERS
