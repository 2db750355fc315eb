"""Matrix: rows in shown order, each a radio list of the columns as written."""

from __future__ import annotations

import pytest

from tests.widgets.items.itemwidget_support import ORDERS, XSS, XSS_ESCAPED, build
from tests.widgets.items.itemwidget_tree import html_values, labels

ORDER = ORDERS["matrix"]  # row-t2, row-5j, row-h8
COLUMNS = ["col-2w", "col-r6"]


def test_rows_are_numbered_in_shown_order_and_escaped() -> None:
    built = build("matrix")
    headings = [v for v in html_values(built.widget.box) if v.startswith("<h3>")]
    assert headings == ["<h3>1. Nausea</h3>", "<h3>2. Headache</h3>", f"<h3>3. {XSS_ESCAPED}</h3>"]


def test_every_row_offers_the_columns_as_written() -> None:
    built = build("matrix")
    assert len(built.widget.radios) == 3
    for radio in built.widget.radios:
        assert labels(radio) == ["Tell the doctor if it lasts", f"Call now {XSS}"]
        assert radio.index is None


@pytest.mark.parametrize("row", range(3))
@pytest.mark.parametrize("column", range(2))
def test_choosing_a_column_hands_on_row_and_column_ids(row: int, column: int) -> None:
    built = build("matrix")
    built.widget.radios[row].value = column
    assert built.calls == [{ORDER[row]: COLUMNS[column]}]


def test_answers_of_several_rows_are_handed_on_together() -> None:
    built = build("matrix")
    built.widget.radios[2].value = 1
    built.widget.radios[0].value = 0
    built.widget.radios[2].value = 0
    assert built.calls == [
        {"row-h8": "col-r6"},
        {"row-t2": "col-2w", "row-h8": "col-r6"},
        {"row-t2": "col-2w", "row-h8": "col-2w"},
    ]


def test_show_sets_only_the_rows_in_the_response() -> None:
    built = build("matrix")
    built.widget.radios[0].value = 1
    built.take()
    built.widget.show({"row-5j": "col-r6"})
    assert [radio.index for radio in built.widget.radios] == [None, 1, None]
    assert built.calls == []


def test_show_none_clears_every_row() -> None:
    built = build("matrix")
    for radio in built.widget.radios:
        radio.value = 0
    built.widget.show(None)
    assert [radio.index for radio in built.widget.radios] == [None, None, None]
