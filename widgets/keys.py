"""Enter in a text field does what its form's button does.

ipywidgets' text box sends a ``{"event": "submit"}`` message when Enter is pressed (after the value
it holds); `on_enter` listens for that message instead of the deprecated ``Text.on_submit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as ipw


def on_enter(fields: ipw.Text | list[ipw.Text], action: Callable[[], Any]) -> None:
    """Run `action` (the form's button handler, already guarded) when Enter is pressed in any of `fields`."""

    def handle(_widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            action()

    for field in fields if isinstance(fields, list) else [fields]:
        field.on_msg(handle)
