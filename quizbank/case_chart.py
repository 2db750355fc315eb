"""The chart of a case as it stands at one point of the play: rows per tab, and which are new.

`CasePlay.chart` (quizbank/case_session.py) builds it from the case's initial chart and the
updates of the steps reached so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from quizbank.cases import CHART_TABS, Case, Chart

TAB_TITLES: dict[str, str] = {
    "history": "History",
    "notes": "Nurses' notes",
    "vitals": "Vital signs",
    "medications": "Medications",
    "labs": "Labs",
}


@dataclass(frozen=True)
class ChartRow:
    """A chart entry as it stands. `step` is the step that added or last changed it (None: the
    initial chart); `new` is true when that is the step being shown now."""

    tab: str
    id: str
    text: str
    time: str | None = None
    step: str | None = None
    new: bool = False


@dataclass(frozen=True)
class ChartView:
    """The chart as it stands, one tuple of rows per tab."""

    history: tuple[ChartRow, ...] = ()
    notes: tuple[ChartRow, ...] = ()
    vitals: tuple[ChartRow, ...] = ()
    medications: tuple[ChartRow, ...] = ()
    labs: tuple[ChartRow, ...] = ()

    def rows(self, tab: str) -> tuple[ChartRow, ...]:
        if tab not in CHART_TABS:
            raise KeyError(tab)
        rows: tuple[ChartRow, ...] = getattr(self, tab)
        return rows

    def tabs(self) -> list[tuple[str, str, tuple[ChartRow, ...]]]:
        """(tab id, title, rows) for every tab, in chart order."""
        return [(tab, TAB_TITLES[tab], self.rows(tab)) for tab in CHART_TABS]

    @property
    def new(self) -> tuple[ChartRow, ...]:
        """Rows added or changed by the step being shown now."""
        return tuple(row for tab in CHART_TABS for row in self.rows(tab) if row.new)


def chart_as_of(case: Case, steps_reached: Sequence[str], shown: str | None) -> ChartView:
    """The initial chart plus the updates of `steps_reached`, in order; rows of step `shown` are new."""
    rows: dict[str, list[ChartRow]] = {tab: [] for tab in CHART_TABS}

    def apply(chart: Chart, step_id: str | None) -> None:
        for tab in CHART_TABS:
            for entry in getattr(chart, tab):
                row = ChartRow(tab, entry.id, entry.text, entry.time, step_id)
                place = next((i for i, r in enumerate(rows[tab]) if r.id == entry.id), None)
                if place is None:
                    rows[tab].append(row)
                else:
                    rows[tab][place] = row

    apply(case.chart, None)
    for step_id in steps_reached:
        update = case.step(step_id).chart_update
        if update is not None:
            apply(update, step_id)
    rows = {tab: [replace(r, new=shown is not None and r.step == shown) for r in rows[tab]] for tab in CHART_TABS}
    return ChartView(**{tab: tuple(rows[tab]) for tab in CHART_TABS})
