"""The projector view of a session: safe to put on the wall during an exam.

It shows the join code, how many joined, are answering and have submitted, and, for the
item the instructor picks, how the class answered. Names are never in it; the key of an
item is put into a widget only once the instructor reveals that item (or the session is
closed): until then nothing on the page, or sent to it, says which answer is right.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from quizbank.services.reports import ClassReport, ItemRow
from widgets.guard import guarded
from widgets.html import plural, tag
from widgets.instructor import plots
from widgets.instructor.render import short
from widgets.style import classed


class ProjectorView:
    """Join code, counts, one chosen item's answer distribution, and a reveal per item."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.revealed: set[str] = set()  # decided here: the page cannot reveal an item
        self.closed = False
        self.report: ClassReport | None = None
        self.join = ipw.HTML(tag("h2", "Join code") + tag("p", code, "cq-join-code"))
        self.counts = classed(ipw.HTML(""), "cq-live")
        self.pick = ipw.Dropdown(options=[("Choose an item to discuss", "")], value="", description="Item")
        self.reveal_button = ipw.Button(description="Reveal the answer to this item", disabled=True)
        self.chosen = ipw.HTML("")
        self.pick.observe(self._picked, names="value")
        self.reveal_button.on_click(self._reveal)
        self.box = classed(
            ipw.VBox(
                [self.join, self.counts, ipw.HBox([self.pick, self.reveal_button]), self.chosen],
                layout=ipw.Layout(width="100%"),
            ),
            "cq-projector",
        )

    def update(self, report: ClassReport, closed: bool) -> None:
        """Redraw from a fresh report (counts, the item list, the chosen item)."""
        self.report, self.closed = report, closed
        self.counts.value = tag(
            "p",
            f"Joined: {report.joined} · Answering: {report.answering} · Submitted: {report.submitted}",
            "cq-stem",
        )
        options = [("Choose an item to discuss", "")] + [
            (f"Q{row.number}: {short(row.stem, 60)}", row.item_id) for row in report.items
        ]
        if list(self.pick.options) != options:
            current = self.pick.value
            self.pick.options = options
            self.pick.value = current if current in {v for _, v in options} else ""
        self._draw()

    def _row(self, item_id: str) -> ItemRow | None:
        if self.report is None:
            return None
        return next((row for row in self.report.items if row.item_id == item_id), None)

    def _draw(self) -> None:
        row = self._row(self.pick.value)
        self.reveal_button.disabled = row is None or self.closed or row.item_id in self.revealed
        if row is None:
            self.chosen.value = ""
            return
        shown = self.closed or row.item_id in self.revealed
        labels = [o.label for o in row.options]
        counts = [o.count for o in row.options]
        right = [o.correct and shown for o in row.options]
        alt = "How the class answered: " + ", ".join(f"{label}: {count}" for label, count in zip(labels, counts))
        body = (
            tag("h3", f"Q{row.number}")
            + tag("p", row.stem, "cq-stem")
            + tag("p", f"{plural(row.answered, 'learner')} answered.", "cq-muted")
            + plots.img_html(plots.answers_png(labels, counts, right), alt)
        )
        if shown:
            body += tag("h3", "The answer") + "".join(tag("p", line) for line in row.key)
            body += tag("h3", "Why") + tag("p", row.rationale)
        else:
            body += tag("p", "The answer stays hidden until you reveal it.", "cq-muted")
        self.chosen.value = body

    @guarded()
    def _picked(self, _change: Any = None) -> None:
        self._draw()

    @guarded()
    def _reveal(self, _button: Any = None) -> None:
        row = self._row(self.pick.value)
        if row is not None:  # only an item of this session, as offered
            self.revealed.add(row.item_id)
        self._draw()
