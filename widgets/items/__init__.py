"""One widget class per item type, and `item_widget` to build the right one."""

from __future__ import annotations

from quizbank.models import Item
from widgets.items.base import ItemWidget, PartOrder
from widgets.items.bowtie import BowtieWidget
from widgets.items.cloze import ClozeWidget
from widgets.items.dropdown_rationale import DropdownRationaleWidget
from widgets.items.highlight import HighlightWidget
from widgets.items.matrix import MatrixWidget
from widgets.items.ordering import OrderingWidget
from widgets.items.select_all import SelectAllWidget
from widgets.items.select_n import SelectNWidget
from widgets.items.single import SingleWidget
from widgets.items.true_false import TrueFalseWidget

WIDGETS: dict[str, type[ItemWidget]] = {
    "single": SingleWidget,
    "true_false": TrueFalseWidget,
    "select_all": SelectAllWidget,
    "select_n": SelectNWidget,
    "matrix": MatrixWidget,
    "cloze": ClozeWidget,
    "dropdown_rationale": DropdownRationaleWidget,
    "ordering": OrderingWidget,
    "highlight": HighlightWidget,
    "bowtie": BowtieWidget,
}


def item_widget(item: Item, order: list[str], part_order: PartOrder) -> ItemWidget:
    """The widget for `item`, showing options in `order` and inner choices in `part_order(part)`."""
    return WIDGETS[item.type](item, order, part_order)


__all__ = ["WIDGETS", "ItemWidget", "item_widget"]
