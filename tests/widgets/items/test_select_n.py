"""Select N: checkboxes, at most n ticks; a tick beyond n is handed on and noted."""

from __future__ import annotations

from typing import Any

import pytest

from tests.widgets.items.itemwidget_support import ORDERS, build
from tests.widgets.items.itemwidget_tree import refusing_runner

ORDER = ORDERS["select_n"]  # opt-m4, opt-9q, opt-k3, opt-7x; n = 2
NOTE = "You can choose 2. Untick one first to change your choice."


def at_most_two(response: Any) -> bool:
    return response is None or len(response) <= 2


def test_the_instruction_names_n() -> None:
    built = build("select_n")
    assert built.widget.instruction_text() == "Choose 2."
    assert "Choose 2." in built.widget.box.children[1].value


@pytest.mark.parametrize(("positions", "response"), [([3], ["opt-7x"]), ([2, 0], ["opt-m4", "opt-k3"])])
def test_ticks_up_to_n_are_handed_on_without_a_note(positions: list[int], response: list[str]) -> None:
    built = build("select_n")
    for position in positions:
        built.widget.boxes[position].value = True
    assert built.calls[-1] == response
    assert built.widget.message.value == ""


def test_a_tick_beyond_n_is_handed_on_for_the_attempt_to_refuse() -> None:
    built = build("select_n")
    for position in (0, 1, 2):
        built.widget.boxes[position].value = True
    assert built.calls == [["opt-m4"], ["opt-m4", "opt-9q"], ["opt-m4", "opt-9q", "opt-k3"]]
    assert built.widget.message.value == NOTE


def test_without_a_runner_the_extra_tick_stays() -> None:
    built = build("select_n")
    for position in (0, 1, 2):
        built.widget.boxes[position].value = True
    assert [box.value for box in built.widget.boxes] == [True, True, True, False]


def test_a_refused_extra_tick_is_undone_and_the_note_is_the_widgets() -> None:
    built = build("select_n")
    accepted = refusing_runner(built, at_most_two)
    for position in (3, 1, 0):
        built.widget.boxes[position].value = True
    assert [box.value for box in built.widget.boxes] == [False, True, False, True]
    assert built.widget.response() == accepted[-1] == ["opt-9q", "opt-7x"]
    assert built.widget.message.value == NOTE


def test_unticking_after_the_note_clears_it() -> None:
    built = build("select_n")
    refusing_runner(built, at_most_two)
    for position in (3, 1, 0):
        built.widget.boxes[position].value = True
    built.widget.boxes[1].value = False
    assert built.calls[-1] == ["opt-7x"]
    assert built.widget.message.value == ""


def test_show_does_not_enforce_n() -> None:
    built = build("select_n")
    built.widget.show(["opt-m4", "opt-9q", "opt-k3"])
    assert built.widget.response() == ["opt-m4", "opt-9q", "opt-k3"]
    assert built.calls == []
    assert built.widget.message.value == ""
