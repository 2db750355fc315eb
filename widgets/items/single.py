"""Single best answer: one radio button per option, in the attempt's shuffled order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import SingleItem
from widgets.items.base import ItemWidget
from widgets.items.option_lists import radio_list


class SingleWidget(ItemWidget[SingleItem]):
    """Choose one answer."""

    instruction = "Choose one answer."

    def build(self) -> ipw.Widget:
        texts = {o.id: o.text for o in self.item.options}
        self.radio = radio_list([texts[option] for option in self.order])
        self.radio.observe(self.changed, names="value")
        return self.radio

    def response(self) -> Any:
        position = self.radio.value
        return None if position is None else self.order[position]

    def _show(self, response: Any) -> None:
        self.radio.value = None if response is None else self.order.index(response)

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield self.radio
