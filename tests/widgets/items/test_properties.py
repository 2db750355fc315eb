"""Property tests: any shown order, any sequence of clicks, positions still map back to ids."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.widgets.items.itemwidget_support import ITEMS, PART_ORDERS, build
from tests.widgets.items.itemwidget_tree import row_texts

from widgets.items import item_widget

FAST = settings(max_examples=40, deadline=None)


def shown_orders(item_type: str) -> st.SearchStrategy[list[str]]:
    """Every order of the item's options, segments or rows."""
    item: Any = ITEMS[item_type]
    parts = {"matrix": "rows", "highlight": "segments"}.get(item_type, "options")
    ids = [part.id for part in getattr(item, parts)]
    return st.permutations(ids)


@FAST
@given(order=shown_orders("ordering"), clicks=st.lists(st.tuples(st.sampled_from(["ups", "downs"]), st.integers(0, 3))))
def test_ordering_follows_any_sequence_of_clicks(order: list[str], clicks: list[tuple[str, int]]) -> None:
    built = build("ordering", order=order)
    model = list(order)
    reported: list[list[str]] = []
    for button, position in clicks:
        target = position + (-1 if button == "ups" else 1)
        if 0 <= target < len(model):
            model[position], model[target] = model[target], model[position]
            reported.append(list(model))
        getattr(built.widget, button)[position].click()
    assert built.calls == reported
    assert built.widget.response() == model
    texts = {o.id: o.text for o in ITEMS["ordering"].options}
    assert [row.rsplit("</b> ", 1)[1] for row in row_texts(built.widget)] == [
        texts[o].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for o in model
    ]


@FAST
@given(order=shown_orders("single"), data=st.data())
def test_single_maps_any_position_of_any_order_to_its_id(order: list[str], data: st.DataObject) -> None:
    built = build("single", order=order)
    position = data.draw(st.integers(0, len(order) - 1))
    built.widget.radio.value = position
    assert built.calls == [order[position]]


@FAST
@given(
    item_type=st.sampled_from(["select_all", "select_n", "highlight"]),
    data=st.data(),
)
def test_ticks_in_any_order_report_picks_in_shown_order(item_type: str, data: st.DataObject) -> None:
    order = data.draw(shown_orders(item_type))
    built = build(item_type, order=order)
    controls = list(built.widget.controls())
    limit = getattr(ITEMS[item_type], "n", len(order))
    picks = data.draw(st.lists(st.integers(0, len(order) - 1), unique=True, max_size=limit))
    for position in picks:
        controls[position].value = True
    expected = [o for i, o in enumerate(order) if i in picks] or None
    assert built.widget.response() == expected
    assert (built.calls[-1] if built.calls else None) == expected
    fresh = build(item_type, order=order)
    fresh.widget.show(expected)
    assert [c.value for c in fresh.widget.controls()] == [c.value for c in controls]


@FAST
@given(order=shown_orders("matrix"), data=st.data())
def test_matrix_maps_any_row_order_back_to_row_ids(order: list[str], data: st.DataObject) -> None:
    built = build("matrix", order=order)
    columns = [c.id for c in ITEMS["matrix"].columns]
    chosen = data.draw(st.dictionaries(st.sampled_from(order), st.sampled_from(columns)))
    for row, column in chosen.items():
        built.widget.radios[order.index(row)].value = columns.index(column)
    assert built.widget.response() == (chosen or None)


@FAST
@given(data=st.data())
def test_sentence_maps_any_choice_order_back_to_texts(data: st.DataObject) -> None:
    item = ITEMS["cloze"]
    orders: dict[str, list[str]] = {b.id: data.draw(st.permutations(b.options)) for b in item.blanks}
    widget = item_widget(item, [], lambda blank: list(orders[blank]))
    calls: list[Any] = []
    widget.on_change = calls.append
    chosen = {}
    for blank, texts in orders.items():
        position = data.draw(st.integers(-1, len(texts) - 1))
        widget.dropdowns[blank].value = position
        if position >= 0:
            chosen[blank] = texts[position]
    assert widget.response() == (chosen or None)
    assert set(orders) == set(PART_ORDERS["cloze"])
