"""Escaping helpers: every bank or learner text goes through these before it becomes HTML.

`ipw.HTML` puts its value into the page as raw HTML, so nothing from the bank may reach
it unescaped. Build HTML only with these functions; they escape every text argument.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def esc(text: object) -> str:
    """`text` as HTML-safe text (quotes escaped too)."""
    return html.escape(str(text), quote=True)


def tag(name: str, text: object, cls: str = "") -> str:
    """One element around escaped `text`, e.g. tag("p", stem, "cq-stem")."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<{name}{attr}>{esc(text)}</{name}>"


def raw_tag(name: str, inner_html: str, cls: str = "") -> str:
    """One element around HTML built by these helpers (never around bank text itself)."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<{name}{attr}>{inner_html}</{name}>"


NO_TYPESETTING = "mathjax_ignore tex2jax_ignore"  # MathJax's own classes for text it must leave alone


def untypeset(text: object) -> str:
    """`text` escaped, in a span the page's MathJax skips: for labels ipywidgets typesets (Checkbox
    descriptions), so bank text such as ``$\\href{...}{...}$`` stays the text it is.

    ``$`` and ``\\`` go in as character references too: ipywidgets' HTML-label sanitizer lifts out
    what looks like math (``$...$``, ``\\(...\\)``) and escapes it once more, which would show
    ``&lt;`` for a ``<`` inside it."""
    safe = esc(text).replace("$", "&#36;").replace("\\", "&#92;")
    return f'<span class="{NO_TYPESETTING}">{safe}</span>'


def bullet_list(texts: Iterable[object], cls: str = "") -> str:
    """A <ul> with one escaped <li> per text."""
    return raw_tag("ul", "".join(tag("li", t) for t in texts), cls)


def points(value: float) -> str:
    """Points for people: 1, 0.75, 2.5 (no trailing zeros)."""
    return f"{round(value, 2):g}"


def plural(count: float, word: str) -> str:
    """'1 point', '2.5 points'."""
    return f"{points(count)} {word}{'' if count == 1 else 's'}"
