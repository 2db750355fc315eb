"""What every item widget owes the runner, checked for each item type in a shuffled order."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import pytest

from tests.widgets.items.itemwidget_support import ANSWERS, ITEMS, ORDERS, TYPES, XSS, XSS_ESCAPED, Built, build
from tests.widgets.items.itemwidget_tree import (
    answer,
    choice_values,
    html_values,
    ids_of,
    interactive,
    key_forms,
    label_text,
    refusing_runner,
    screen,
    sent_strings,
)

from quizbank.models import ITEM_TYPES
from widgets.html import untypeset
from widgets.items import WIDGETS, item_widget

CASES = [pytest.param(t, r, id=f"{t}-{n}") for t in TYPES for n, r in enumerate(ANSWERS[t])]


def test_every_item_type_has_a_widget_and_a_case_here() -> None:
    assert set(WIDGETS) == set(ITEM_TYPES) == set(TYPES)


BROWSER_BANK_IDS = [
    "t-single",
    "t-tf",
    "t-sata",
    "t-sn",
    "t-matrix",
    "t-cloze",
    "t-dr",
    "t-order",
    "t-highlight",
    "t-bowtie",
]


def bank_orders(item: Any) -> tuple[list[str], dict[str, list[str]]]:
    """The item's options (rows, segments) in reverse bank order, and its inner choices likewise."""
    parts = {"matrix": "rows", "highlight": "segments"}.get(item.type, "options")
    order = [part.id for part in getattr(item, parts, [])][::-1]
    inner = {b.id: list(b.options)[::-1] for b in getattr(item, "blanks", [])}
    for slot in ("condition", "actions", "parameters"):
        if hasattr(item, slot):
            inner[slot] = [o.id for o in getattr(item, slot).options][::-1]
    return order, inner


@pytest.mark.parametrize("item_id", BROWSER_BANK_IDS)
def test_browser_bank_items_build_and_round_trip(browser_bank: Any, item_id: str) -> None:
    item = browser_bank.items[item_id]
    order, inner = bank_orders(item)
    widget = item_widget(item, order, lambda part: list(inner[part]))
    assert isinstance(widget, WIDGETS[item.type])
    assert widget.response() == widget.initial_response() == (order if item.type == "ordering" else None)
    key = getattr(item, "key", None)  # single, true_false, matrix, ordering: the key is a response
    if item.type in ("cloze", "dropdown_rationale"):
        key = {b.id: b.key for b in item.blanks}
    elif item.type == "bowtie":
        key = {slot: [o for o in inner[slot] if o in getattr(item, slot).key] for slot in inner}
    elif item.type in ("select_all", "select_n", "highlight"):
        key = [o for o in order if o in item.key]
    widget.show(key)
    assert widget.response() == key


def test_browser_bank_has_one_item_of_every_type(browser_bank: Any) -> None:
    assert {item.type for item in browser_bank.items.values()} == set(ITEM_TYPES)


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_learner_answer_is_handed_on_in_bank_terms(item_type: str, response: Any) -> None:
    built = build(item_type)
    answer(built, item_type, response)
    assert built.calls, "on_change was never called"
    assert built.calls[-1] == response
    assert built.widget.response() == response


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_show_round_trips_without_calling_on_change(item_type: str, response: Any) -> None:
    built = build(item_type)
    built.widget.show(response)
    assert built.widget.response() == response
    assert built.calls == []


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_show_puts_the_screen_back_as_the_learner_left_it(item_type: str, response: Any) -> None:
    learner, shown = build(item_type), build(item_type)
    answer(learner, item_type, response)
    shown.widget.show(response)
    assert screen(shown.widget.box) == screen(learner.widget.box)


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_show_none_clears_an_answer(item_type: str, response: Any) -> None:
    built = build(item_type)
    answer(built, item_type, response)
    built.take()
    built.widget.show(None)
    assert built.widget.response() == built.widget.initial_response()
    assert built.calls == []


def test_show_none_puts_back_a_fresh_screen(built: Built, item_type: str) -> None:
    fresh = build(item_type)
    answer(built, item_type, ANSWERS[item_type][0])
    built.widget.show(None)
    assert screen(built.widget.box) == screen(fresh.widget.box)


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_learner_changes_still_report_after_show(item_type: str, response: Any) -> None:
    built = build(item_type)
    built.widget.show(response)
    built.widget.show(None)
    answer(built, item_type, response)
    assert built.calls and built.calls[-1] == response


@pytest.mark.parametrize("item_type", [t for t in TYPES if t != "ordering"])  # ordering: test_ordering.py
def test_changes_inside_quiet_are_not_reported(built: Built, item_type: str) -> None:
    with built.widget.quiet():
        answer(built, item_type, ANSWERS[item_type][0])
    assert built.calls == []
    assert built.widget.response() == ANSWERS[item_type][0]


def test_quiet_nests_and_restores(built: Built, item_type: str) -> None:
    with built.widget.quiet():
        with built.widget.quiet():
            pass
        assert built.widget._quiet
    assert not built.widget._quiet


