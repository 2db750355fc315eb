"""Every item type the core registers has exactly one widget class."""

from quizbank.items import ITEM_TYPES
from widgets.items import WIDGETS, ItemWidget


def test_every_registered_type_has_a_widget():
    assert set(WIDGETS) == set(ITEM_TYPES)
    assert all(issubclass(widget, ItemWidget) for widget in WIDGETS.values())
