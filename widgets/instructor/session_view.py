"""One class session on the instructor's screen: the join code, live progress, statistics,
plots, the most-missed items, per-learner results and the CSV export.

Reads the records only through quizbank.services.classes (``session_records``,
``export_csv``, ``close_session``) with the instructor key, which stays in this kernel:
it is never put into a widget except as the reopen link's address.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import ipywidgets as ipw

from quizbank.class_settings import FEEDBACK_MODES, MODES, ClassSettings
from quizbank.loader import Bank
from quizbank.services.classes import close_session, export_csv, session_records
from quizbank.services.records_access import Records, RecordsError
from quizbank.services.reports import build_case_report, build_report
from quizbank.services.reports import fingerprint as rows_fingerprint
from widgets.guard import guarded
from widgets.html import esc, raw_tag, tag
from widgets.instructor import plots, render
from widgets.instructor.live import DEFAULT_INTERVAL_S, DEFAULT_QUIET_STOP_S, Poller
from widgets.instructor.projector import ProjectorView
from widgets.instructor.style import show
from widgets.style import classed

log = logging.getLogger("clinquiz.dashboard")


def reopen_query(code: str, key: str) -> str:
    """The query string that reopens this session in the dashboard (``?code=…&key=…``)."""
    return "?" + urlencode({"code": code, "key": key})


def csv_link(csv_text: str, code: str, when: float) -> str:
    """A download link holding the CSV as a data: URI (UTF-8 with a BOM, so spreadsheets read names right)."""
    data = base64.b64encode(("\ufeff" + csv_text).encode("utf-8")).decode("ascii")
    stamp = time.strftime("%Y%m%d-%H%M", time.localtime(when))
    rows = max(0, csv_text.count("\n") - 1)
    filename = f"clinquiz-{code}-{stamp}.csv"
    label = f"Download {filename} ({rows} rows, as of {time.strftime('%H:%M:%S', time.localtime(when))})"
    return f'<a download="{esc(filename)}" href="data:text/csv;charset=utf-8;base64,{data}">{esc(label)}</a>'


def _section(title: str, body: ipw.DOMWidget) -> ipw.VBox:
    return classed(ipw.VBox([ipw.HTML(tag("h2", title)), body], layout=ipw.Layout(width="100%")), "cq-section")


class SessionView:
    """The live view of one session; `refresh()` re-reads the store and redraws what changed."""

    def __init__(
        self,
        store: Records,
        bank: Bank,
        code: str,
        key: str,
        settings: ClassSettings,
        *,
        student_url: str = "",
        interval_s: float = DEFAULT_INTERVAL_S,
        quiet_stop_s: float = DEFAULT_QUIET_STOP_S,
        on_leave: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store, self.bank, self.code, self._key, self.settings = store, bank, code, key, settings
        self.clock = clock
        self.on_leave = on_leave
        self._lock = threading.RLock()
        self._fingerprint: str | None = None
        self.refreshes = 0
        self._pause_reason: str | None = None
        self._checked_at = "–"
        self.redraws = 0
        self.join = ipw.HTML(self._join_html(student_url))
        self.head = ipw.HTML("")
        self.live = classed(ipw.HTML(""), "cq-live")
        self.refresh_button = ipw.Button(description="Refresh now")
        self.pause_button = ipw.Button(description="Pause live updates")
        self.projector = ipw.ToggleButton(value=False, description="Projector view")
        self.projector_tip = classed(
            ipw.HTML(
                tag(
                    "p",
                    "Projecting: press F11 (full screen) so the browser's address bar, which may hold the token or "
                    "the instructor key, is not on the screen.",
                    "cq-muted",
                )
            ),
            "cq-tip",
        )
        self.csv_button = ipw.Button(description="Export results (CSV)")
        self.close_button = ipw.Button(description="Close session…")
        self.confirm_close = ipw.Button(description="Yes, close it: nobody can join or answer", button_style="danger")
        self.leave_button = ipw.Button(description="← Sessions")
        self.download = classed(ipw.HTML(""), "cq-download")
        self.message = classed(ipw.Label(""), "cq-status")
        self.reopen = ipw.HTML(self._reopen_html())
        self.progress = ipw.HTML("")
        self.plots = ipw.HTML("")
        self.missed = ipw.HTML("")
        self.items = ipw.HTML("")
        self.students = ipw.HTML("")
        self.case = ipw.HTML("")
        self.refresh_button.on_click(self._refresh_clicked)
        self.pause_button.on_click(self._pause_clicked)
        self.projector.observe(self._projector_changed, names="value")
        self.csv_button.on_click(self._export)
        self.close_button.on_click(self._ask_close)
        self.confirm_close.on_click(self._close)
        self.leave_button.on_click(self._leave)
        show(self.confirm_close, False)
        controls = classed(
            ipw.HBox(
                [
                    self.refresh_button,
                    self.pause_button,
                    self.projector,
                    self.csv_button,
                    self.close_button,
                    self.confirm_close,
                    self.leave_button,
                ]
            ),
            "cq-row",
        )
        self.students_section = _section("Learners", self.students)
        if settings.kind == "case":
            body = [_section("Case progress", self.case), self.students_section]
            show(self.students_section, False)
        else:
            body = [
                self.progress,
                self.plots,
                _section("Most-missed items to discuss", self.missed),
                _section("Item statistics", self.items),
                self.students_section,
            ]
        show(self.projector_tip, False)
        self.projector_view = ProjectorView(code)
        self.projecting = False  # decided here; while on, nothing with a key or a name is in a widget
        self.box = ipw.VBox(
            [
                self.join,
                self.head,
                self.live,
                controls,
                self.projector_tip,
                self.download,
                self.message,
                *body,
                self.reopen,
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.full_view = tuple(self.box.children)
        self.poller = Poller(self._tick, interval_s=interval_s, quiet_stop_s=quiet_stop_s, on_pause=self._paused)

    # -- static parts ------------------------------------------------------------------

    def _join_html(self, student_url: str) -> str:
        where = (
            raw_tag("p", esc("Students open ") + tag("b", student_url) + esc(" and type the code"), "cq-join-where")
            if student_url
            else ""
        )
        return raw_tag(
            "div", tag("p", "Join code", "cq-join-label") + tag("div", self.code, "cq-join-code") + where, "cq-join"
        )

    def _reopen_html(self) -> str:
        link = f'<a href="{esc(reopen_query(self.code, self._key))}">reopen link</a>'
        return tag("h3", "Coming back later") + raw_tag(
            "p",
            esc("Bookmark this ")
            + link
            + esc(
                " to open this session again. It holds the instructor key: "
                "keep it to yourself, do not project or share it."
            ),
            "cq-muted",
        )

    def _head_html(self, closed: bool) -> str:
        s = self.settings
        what = (
            f"Case: {self.bank.cases[s.case_id].title}"
            if s.kind == "case" and s.case_id in self.bank.cases
            else f"{len(s.item_ids)} questions"
        )
        limit = "no time limit" if s.time_limit_s is None else f"time limit {s.time_limit_s / 60:g} min"
        badge = tag("span", "closed" if closed else "open", f"cq-badge cq-badge-{'closed' if closed else 'open'}")
        parts = [
            tag("h1", s.title or "Class session"),
            badge,
            tag(
                "span",
                f"{what} · {MODES[s.mode].split(':')[0]} · feedback: {FEEDBACK_MODES[s.feedback].lower()} · {limit}",
            ),
        ]
        return raw_tag("div", "".join(parts), "cq-session-head")

    # -- refreshing ----------------------------------------------------------------------

    def start(self) -> None:
        """Draw now and start live updates."""
        self.refresh(force=True)
        self.poller.start()
        self._show_running(True)

    def stop(self) -> None:
        """Stop live updates (and wait for the thread)."""
        self.poller.stop()

    def _tick(self) -> bool:
        return self.refresh()

    def refresh(self, force: bool = False) -> bool:
        """Re-read the session; redraw when anything changed (or `force`). Returns True when it changed."""
        with self._lock:
            self.refreshes += 1
            is_case = self.settings.kind == "case"
            read = session_records(self.store, self.code, self._key, with_cases=is_case)
            rows, closed = read.rows, read.closed
            if is_case:
                case = self.bank.cases.get(self.settings.case_id or "")
                choices = read.case_choices
                report: Any = build_case_report(case, choices, rows) if case is not None else None
                fingerprint = (report.fingerprint if report else "none") + str(closed)
            else:
                report = None  # built only when something changed
                fingerprint = rows_fingerprint(rows) + str(closed)
            changed = fingerprint != self._fingerprint
            if changed or force:
                self._fingerprint = fingerprint
                if report is None:
                    report = build_report(rows, self.bank, self.settings.item_ids)
                self._draw(report, closed)
            self._checked_at = time.strftime("%H:%M:%S", time.localtime(self.clock()))
            self._show_live()
            return changed

    def _show_live(self) -> None:
        if self._pause_reason is None:
            text = f"● Live: checked at {self._checked_at}, every {self.poller.interval_s:g} s"
        else:
            text = f"❚❚ Live updates paused ({self._pause_reason}). Last checked at {self._checked_at}."
        self.live.value = esc(text)

    def _draw(self, report: Any, closed: bool) -> None:
        self.redraws += 1
        if self.projecting:
            if report is not None and self.settings.kind != "case":
                self.projector_view.update(report, closed)
            return
        self.head.value = self._head_html(closed)
        show(self.close_button, not closed)
        if self.settings.kind == "case":
            self.case.value = render.case_html(report) if report else tag("p", "This case is no longer in the bank.")
            return
        self.progress.value = render.progress_html(report, len(report.items))
        self.plots.value = raw_tag(
            "div",
            plots.img_html(
                plots.histogram_png(report.distribution),
                f"Score distribution: {', '.join(f'{b.low:.0f}-{b.high:.0f}%: {b.count}' for b in report.distribution)}",
            )
            + plots.img_html(
                plots.facility_png(report.items),
                "Per-item facility: " + ", ".join(f"Q{i.number} {render.percent(i.facility)}" for i in report.items),
            ),
            "cq-plots",
        )
        self.missed.value = render.missed_html(report.most_missed)
        self.items.value = render.items_html(report)
        self.students.value = render.students_html(report)

    # -- controls ---------------------------------------------------------------------------

    def show_error(self) -> None:
        self.message.value = "Something went wrong; see the server log."

    def _show_running(self, running: bool) -> None:
        self.pause_button.description = "Pause live updates" if running else "Resume live updates"

    def _paused(self, reason: str) -> None:
        with self._lock:
            self._pause_reason = reason
            self._show_running(False)
            self._show_live()

    @guarded()
    def _refresh_clicked(self, _button: Any = None) -> None:
        try:
            self.refresh(force=True)
            self.message.value = ""
        except RecordsError as exc:
            self.message.value = str(exc)

    @guarded()
    def _pause_clicked(self, _button: Any = None) -> None:
        if self.poller.running:
            self.poller.stop()
            self._paused("paused by you")
        else:
            self._pause_reason = None
            self.poller.start()
            self._show_running(True)
            self.refresh(force=True)

    @guarded()
    def _projector_changed(self, change: dict[str, Any]) -> None:
        hide = bool(change["new"])
        self.projecting = hide
        self.projector.description = "Leave projector view" if hide else "Projector view"
        show(self.projector_tip, hide)
        if hide:  # empty every part that holds a key, a rationale, a name or the instructor key
            for part in (self.missed, self.items, self.students, self.case, self.reopen, self.download, self.plots):
                part.value = ""
            self.box.children = (self.projector_view.box, self.projector, self.projector_tip)
        else:
            self.reopen.value = self._reopen_html()
            self.box.children = self.full_view
        self.refresh(force=True)

    @guarded()
    def _export(self, _button: Any = None) -> None:
        when = self.clock()
        self.download.value = csv_link(export_csv(self.store, self.code, self._key), self.code, when)

    @guarded()
    def _ask_close(self, _button: Any = None) -> None:
        show(self.confirm_close, True)

    @guarded()
    def _close(self, _button: Any = None) -> None:
        close_session(self.store, self.code, self._key)
        show(self.confirm_close, False)
        self.refresh(force=True)
        self.message.value = "The session is closed: nobody can join or answer; learners can still submit."

    @guarded()
    def _leave(self, _button: Any = None) -> None:
        self.stop()
        if self.on_leave is not None:
            self.on_leave()