def test_fresh_widget_has_no_response(built: Built, item_type: str) -> None:
    expected = ORDERS[item_type] if item_type == "ordering" else None
    assert built.widget.response() == expected
    assert built.widget.initial_response() == expected
    assert built.calls == []


def test_lock_disables_every_control(built: Built, item_type: str) -> None:
    controls = list(built.widget.controls())
    assert controls
    built.widget.lock()
    assert built.widget.locked
    assert all(control.disabled for control in controls)


def test_every_changeable_widget_in_the_tree_is_a_control(built: Built, item_type: str) -> None:
    controls = {id(c) for c in built.widget.controls()}
    assert [w for w in interactive(built.widget.box) if id(w) not in controls] == []


def test_lock_keeps_the_answer_shown(built: Built, item_type: str) -> None:
    response = ANSWERS[item_type][0]
    built.widget.show(response)
    built.widget.lock()
    assert built.widget.response() == response
    assert built.calls == []


def test_say_shows_a_plain_note_and_a_learner_change_clears_it(built: Built, item_type: str) -> None:
    built.widget.say(f"Not now {XSS}")
    assert built.widget.message.value == f"Not now {XSS}"
    assert isinstance(built.widget.message, ipw.Label)  # text, never HTML
    answer(built, item_type, ANSWERS[item_type][-1])
    assert built.widget.message.value == ""


def test_show_leaves_a_note_alone(built: Built, item_type: str) -> None:
    built.widget.say("Untick one first.")
    built.widget.show(ANSWERS[item_type][0])
    assert built.widget.message.value == "Untick one first."


def _leaks(built: Built, item_type: str) -> list[str]:
    item = ITEMS[item_type]
    forbidden = sorted(ids_of(item)) + key_forms(item)
    return [f"{bad!r} in {text!r}" for text in sent_strings(built.widget.box) for bad in forbidden if bad in text]


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_no_id_or_key_reaches_the_browser(item_type: str, response: Any) -> None:
    built = build(item_type)
    assert _leaks(built, item_type) == []
    answer(built, item_type, response)
    assert _leaks(built, item_type) == []
    built.widget.show(response)
    built.widget.lock()
    built.widget.say("Choose 2.")
    assert _leaks(built, item_type) == []


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_controls_hold_only_positions(item_type: str, response: Any) -> None:
    built = build(item_type)
    answer(built, item_type, response)
    values = choice_values(built.widget.box)
    assert all(v is None or isinstance(v, (int, bool)) for v in values), values


def test_the_stem_is_escaped(built: Built, item_type: str) -> None:
    stem = ITEMS[item_type].stem.replace(XSS, XSS_ESCAPED)
    assert any(stem in value for value in html_values(built.widget.box))


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_no_html_widget_holds_raw_bank_markup(item_type: str, response: Any) -> None:
    built = build(item_type)
    answer(built, item_type, response)
    assert [v for v in html_values(built.widget.box) if "<img" in v or "onerror=alert(1)>" in v] == []


def test_text_controls_show_bank_text_as_text(built: Built, item_type: str) -> None:
    """Labels the browser writes as text: never marked as HTML (a checkbox's only as widgets.html.untypeset
    escapes it, for MathJax to skip), never escaped twice."""
    widgets = [w for w in interactive(built.widget.box) if w.has_trait("description_allow_html")]
    assert widgets or item_type == "ordering"  # ordering's texts are HTML rows, its buttons fixed words
    as_html = [w for w in widgets if w.description_allow_html]
    assert all(isinstance(w, ipw.Checkbox) and w.description == untypeset(w.tooltip) for w in as_html)
    plain = [w for w in widgets if not w.description_allow_html]
    assert not any("&lt;" in s for w in plain for s in sent_strings(w))
    assert all(label_text(w) == w.tooltip and "&lt;" not in w.tooltip for w in as_html)


def test_leak_finder_sees_an_id_anywhere_in_the_tree() -> None:
    """The helper itself: an id in a tooltip deep in the tree is found."""
    built = build("single")
    built.widget.radio.tooltip = "opt-k3"
    assert _leaks(built, "single") == ["'opt-k3' in 'opt-k3'"]


@pytest.mark.parametrize(("item_type", "response"), CASES)
def test_a_refused_change_puts_the_screen_back(item_type: str, response: Any) -> None:
    """The runner undoes a refused change by calling `show(recorded)` from inside `on_change`."""
    recorded = ANSWERS[item_type][1] if response == ANSWERS[item_type][0] else ANSWERS[item_type][0]
    built, expected = build(item_type), build(item_type)
    built.widget.show(recorded)
    expected.widget.show(recorded)
    refusing_runner(built, lambda _response: False, recorded)
    answer(built, item_type, response)
    assert built.calls, "no click changed anything"
    assert built.widget.response() == recorded
    assert screen(built.widget.box)[:-1] == screen(expected.widget.box)[:-1]  # all but the note
