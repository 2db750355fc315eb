"""Cloze and drop-down rationale: a sentence with drop-downs whose values are positions of texts."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

from tests.widgets.items.itemwidget_support import PART_ORDERS, XSS_ESCAPED, build
from tests.widgets.items.itemwidget_tree import from_browser, html_values, walk

SENTENCE_TYPES = ["cloze", "dropdown_rationale"]
BLANKS = [pytest.param(t, blank, id=f"{t}-{blank}") for t in SENTENCE_TYPES for blank in PART_ORDERS[t]]


@pytest.mark.parametrize(("item_type", "blank"), BLANKS)
def test_dropdown_offers_a_placeholder_then_the_choices_in_shown_order(item_type: str, blank: str) -> None:
    widget = build(item_type).widget
    dropdown = widget.dropdowns[blank]
    number = list(widget.dropdowns).index(blank) + 1
    texts = PART_ORDERS[item_type][blank]
    assert dropdown.options == ((f"({number}) choose…", -1), *((t, i) for i, t in enumerate(texts)))
    assert dropdown.value == -1


@pytest.mark.parametrize(("item_type", "blank"), BLANKS)
def test_choosing_a_text_hands_on_the_text(item_type: str, blank: str) -> None:
    for position, text in enumerate(PART_ORDERS[item_type][blank]):
        built = build(item_type)
        built.widget.dropdowns[blank].value = position
        assert built.calls == [{blank: text}]


@pytest.mark.parametrize(("item_type", "blank"), BLANKS)
def test_a_choice_from_the_browser_hands_on_the_text(item_type: str, blank: str) -> None:
    built = build(item_type)
    from_browser(built.widget.dropdowns[blank], index=2)  # index 0 is the placeholder
    assert built.calls == [{blank: PART_ORDERS[item_type][blank][1]}]


def test_going_back_to_the_placeholder_leaves_the_blank_out() -> None:
    built = build("cloze")
    built.widget.dropdowns["blk-3q"].value = 2
    built.widget.dropdowns["blk-8d"].value = 1
    built.widget.dropdowns["blk-3q"].value = -1
    built.widget.dropdowns["blk-8d"].value = -1
    assert built.calls == [
        {"blk-3q": "45 to 90-degree"},
        {"blk-3q": "45 to 90-degree", "blk-8d": "halfway"},
        {"blk-8d": "halfway"},
        None,
    ]


def test_cloze_sentence_pieces_are_escaped_and_the_full_stop_stays_with_its_blank() -> None:
    widget = build("cloze").widget
    sentence = widget.box.children[2].children[0]
    kinds = [(type(p).__name__, getattr(p, "value", None)) for p in sentence.children]
    assert kinds == [
        ("HTML", f"Insert {XSS_ESCAPED} at a "),
        ("Dropdown", -1),
        ("HTML", " angle, at least "),
        ("HBox", None),
    ]
    stuck = sentence.children[3].children
    assert stuck[0] is widget.dropdowns["blk-8d"]
    assert isinstance(stuck[1], ipw.HTML) and stuck[1].value == "."


def test_a_sentence_that_starts_and_ends_with_blanks_has_no_empty_pieces() -> None:
    widget = build("dropdown_rationale").widget
    pieces = widget.box.children[2].children[0].children
    assert pieces == (widget.dropdowns["blk-a1"], pieces[1], widget.dropdowns["blk-r2"])
    assert pieces[1].value == " over the site because "


def test_no_blank_marker_reaches_the_page() -> None:
    widget = build("cloze").widget
    assert not any("{{" in v for v in html_values(widget.box))


def test_preview_is_empty_until_a_choice_then_shows_the_sentence_escaped() -> None:
    built = build("cloze")
    assert built.widget.preview.value == ""
    built.widget.dropdowns["blk-3q"].value = 0
    assert built.widget.preview.value == (
        f"<p>Your sentence: Insert {XSS_ESCAPED} at a [{XSS_ESCAPED}] angle, at least […].</p>"
    )


def test_show_updates_the_preview_and_show_none_empties_it() -> None:
    built = build("cloze")
    built.widget.show({"blk-3q": "10 to 15-degree", "blk-8d": "halfway"})
    assert built.widget.preview.value == (
        f"<p>Your sentence: Insert {XSS_ESCAPED} at a [10 to 15-degree] angle, at least [halfway].</p>"
    )
    assert [d.value for d in built.widget.dropdowns.values()] == [1, 1]
    built.widget.show(None)
    assert built.widget.preview.value == ""
    assert [d.value for d in built.widget.dropdowns.values()] == [-1, -1]
    assert built.calls == []


@pytest.mark.parametrize(
    ("item_type", "words"),
    [("cloze", "Complete the sentence"), ("dropdown_rationale", "only when both are right")],
)
def test_each_sentence_type_says_its_own_instruction(item_type: str, words: str) -> None:
    assert words in build(item_type).widget.box.children[1].value


def test_dropdowns_are_the_only_controls() -> None:
    widget = build("dropdown_rationale").widget
    assert list(widget.controls()) == list(widget.dropdowns.values())
    assert [w for w in walk(widget.box) if isinstance(w, ipw.Dropdown)] == list(widget.dropdowns.values())
