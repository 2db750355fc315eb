"""Matrix: one radio group per row (rows in the attempt's shuffled order, columns as written)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import MatrixItem
from widgets.html import tag
from widgets.items.base import ItemWidget
from widgets.items.option_lists import radio_list
from widgets.style import classed


class MatrixWidget(ItemWidget[MatrixItem]):
    """For each row, choose one column."""

    instruction = "For each row, choose one answer."

    def build(self) -> ipw.Widget:
        rows = {r.id: r.text for r in self.item.rows}
        self.columns = [c.id for c in self.item.columns]
        labels = [c.text for c in self.item.columns]
        self.radios: list[ipw.RadioButtons] = []
        cards = []
        for number, row in enumerate(self.order, start=1):
            radio = radio_list(labels)
            radio.observe(self.changed, names="value")
            self.radios.append(radio)
            cards.append(classed(ipw.VBox([ipw.HTML(tag("h3", f"{number}. {rows[row]}")), radio]), "cq-card"))
        return ipw.VBox(cards, layout=ipw.Layout(width="100%"))

    def response(self) -> Any:
        chosen = {
            row: self.columns[radio.value] for row, radio in zip(self.order, self.radios) if radio.value is not None
        }
        return chosen or None

    def _show(self, response: Any) -> None:
        chosen = response or {}
        for row, radio in zip(self.order, self.radios):
            radio.value = self.columns.index(chosen[row]) if row in chosen else None

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield from self.radios
