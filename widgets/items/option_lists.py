"""Shared builders: a radio list (one choice) and a checkbox list (several choices).

Values inside the widgets are positions in the shown order, never option ids.
"""

from __future__ import annotations

import ipywidgets as ipw

from widgets.html import untypeset
from widgets.style import classed


def radio_list(labels: list[str], description: str = "") -> ipw.RadioButtons:
    """One choice among `labels`, nothing chosen at first; the values are positions."""
    radio = ipw.RadioButtons(
        options=[(label, index) for index, label in enumerate(labels)],
        index=None,
        description=description,
        layout=ipw.Layout(width="100%"),
    )
    return classed(radio, "cq-choice")


def checkbox_list(labels: list[str]) -> list[ipw.Checkbox]:
    """One unticked checkbox per label, the label clickable beside it.

    ipywidgets typesets a Checkbox's description with the page's MathJax (radio labels it does
    not), so the label goes in as escaped HTML inside a span MathJax skips (widgets.html.untypeset).
    """
    return [
        classed(
            ipw.Checkbox(
                value=False,
                description=untypeset(label),
                description_allow_html=True,
                tooltip=label,  # else the page's tooltip is the description's markup
                indent=False,
                layout=ipw.Layout(width="100%"),
            ),
            "cq-choice",
        )
        for label in labels
    ]


def ticked(boxes: list[ipw.Checkbox]) -> list[int]:
    """Positions of the ticked boxes."""
    return [index for index, box in enumerate(boxes) if box.value]
