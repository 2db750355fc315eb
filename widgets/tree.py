"""Closing a screen that is left for good: its widgets stop existing in the kernel, so the
browser can no longer send them anything (a forged click on a hidden button reaches nothing)."""

from __future__ import annotations

import ipywidgets as ipw


def close_tree(widget: ipw.Widget | None) -> None:
    """Close `widget` and every widget inside it (boxes' children, recursively)."""
    if widget is None:
        return
    stack = [widget]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        stack.extend(getattr(current, "children", ()) or ())
        current.close()
