"""True or false: two radio buttons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.models import TrueFalseItem
from widgets.items.base import ItemWidget
from widgets.items.option_lists import radio_list

CHOICES = (True, False)


class TrueFalseWidget(ItemWidget[TrueFalseItem]):
    """Decide whether the statement is true."""

    instruction = "Is this statement true or false?"

    def build(self) -> ipw.Widget:
        self.radio = radio_list(["True", "False"])
        self.radio.observe(self.changed, names="value")
        return self.radio

    def response(self) -> Any:
        position = self.radio.value
        return None if position is None else CHOICES[position]

    def _show(self, response: Any) -> None:
        self.radio.value = None if response is None else CHOICES.index(response)

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield self.radio
