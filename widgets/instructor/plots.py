"""The dashboard's plots as inline PNG (matplotlib's Agg canvas: no display, no internet).

Only the instructor's kernel imports this module. It uses matplotlib's object API
(``Figure`` + ``FigureCanvasAgg``), so it neither selects nor changes pyplot's backend.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from quizbank.analytics import Bin
from quizbank.services.reports import ItemRow
from widgets.html import esc

BLUE, RED, AMBER, GREY = "#1a5fb4", "#b3261e", "#8a6d00", "#777777"
LOW_FACILITY, MID_FACILITY = 0.5, 0.75


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def histogram_png(bins: Sequence[Bin]) -> bytes:
    """Bar chart of how many learners scored in each percentage band."""
    figure = Figure(figsize=(5.2, 3.0), layout="constrained")
    axes = figure.add_subplot()
    lows = [b.low for b in bins]
    widths = [b.high - b.low for b in bins]
    counts = [b.count for b in bins]
    axes.bar(lows, counts, width=widths, align="edge", color=BLUE, edgecolor="white")
    axes.set_xlim(0, 100)
    axes.set_xlabel("Score (%)")
    axes.set_ylabel("Learners")
    axes.set_title("Score distribution (learners with every item scored)", fontsize=10)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max([*counts, 1]) * 1.15)
    for low, width, count in zip(lows, widths, counts, strict=True):
        if count:
            axes.text(low + width / 2, count, str(count), ha="center", va="bottom", fontsize=8)
    return _png(figure)


def _colour(facility: float | None) -> str:
    if facility is None:
        return GREY
    return RED if facility < LOW_FACILITY else AMBER if facility < MID_FACILITY else BLUE


def facility_png(items: Sequence[ItemRow]) -> bytes:
    """Horizontal bars: the share of points the class earned on each item (Q1 at the top)."""
    height = max(2.2, 0.32 * len(items) + 1.1)
    figure = Figure(figsize=(5.2, height), layout="constrained")
    axes = figure.add_subplot()
    labels = [f"Q{i.number}" for i in items]
    values = [100.0 * (i.facility or 0.0) for i in items]
    colours = [_colour(i.facility) for i in items]
    positions = list(range(len(items)))
    axes.barh(positions, values, color=colours)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 112)
    axes.set_xlabel("Facility: % of the item's points earned")
    axes.set_title("Per-item facility", fontsize=10)
    for position, item, value in zip(positions, items, values, strict=True):
        text = "no scores yet" if item.facility is None else f"{value:.0f}%"
        axes.text(value + 1, position, text, va="center", fontsize=7)
    return _png(figure)


def img_html(png: bytes, alt: str, css_class: str = "cq-plot") -> str:
    """An <img> holding the PNG as a data: URI (no request to any server), with escaped alt text."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img class="{esc(css_class)}" alt="{esc(alt)}" src="data:image/png;base64,{data}">'


def answers_png(labels: Sequence[str], counts: Sequence[int], right: Sequence[bool]) -> bytes:
    """Bar chart of how many learners gave each answer; right answers in blue only when `right` says so."""
    figure = Figure(figsize=(5.6, 0.5 + 0.45 * max(len(labels), 1)), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, counts, color=[BLUE if r else GREY for r in right])
    axes.set_yticks(positions, [label[:40] for label in labels], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, max([1, *counts]))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("Learners")
    return _png(figure)
