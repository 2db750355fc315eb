"""Select all that apply: one checkbox per option, in the attempt's shuffled order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import SelectAllItem, SelectNItem
from widgets.items.base import ItemWidget
from widgets.items.option_lists import checkbox_list, ticked


class CheckboxesWidget(ItemWidget[SelectAllItem | SelectNItem]):
    """Tick options; the response lists the ticked option ids (None when none is ticked)."""

    def build(self) -> ipw.Widget:
        texts = {o.id: o.text for o in self.item.options}
        self.boxes = checkbox_list([texts[option] for option in self.order])
        for box in self.boxes:
            box.observe(self.changed, names="value")
        return ipw.VBox(self.boxes, layout=ipw.Layout(width="100%"))

    def response(self) -> Any:
        chosen = [self.order[i] for i in ticked(self.boxes)]
        return chosen or None

    def _show(self, response: Any) -> None:
        chosen = set(response or [])
        for option, box in zip(self.order, self.boxes):
            box.value = option in chosen

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield from self.boxes


class SelectAllWidget(CheckboxesWidget):
    """Select every option that applies."""

    instruction = "Select all that apply."
