"""Progress per learning objective as a bar chart in plain HTML and CSS (no plotting library in the kernel).

Each row says its numbers in words too, so the bars are never the only sign; every text
from the bank is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as ipw

from quizbank.refresher import ObjectiveProgress
from widgets.html import esc, raw_tag, tag


def short_name(objective_id: str) -> str:
    """'injection-sites' -> 'Injection sites'."""
    words = objective_id.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def row_words(row: ObjectiveProgress) -> str:
    """'2 of 3 right at your last try · 1 due today'."""
    if not row.seen:
        return "Not asked yet"
    words = f"{row.right} of {row.seen} right at your last try"
    if row.due:
        words += f" · {row.due} due today"
    return words


def progress_html(rows: Sequence[ObjectiveProgress]) -> str:
    """The chart: one labelled bar per objective (width = share right at the last try)."""
    parts = []
    for row in rows:
        percent = round(100 * row.fraction)
        bar = f'<div class="cq-bar" aria-hidden="true"><div class="cq-bar-fill" style="width:{percent}%"></div></div>'
        label = f'<div class="cq-progress-label" title="{esc(row.text)}">{esc(short_name(row.objective_id))}</div>'
        parts.append(raw_tag("li", label + bar + tag("div", row_words(row), "cq-progress-words"), "cq-progress-row"))
    return (
        tag("h2", "Your progress by learning objective")
        + tag(
            "p",
            "Bars show the share of each objective's questions you got fully right the last time you met them.",
            "cq-muted",
        )
        + raw_tag("ul", "".join(parts), "cq-progress")
    )


def progress_widget(rows: Sequence[ObjectiveProgress]) -> ipw.HTML:
    return ipw.HTML(progress_html(rows), layout=ipw.Layout(width="100%"))
