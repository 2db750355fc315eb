"""Drop-down rationale: "do X because of Y"; the point needs both parts right."""

from __future__ import annotations

from widgets.items.sentence import SentenceWidget


class DropdownRationaleWidget(SentenceWidget):
    """Choose the action and the reason for it."""

    instruction = "Choose the action and the reason. The point counts only when both are right."
