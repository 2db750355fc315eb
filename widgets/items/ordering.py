"""Ordering: the steps in a list, each with Up and Down buttons (works by touch and keyboard).

The rows stay where they are; moving a step rewrites the texts of the rows, so the
browser only ever holds texts and the kernel keeps the order. The order shown at first is
not an answer: the item is answered once the learner moves a step or presses "Use this
order" (so an untouched item stays unanswered and earns nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import OrderingItem
from widgets.html import esc
from widgets.items.base import ItemWidget
from widgets.style import classed


class OrderingWidget(ItemWidget[OrderingItem]):
    """Put the steps in order with the Up and Down buttons."""

    instruction = (
        "Put these in the right order: move a step with its Up and Down buttons. If the order shown is "
        "already your answer, press “Use this order”."
    )

    def build(self) -> ipw.Widget:
        self.texts = {o.id: o.text for o in self.item.options}
        self.current = list(self.order)
        self.rows: list[ipw.HTML] = []
        self.ups: list[ipw.Button] = []
        self.downs: list[ipw.Button] = []
        boxes = []
        last = len(self.current) - 1
        for position in range(len(self.current)):
            text = classed(ipw.HTML(""), "cq-step-text")
            up = ipw.Button(description="↑ Up", tooltip="Move this step up", disabled=position == 0)
            down = ipw.Button(description="↓ Down", tooltip="Move this step down", disabled=position == last)
            up.on_click(lambda _b, p=position: self.move(p, -1))
            down.on_click(lambda _b, p=position: self.move(p, +1))
            self.rows.append(text)
            self.ups.append(up)
            self.downs.append(down)
            boxes.append(
                classed(
                    ipw.HBox([text, up, down], layout=ipw.Layout(width="100%", align_items="center")),
                    "cq-step",
                    "cq-row",
                )
            )
        self.use_order = ipw.Button(description="Use this order", tooltip="Give the order shown as your answer")
        self.use_order.on_click(lambda _b: self.changed())
        self._relabel()
        return ipw.VBox([*boxes, self.use_order], layout=ipw.Layout(width="100%"))

    def _relabel(self) -> None:
        for position, (row, option) in enumerate(zip(self.rows, self.current), start=1):
            row.value = f"<b>{position}.</b> {esc(self.texts[option])}"

    def move(self, position: int, step: int) -> None:
        """Swap the step at `position` with its neighbour; report the new order."""
        target = position + step
        if self._quiet or not (0 <= position < len(self.current) and 0 <= target < len(self.current)):
            return
        self.current[position], self.current[target] = self.current[target], self.current[position]
        self._relabel()
        self.changed()

    def response(self) -> Any:
        return list(self.current)

    def initial_response(self) -> Any:
        return list(self.current)

    def _show(self, response: Any) -> None:
        self.current = list(response) if response else list(self.order)
        self._relabel()

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield from self.ups
        yield from self.downs
        yield self.use_order
