"""Highlight: one toggle button per segment in shown order; a pick is marked in words too."""

from __future__ import annotations

import pytest

from tests.widgets.items.itemwidget_support import ORDERS, XSS, build
from tests.widgets.items.itemwidget_tree import from_browser

ORDER = ORDERS["highlight"]  # seg-4p, seg-6n, seg-8v, seg-2c
TEXTS = ["Walks daily.", XSS, "Temp 38.4 C.", "Ate breakfast."]


def test_toggles_show_the_segments_in_shown_order_unmarked() -> None:
    toggles = build("highlight").widget.toggles
    assert [t.description for t in toggles] == TEXTS
    assert {(t.value, t.tooltip) for t in toggles} == {(False, "Tap to select")}


@pytest.mark.parametrize(("position", "segment"), list(enumerate(ORDER)))
def test_toggling_a_segment_hands_on_its_id_once(position: int, segment: str) -> None:
    built = build("highlight")
    built.widget.toggles[position].value = True
    assert built.calls == [[segment]]


@pytest.mark.parametrize(("position", "segment"), list(enumerate(ORDER)))
def test_a_tap_from_the_browser_hands_on_its_id(position: int, segment: str) -> None:
    built = build("highlight")
    from_browser(built.widget.toggles[position], value=True)
    assert built.calls == [[segment]]


def test_a_picked_segment_is_marked_with_a_tick_and_words() -> None:
    built = build("highlight")
    toggle = built.widget.toggles[1]
    toggle.value = True
    assert toggle.description == f"✓ {XSS}"
    assert toggle.tooltip == "Selected: tap to unselect"
    assert [t.description for t in built.widget.toggles[2:]] == TEXTS[2:]


def test_tapping_again_unpicks_and_unmarks() -> None:
    built = build("highlight")
    built.widget.toggles[2].value = True
    built.widget.toggles[2].value = False
    assert built.calls == [["seg-8v"], None]
    assert built.widget.toggles[2].description == "Temp 38.4 C."


def test_picks_are_listed_in_shown_order() -> None:
    built = build("highlight")
    built.widget.toggles[3].value = True
    built.widget.toggles[0].value = True
    assert built.calls == [["seg-2c"], ["seg-4p", "seg-2c"]]


def test_show_marks_the_picked_segments_and_show_none_unmarks() -> None:
    built = build("highlight")
    built.widget.show(["seg-8v", "seg-6n"])
    assert [t.description for t in built.widget.toggles] == [TEXTS[0], f"✓ {XSS}", "✓ Temp 38.4 C.", TEXTS[3]]
    built.widget.show(None)
    assert [t.description for t in built.widget.toggles] == TEXTS
    assert built.calls == []
