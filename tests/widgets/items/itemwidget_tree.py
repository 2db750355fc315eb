"""An item widget's tree as the browser receives it (its strings, HTML, choices, ids and key forms),
and a learner acting on it, for the item-widget tests (the items are in itemwidget_support.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as ipw

from tests.widgets.items.itemwidget_support import PART_ORDERS, Built

from quizbank.models import Item

# -- the widget tree ----------------------------------------------------------------------


def walk(widget: ipw.Widget) -> Iterator[ipw.Widget]:
    """`widget` and every widget below it (through `children`)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple, set)):
        for v in value:
            yield from _strings(v)


def sent_strings(widget: ipw.Widget) -> list[str]:
    """Every string the browser receives for the tree under `widget`.

    That is every synced trait (`get_state()`: labels, descriptions, tooltips, HTML values)
    plus, to be safe, the Python-side `options` and `value` of selection widgets.
    """
    found: list[str] = []
    for w in walk(widget):
        found.extend(_strings(w.get_state()))
        for name in ("options", "value"):
            if hasattr(w, name):
                found.extend(_strings(getattr(w, name)))
    return found


def html_values(widget: ipw.Widget) -> list[str]:
    """The values of every HTML widget under `widget` (put into the page as raw HTML)."""
    return [w.value for w in walk(widget) if isinstance(w, (ipw.HTML, ipw.HTMLMath))]


def choice_values(widget: ipw.Widget) -> list[Any]:
    """The values behind every selection widget's options, and every control's value."""
    values: list[Any] = []
    for w in walk(widget):
        if isinstance(w, (ipw.RadioButtons, ipw.Dropdown)):
            values.extend(value for _label, value in w.options)
            values.append(w.value)
        elif isinstance(w, (ipw.Checkbox, ipw.ToggleButton)):
            values.append(w.value)
    return values


def interactive(widget: ipw.Widget) -> list[ipw.Widget]:
    """Every widget under `widget` a learner can change (anything with a `disabled` trait)."""
    return [w for w in walk(widget) if w.has_trait("disabled")]


def label_text(box: ipw.Checkbox) -> str:
    """The text a checkbox shows: its description, which is HTML only as widgets.html.untypeset writes it."""
    if not box.description_allow_html:
        return box.description
    inner = re.fullmatch(r'<span class="mathjax_ignore tex2jax_ignore">(.*)</span>', box.description, re.S)
    assert inner is not None and "<" not in inner.group(1), box.description
    return html.unescape(inner.group(1))


def labels(radio: ipw.RadioButtons | ipw.Dropdown) -> list[str]:
    """The option labels the browser shows."""
    return [label for label, _value in radio.options]


def ids_of(item: Item) -> set[str]:
    """Every id of the item: its own, options, rows, columns, segments, blanks and bow-tie options."""
    found = {item.id}
    for name in ("options", "rows", "columns", "segments", "blanks"):
        found.update(part.id for part in getattr(item, name, None) or [])
    for slot in ("condition", "actions", "parameters"):
        side = getattr(item, slot, None)
        if side is not None:
            found.update(o.id for o in side.options)
    return found


def key_forms(item: Item) -> list[str]:
    """The key as it could be written into a string (a list or dict of ids, printed or as JSON)."""
    import json

    keys: list[Any] = []
    if hasattr(item, "key"):
        keys.append(item.key)
    for slot in ("condition", "actions", "parameters"):
        side = getattr(item, slot, None)
        if side is not None:
            keys.append(side.key)
    forms: list[str] = []
    for key in keys:
        if isinstance(key, (list, dict)):
            forms += [repr(key), json.dumps(key)]
    return forms


# -- a learner ----------------------------------------------------------------------------


def from_browser(widget: ipw.Widget, **state: Any) -> None:
    """Apply a state update as the browser sends it (e.g. `index=2` for a radio list)."""
    widget.set_state(state)


def answer(built: Built, item_type: str, response: Any) -> None:
    """Set the controls as a learner would until they show `response` (from a cleared widget)."""
    w = built.widget
    if item_type == "single":
        w.radio.value = w.order.index(response)
    elif item_type == "true_false":
        w.radio.value = 0 if response else 1
    elif item_type in ("select_all", "select_n"):
        for option in response:
            w.boxes[w.order.index(option)].value = True
    elif item_type == "matrix":
        for row, column in response.items():
            w.radios[w.order.index(row)].value = w.columns.index(column)
    elif item_type in ("cloze", "dropdown_rationale"):
        for blank, text in response.items():
            w.dropdowns[blank].value = PART_ORDERS[item_type][blank].index(text)
    elif item_type == "ordering":
        move_to(w, response)
    elif item_type == "highlight":
        for segment in response:
            w.toggles[w.order.index(segment)].value = True
    elif item_type == "bowtie":
        for slot, picked in response.items():
            for option in picked:
                w.boxes[slot][PART_ORDERS["bowtie"][slot].index(option)].value = True
    else:  # pragma: no cover - a new item type needs a learner here
        raise AssertionError(f"no learner for {item_type}")


def move_to(widget: Any, target: list[str]) -> None:
    """Click Up buttons on an ordering widget until it shows `target` (the texts say where each step is)."""
    for place, option in enumerate(target):
        at = widget.response().index(option)
        for position in range(at, place, -1):
            widget.ups[position].click()


def row_texts(widget: Any) -> list[str]:
    """The HTML of an ordering widget's rows, top to bottom."""
    return [row.value for row in widget.rows]


_NOT_SCREEN = {"layout", "style", "children", "tabbable"}


def screen(widget: ipw.Widget) -> list[dict[str, Any]]:
    """What the browser shows for the tree under `widget`: each widget's synced state, without model references."""
    return [
        {k: v for k, v in w.get_state().items() if k not in _NOT_SCREEN and not k.startswith(("_model", "_view"))}
        for w in walk(widget)
    ]


def refusing_runner(built: Built, allowed: Callable[[Any], bool], recorded: Any = None) -> list[Any]:
    """Make `on_change` act as the runner does when the Attempt refuses an answer.

    A refused response puts the controls back to the last accepted one (`show`) and
    says so (`say`), as `AttemptScreen._answered` does. `recorded` is what the Attempt
    holds to begin with. Returns the accepted responses, `recorded` first.
    """
    accepted: list[Any] = [recorded]

    def on_change(response: Any) -> None:
        built.calls.append(response)
        if allowed(response):
            accepted.append(response)
        else:
            built.widget.show(accepted[-1])
            built.widget.say("refused by the runner")

    built.widget.on_change = on_change
    return accepted
