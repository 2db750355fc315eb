"""The patient's chart: the patient, then one tab per part of the chart (History, Nurses' notes,
Vital signs, Medications, Labs).

Built from `CasePlay.chart` only, so it holds what the case has revealed so far and nothing
of the steps ahead. Entries the current step added say "New" (or "Updated" when they
replace an earlier entry) in words, and each tab's title counts them; the first tab with
something new is opened.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as ipw

from quizbank.case_chart import ChartRow, ChartView
from quizbank.cases import CHART_TABS, Case, Patient
from widgets.html import raw_tag, tag
from widgets.style import classed

EMPTY = "Nothing recorded yet."


def patient_line(patient: Patient) -> str:
    """'Ingrid Halvorsen (fictional), 52, female · Rheumatology clinic ...' (plain text)."""
    return f"{patient.name}, {patient.age}, {patient.sex} · {patient.setting}"


def earlier_ids(case: Case, path: Iterable[str], tab: str) -> set[str]:
    """Ids of `tab`'s entries before the step now shown: the initial chart and earlier steps' updates."""
    steps = list(path)[:-1]
    ids = {e.id for e in getattr(case.chart, tab)}
    for step_id in steps:
        update = case.step(step_id).chart_update
        if update is not None:
            ids |= {e.id for e in getattr(update, tab)}
    return ids


def row_html(row: ChartRow, updated: bool) -> str:
    """One entry: its 'New'/'Updated' mark in words, its time, its text (all escaped)."""
    parts: list[str] = []
    if row.new:
        parts.append(tag("span", "Updated" if updated else "New", "cq-badge"))
    if row.time:
        parts.append(tag("span", row.time, "cq-time"))
    parts.append(tag("span", row.text))
    # Real spaces between the parts: "New 09:15 Intake ..." when copied, searched or read aloud.
    return raw_tag("li", " ".join(parts), "cq-chart-row cq-chart-new" if row.new else "cq-chart-row")


def tab_html(rows: tuple[ChartRow, ...], earlier: set[str]) -> str:
    if not rows:
        return tag("p", EMPTY, "cq-muted")
    return raw_tag("ul", "".join(row_html(r, r.id in earlier) for r in rows), "cq-chart-rows")


def tab_title(title: str, new: int) -> str:
    return f"{title} · {new} new" if new else title


class ChartPanel:
    """The chart as a widget; `show` redraws it for the step now shown (or the end)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.heading = ipw.HTML(tag("h3", "Patient chart") + tag("p", patient_line(case.patient), "cq-muted"))
        self.pages = [ipw.HTML("", layout=ipw.Layout(width="100%")) for _ in CHART_TABS]
        self.tabs = classed(ipw.Tab(children=self.pages, layout=ipw.Layout(width="100%")), "cq-chart-tabs")
        self.box = classed(ipw.VBox([self.heading, self.tabs], layout=ipw.Layout(width="100%")), "cq-chart")

    def show(self, view: ChartView, path: Iterable[str]) -> list[str]:
        """Draw `view` and open the first tab with something new; `path` (the play's path) tells new
        entries from updated ones. Returns what is new, e.g. ["Nurses' notes (1 new entry)"]."""
        path = list(path)
        titles, first_new, changed = [], None, []
        for index, (tab, title, rows) in enumerate(view.tabs()):
            new = sum(1 for r in rows if r.new)
            earlier = earlier_ids(self.case, path, tab) if new else set()
            self.pages[index].value = tab_html(rows, earlier)
            titles.append(tab_title(title, new))
            if new:
                changed.append(f"{title} ({new} new {'entry' if new == 1 else 'entries'})")
                if first_new is None:
                    first_new = index
        self.tabs.titles = tuple(titles)
        if first_new is not None:
            self.tabs.selected_index = first_new
        elif self.tabs.selected_index is None:
            self.tabs.selected_index = 0
        return changed
