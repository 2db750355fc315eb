"""Highlight: the chart note as a row of toggle buttons, one per sentence.

A picked sentence is marked with a tick and the words "(selected)" as well as a colour.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import HighlightItem
from widgets.items.base import ItemWidget
from widgets.style import classed

MARK = "✓ "


class HighlightWidget(ItemWidget[HighlightItem]):
    """Tap the sentences of the note that are cues."""

    instruction = "Tap each part of the note you would select. Tap again to unselect."

    def build(self) -> ipw.Widget:
        self.texts = {s.id: s.text for s in self.item.segments}
        self.toggles: list[ipw.ToggleButton] = []
        for segment in self.order:
            toggle = classed(
                ipw.ToggleButton(value=False, description=self.texts[segment], tooltip="Tap to select"), "cq-segment"
            )
            toggle.observe(self._toggled, names="value")
            self.toggles.append(toggle)
        return classed(ipw.HBox(self.toggles, layout=ipw.Layout(flex_flow="row wrap", width="100%")), "cq-note")

    def _toggled(self, change: dict[str, Any]) -> None:
        self._mark()
        self.changed()

    def _mark(self) -> None:
        with self.quiet():
            for segment, toggle in zip(self.order, self.toggles):
                text = self.texts[segment]
                toggle.description = MARK + text if toggle.value else text
                toggle.tooltip = "Selected: tap to unselect" if toggle.value else "Tap to select"

    def response(self) -> Any:
        chosen = [segment for segment, toggle in zip(self.order, self.toggles) if toggle.value]
        return chosen or None

    def _show(self, response: Any) -> None:
        chosen = set(response or [])
        for segment, toggle in zip(self.order, self.toggles):
            toggle.value = segment in chosen
        self._mark()

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield from self.toggles
