"""What every item widget has in common.

An item widget shows one item's choices and turns what the learner clicks into a
response in the bank's terms (option ids, blank texts). The browser sees only the
texts on screen and positions: option ids and the key stay in Python. The widget
never decides what counts: it reports changes through `on_change`, and the runner
passes them to the Attempt, which may refuse (then the runner calls `show` with the
recorded response, undoing whatever the browser sent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, TypeVar

import ipywidgets as ipw

from quizbank.models import Item
from widgets.html import tag
from widgets.style import classed

ItemT = TypeVar("ItemT", bound=Item)
PartOrder = Callable[[str], list[str]]


class ItemWidget(Generic[ItemT]):
    """Base class: `box` is the displayable; subclasses build `controls` and map responses."""

    instruction: ClassVar[str] = ""

    def __init__(self, item: ItemT, order: list[str], part_order: PartOrder) -> None:
        self.item = item
        self.order = list(order)
        self.part_order = part_order
        self.on_change: Callable[[Any], None] = lambda response: None
        self._quiet = False
        self.locked = False
        self.message = ipw.Label("")
        classed(self.message, "cq-status")
        controls = self.build()
        self.box = ipw.VBox(
            [
                ipw.HTML(self.stem_html()),
                ipw.HTML(tag("p", self.instruction_text(), "cq-instruction")),
                controls,
                self.message,
            ],
            layout=ipw.Layout(width="100%"),
        )

    # -- for subclasses --------------------------------------------------------------

    def build(self) -> ipw.Widget:
        """Create the controls (called once)."""
        raise NotImplementedError

    def response(self) -> Any:
        """The learner's current answer in the bank's terms, or None when nothing is chosen."""
        raise NotImplementedError

    def _show(self, response: Any) -> None:
        """Set the controls to `response` (already quiet)."""
        raise NotImplementedError

    def controls(self) -> Iterator[ipw.DOMWidget]:
        """Every control the learner can change (to disable them)."""
        raise NotImplementedError

    def initial_response(self) -> Any:
        """An answer the screen already shows before any click (only ordering has one)."""
        return None

    def stem_html(self) -> str:
        return tag("p", self.item.stem, "cq-stem")

    def instruction_text(self) -> str:
        return self.instruction

    # -- for the runner --------------------------------------------------------------

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Change controls from Python without reporting it as a learner's change."""
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    def show(self, response: Any) -> None:
        """Put the controls back to `response` (the Attempt's record)."""
        with self.quiet():
            self._show(response)

    def lock(self) -> None:
        """Disable every control; later changes from the browser are undone by the runner."""
        self.locked = True
        for control in self.controls():
            control.disabled = True

    def changed(self, *_: Any) -> None:
        """Observer for every control: report the new response unless Python made the change."""
        if self._quiet:
            return
        self.message.value = ""
        self.on_change(self.response())

    def say(self, text: str) -> None:
        """Show a short note under the controls (plain text)."""
        self.message.value = text
