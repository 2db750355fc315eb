"""Items of every type, their shown orders and a learner who clicks them, for the item-widget tests.

Every id here (`opt-7x`, `row-5j`, `blk-3q`, ...) is chosen so that it cannot occur in
any text, so finding one in what the browser receives is always a leak. Every shown order
differs from the bank order, so a widget that reports positions, or ids in bank order,
is caught. Every item carries `XSS` in a text that reaches an HTML widget.
Reading and driving the widgets they make: itemwidget_tree.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from quizbank.models import Item
from widgets.items import ItemWidget, item_widget

XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"

_ITEM = TypeAdapter(Item)
_COMMON: dict[str, Any] = {
    "rationale": "The article says so, in as many words.",
    "objectives": ["basics"],
    "tags": {"topic": "mechanism"},
    "difficulty": "easy",
    "audience": "both",
    "citations": [{"source": "ebsco-anakinra", "quote": "Anakinra blocks the action of interleukin-1."}],
}


def make_item(**fields: Any) -> Item:
    """A ready (non-draft) item of any type from its own fields plus common ones."""
    return _ITEM.validate_python({**_COMMON, **fields})


def _options(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"id": i, "text": t} for i, t in pairs]


ITEMS: dict[str, Item] = {
    "single": make_item(
        id="itm-single-z9",
        type="single",
        stem=f"Which protein does anakinra block? {XSS}",
        options=_options(
            [
                ("opt-7x", "Interleukin-1 (IL-1)"),
                ("opt-k3", "Tumor necrosis factor"),
                ("opt-9q", XSS),
                ("opt-m4", "None"),
            ]
        ),
        key="opt-7x",
    ),
    "true_false": make_item(
        id="itm-tf-z9", type="true_false", stem=f"Anakinra is injected once a day. {XSS}", key=True
    ),
    "select_all": make_item(
        id="itm-sata-z9",
        type="select_all",
        stem=f"Which need a call to the doctor? {XSS}",
        options=_options(
            [("opt-7x", "Rash"), ("opt-k3", "Runny nose"), ("opt-9q", XSS), ("opt-m4", "Headache"), ("opt-w5", "Fever")]
        ),
        key=["opt-7x", "opt-9q", "opt-w5"],
    ),
    "select_n": make_item(
        id="itm-sn-z9",
        type="select_n",
        stem=f"Which 2 sites may the patient use? {XSS}",
        n=2,
        options=_options([("opt-7x", "Outer thigh"), ("opt-k3", "Stomach"), ("opt-9q", XSS), ("opt-m4", "Buttocks")]),
        key=["opt-7x", "opt-k3"],
    ),
    "matrix": make_item(
        id="itm-matrix-z9",
        type="matrix",
        stem=f"For each symptom, what should the patient do? {XSS}",
        rows=_options([("row-5j", "Headache"), ("row-h8", XSS), ("row-t2", "Nausea")]),
        columns=_options([("col-2w", "Tell the doctor if it lasts"), ("col-r6", f"Call now {XSS}")]),
        key={"row-5j": "col-2w", "row-h8": "col-r6", "row-t2": "col-2w"},
    ),
    "cloze": make_item(
        id="itm-cloze-z9",
        type="cloze",
        stem=f"Complete the instruction. {XSS}",
        sentence=f"Insert {XSS} at a {{{{blk-3q}}}} angle, at least {{{{blk-8d}}}}.",
        blanks=[
            {"id": "blk-3q", "options": ["45 to 90-degree", "10 to 15-degree", XSS], "key": "45 to 90-degree"},
            {"id": "blk-8d", "options": ["halfway", "a quarter of the way"], "key": "halfway"},
        ],
    ),
    "dropdown_rationale": make_item(
        id="itm-dr-z9",
        type="dropdown_rationale",
        stem=f"Complete the teaching. {XSS}",
        sentence="{{blk-a1}} over the site because {{blk-r2}}",
        blanks=[
            {"id": "blk-a1", "options": ["Press dry gauze", "Press an alcohol wipe"], "key": "Press dry gauze"},
            {"id": "blk-r2", "options": ["the leaflet says so", XSS, "it is sterile"], "key": "the leaflet says so"},
        ],
    ),
    "ordering": make_item(
        id="itm-order-z9",
        type="ordering",
        scoring="per_position",
        stem=f"Put these steps in order. {XSS}",
        options=_options(
            [
                ("opt-7x", "Clean the site & let it dry"),
                ("opt-k3", "Twist the cover off"),
                ("opt-9q", XSS),
                ("opt-m4", "Push"),
            ]
        ),
        key=["opt-7x", "opt-k3", "opt-9q", "opt-m4"],
    ),
    "highlight": make_item(
        id="itm-hl-z9",
        type="highlight",
        stem=f"Select the findings to raise. {XSS}",
        segments=_options(
            [("seg-8v", "Temp 38.4 C."), ("seg-2c", "Ate breakfast."), ("seg-6n", XSS), ("seg-4p", "Walks daily.")]
        ),
        key=["seg-8v", "seg-6n"],
    ),
    "bowtie": make_item(
        id="itm-bowtie-z9",
        type="bowtie",
        stem=f"The solution is foamy. Complete the bow-tie. {XSS}",
        condition={
            "options": _options([("cnd-1a", "Foamy solution"), ("cnd-2b", "A used syringe"), ("cnd-3c", XSS)]),
            "key": ["cnd-1a"],
        },
        actions={
            "options": _options([("act-4d", "Let it sit"), ("act-5e", "Do not shake"), ("act-6f", "Shake harder")]),
            "key": ["act-4d", "act-5e"],
        },
        parameters={
            "options": _options(
                [("par-7g", "Foam clears"), ("par-8h", "Colour"), ("par-9i", XSS), ("par-0j", "Pulse")]
            ),
            "key": ["par-7g", "par-8h"],
        },
    ),
}

# The attempt's shown order of each item's options (rows, segments); never the bank order.
ORDERS: dict[str, list[str]] = {
    "single": ["opt-9q", "opt-m4", "opt-7x", "opt-k3"],
    "true_false": [],
    "select_all": ["opt-w5", "opt-9q", "opt-k3", "opt-7x", "opt-m4"],
    "select_n": ["opt-m4", "opt-9q", "opt-k3", "opt-7x"],
    "matrix": ["row-t2", "row-5j", "row-h8"],
    "cloze": [],
    "dropdown_rationale": [],
    "ordering": ["opt-m4", "opt-9q", "opt-7x", "opt-k3"],
    "highlight": ["seg-4p", "seg-6n", "seg-8v", "seg-2c"],
    "bowtie": [],
}

# The shown order of the inner choices: blank id -> choice texts, bow-tie slot -> option ids.
PART_ORDERS: dict[str, dict[str, list[str]]] = {
    "cloze": {
        "blk-3q": [XSS, "10 to 15-degree", "45 to 90-degree"],
        "blk-8d": ["a quarter of the way", "halfway"],
    },
    "dropdown_rationale": {
        "blk-a1": ["Press an alcohol wipe", "Press dry gauze"],
        "blk-r2": ["it is sterile", "the leaflet says so", XSS],
    },
    "bowtie": {
        "condition": ["cnd-3c", "cnd-1a", "cnd-2b"],
        "actions": ["act-6f", "act-4d", "act-5e"],
        "parameters": ["par-0j", "par-9i", "par-8h", "par-7g"],
    },
}

# Full and partial answers of each type, in the bank's terms and in shown order
# (widgets list picks in shown order, so these are what `response()` gives back).
ANSWERS: dict[str, list[Any]] = {
    "single": ["opt-7x", "opt-9q"],
    "true_false": [True, False],
    "select_all": [["opt-9q", "opt-7x"], ["opt-w5", "opt-k3", "opt-7x", "opt-m4"], ["opt-m4"]],
    "select_n": [["opt-k3", "opt-7x"], ["opt-9q"]],
    "matrix": [
        {"row-t2": "col-2w", "row-5j": "col-2w", "row-h8": "col-r6"},
        {"row-h8": "col-2w"},
    ],
    "cloze": [{"blk-3q": "45 to 90-degree", "blk-8d": "halfway"}, {"blk-8d": "a quarter of the way"}, {"blk-3q": XSS}],
    "dropdown_rationale": [{"blk-a1": "Press dry gauze", "blk-r2": XSS}, {"blk-r2": "it is sterile"}],
    "ordering": [["opt-7x", "opt-k3", "opt-9q", "opt-m4"], ["opt-k3", "opt-7x", "opt-m4", "opt-9q"]],
    "highlight": [["seg-6n", "seg-8v"], ["seg-2c"], ["seg-4p", "seg-6n", "seg-8v", "seg-2c"]],
    "bowtie": [
        {"condition": ["cnd-1a"], "actions": ["act-4d", "act-5e"], "parameters": ["par-8h", "par-7g"]},
        {"condition": [], "actions": ["act-6f"], "parameters": []},
    ],
}

TYPES: list[str] = list(ITEMS)


def part_order_for(item_type: str) -> Callable[[str], list[str]]:
    """The `part_order` callable of an item type (a copy each call, as the Attempt gives)."""
    orders = PART_ORDERS.get(item_type, {})
    return lambda part: list(orders[part])


@dataclass
class Built:
    """A widget built as the runner builds it, and every response it handed to `on_change`."""

    widget: Any
    calls: list[Any] = field(default_factory=list)

    def take(self) -> list[Any]:
        """The responses reported since the last take."""
        calls, self.calls[:] = list(self.calls), []
        return calls


def build(item_type: str, item: Item | None = None, order: list[str] | None = None) -> Built:
    """The widget of `item_type` via `item_widget`, in the shown orders above, with a recording `on_change`."""
    item = ITEMS[item_type] if item is None else item
    order = ORDERS[item_type] if order is None else order
    widget: ItemWidget = item_widget(item, list(order), part_order_for(item_type))
    built = Built(widget)
    widget.on_change = built.calls.append
    return built
