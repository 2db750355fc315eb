"""Bow-tie: the condition (pick 1), actions to take (pick 2), parameters to monitor (pick 2).

Each side is a checkbox list in the attempt's seeded order; the sizes are the fixed
shape of every bow-tie, not read from the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import BowtieItem
from widgets.html import tag
from widgets.items.base import ItemWidget
from widgets.items.option_lists import checkbox_list, ticked
from widgets.style import classed

SLOTS: tuple[tuple[str, str, int], ...] = (
    ("condition", "The condition most likely", 1),
    ("actions", "Actions to take", 2),
    ("parameters", "Parameters to monitor", 2),
)


class BowtieWidget(ItemWidget[BowtieItem]):
    """Fill the three sides of the bow-tie."""

    instruction = "Fill the bow-tie: choose 1 condition, 2 actions to take and 2 parameters to monitor."

    def build(self) -> ipw.Widget:
        self.orders: dict[str, list[str]] = {}
        self.boxes: dict[str, list[ipw.Checkbox]] = {}
        panels = []
        for slot, title, count in SLOTS:
            options = {o.id: o.text for o in getattr(self.item, slot).options}
            self.orders[slot] = self.part_order(slot)
            boxes = checkbox_list([options[o] for o in self.orders[slot]])
            for box in boxes:
                box.observe(lambda change, s=slot: self._ticked(s), names="value")
            self.boxes[slot] = boxes
            heading = ipw.HTML(tag("h3", f"{title} (choose {count})"))
            panels.append(classed(ipw.VBox([heading, *boxes]), "cq-slot"))
        return classed(ipw.HBox(panels, layout=ipw.Layout(flex_flow="row wrap", width="100%")), "cq-bowtie")

    def _ticked(self, slot: str) -> None:
        if self._quiet:
            return
        count = dict((s, c) for s, _, c in SLOTS)[slot]
        too_many = len(ticked(self.boxes[slot])) > count
        self.changed()  # the Attempt refuses too many picks and the runner undoes the tick
        if too_many:
            self.say(f"Choose {count} in this part. Untick one first to change your choice.")

    def response(self) -> Any:
        chosen = {slot: [self.orders[slot][i] for i in ticked(self.boxes[slot])] for slot, _, _ in SLOTS}
        return chosen if any(chosen.values()) else None

    def _show(self, response: Any) -> None:
        chosen = response or {}
        for slot, _, _ in SLOTS:
            picked = set(chosen.get(slot, []))
            for option, box in zip(self.orders[slot], self.boxes[slot]):
                box.value = option in picked

    def controls(self) -> Iterator[ipw.DOMWidget]:
        for boxes in self.boxes.values():
            yield from boxes
