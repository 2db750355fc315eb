"""Every string a widget tree holds: what the page could be sent (for tests that a secret is not)."""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as ipw


def strings(widget: ipw.Widget) -> Iterator[str]:
    """Every string value of every widget in the tree (what the page could be sent)."""
    stack, seen = [widget], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for name in current.keys:
            value = getattr(current, name, None)
            if isinstance(value, str):
                yield value
            elif isinstance(value, (tuple, list)):
                stack.extend(v for v in value if isinstance(v, ipw.Widget))
                yield from (v for v in value if isinstance(v, str))
            elif isinstance(value, ipw.Widget):
                stack.append(value)
