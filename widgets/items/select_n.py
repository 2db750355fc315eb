"""Select N: checkboxes, and no more than N may be ticked."""

from __future__ import annotations

from typing import Any

from quizbank.models import SelectNItem
from widgets.items.select_all import CheckboxesWidget


class SelectNWidget(CheckboxesWidget):
    """Tick exactly n options; a tick beyond n is undone with a note."""

    item: SelectNItem

    def instruction_text(self) -> str:
        return f"Choose {self.item.n}."

    def changed(self, *args: Any) -> None:
        if not self._quiet and sum(box.value for box in self.boxes) > self.item.n:
            # Friendly check here; the Attempt refuses more than n picks anyway.
            self.on_change(self.response())
            self.say(f"You can choose {self.item.n}. Untick one first to change your choice.")
            return
        super().changed(*args)
