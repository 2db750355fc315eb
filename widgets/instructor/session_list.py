"""The dashboard's list of every class session, newest first: date, kind, mode, counts, open or closed;
each opens its live view (for a closed one, its report), shows its instructor key to copy, and closes
after a confirmation. Reads and writes through quizbank.services.classes only."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.class_settings import MODES
from quizbank.services.classes import ListedSession, close_session, session_list
from quizbank.services.records_access import Records, RecordsError
from quizbank.services.session_keys import SessionKeys
from widgets.guard import guarded
from widgets.html import esc, raw_tag, tag
from widgets.instructor.style import show
from widgets.start import field
from widgets.style import classed

# Runs in the page when pressed (ipywidgets HTML runs no <script>, but an inline handler runs on click).
COPY_JS = (
    "var i=document.querySelector('.cq-key-{code} input');if(!i)return;i.select();"
    "try{{navigator.clipboard.writeText(i.value);}}catch(e){{document.execCommand('copy');}}"
    "this.nextElementSibling.textContent='Copied.';"
)


def listing_words(listed: ListedSession) -> str:
    """One session's line: name, join code, date, kind, mode, counts (escaped HTML)."""
    s, settings = listed.session, listed.settings
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(s.created_at))
    kind = "case" if settings.kind == "case" else "quiz"
    mode = MODES.get(settings.mode, settings.mode).split(":")[0]
    state = "closed" if s.closed else "open"
    badge = tag("span", state, f"cq-badge cq-badge-{state}")
    return raw_tag(
        "div",
        tag("h3", settings.title or s.instructor_label or "Class session")
        + badge
        + tag("span", f"Code {s.code} · {when} · {kind} · {mode} · {s.joined} joined · {s.submitted} submitted"),
        "cq-session-head",
    )


class SessionRow:
    """One session of the list with its buttons."""

    def __init__(
        self,
        listed: ListedSession,
        store: Records,
        on_open: Callable[[str, str | None], object],
        on_change: Callable[[], None],
    ) -> None:
        self.listed, self.store, self.on_open, self.on_change = listed, store, on_open, on_change
        code = listed.session.code
        closed = listed.session.closed
        self.open_button = ipw.Button(description=f"Open {'report' if closed else 'live view'} of {code}")
        self.key_button = ipw.ToggleButton(value=False, description=f"Show instructor key of {code}")
        self.close_button = ipw.Button(description=f"Close {code}…")
        self.confirm = ipw.Button(description=f"Yes, close {code}: nobody can join or answer", button_style="danger")
        self.keep = ipw.Button(description="Keep it open")
        self.key_field = classed(
            field(ipw.Text(value=listed.key or "", description=f"Instructor key of {code}")),
            f"cq-key-{code.replace('-', '')}",
        )
        copy = COPY_JS.format(code=code.replace("-", ""))
        self.key_help = ipw.HTML(
            f'<button type="button" class="cq-copy" onclick="{esc(copy)}">Copy key</button>'
            '<span class="cq-muted" aria-live="polite"></span>'
            + tag("p", "Or select the key and press Ctrl+C. Keep it to yourself; do not project it.", "cq-muted")
        )
        self.key_box = ipw.VBox([self.key_field, self.key_help])
        self.open_button.on_click(self._open)
        self.key_button.observe(self._toggle_key, names="value")
        self.key_field.observe(self._keep_key, names="value")
        self.close_button.on_click(self._ask)
        self.confirm.on_click(self._close)
        self.keep.on_click(self._keep_open)
        for hidden in (self.key_box, self.confirm, self.keep):
            show(hidden, False)
        show(self.close_button, not closed)
        show(self.key_button, listed.key is not None)
        buttons = [self.open_button, self.key_button, self.close_button, self.confirm, self.keep]
        note = [] if listed.key else [ipw.HTML(tag("p", "Opens with the instructor key you saved for it.", "cq-muted"))]
        self.box = classed(
            ipw.VBox([ipw.HTML(listing_words(listed)), *note, classed(ipw.HBox(buttons), "cq-row"), self.key_box]),
            "cq-card",
            "cq-session-item",
        )

    def show_error(self) -> None:
        self.key_help.value = tag("p", "Something went wrong; see the server log.", "cq-status")

    @guarded()
    def _open(self, _button: Any = None) -> None:
        self.on_open(self.listed.session.code, self.listed.key)

    @guarded()
    def _toggle_key(self, change: dict[str, Any]) -> None:
        show(self.key_box, bool(change["new"]))
        self.key_button.description = (
            "Hide" if change["new"] else "Show"
        ) + f" instructor key of {self.listed.session.code}"

    @guarded()
    def _keep_key(self, change: dict[str, Any]) -> None:
        if change["new"] != (self.listed.key or ""):  # read-only: the page cannot change the key shown
            self.key_field.value = self.listed.key or ""

    @guarded()
    def _ask(self, _button: Any = None) -> None:
        show(self.confirm, True)
        show(self.keep, True)

    @guarded()
    def _keep_open(self, _button: Any = None) -> None:
        show(self.confirm, False)
        show(self.keep, False)

    @guarded()
    def _close(self, _button: Any = None) -> None:
        if self.listed.key is None:
            return
        close_session(self.store, self.listed.session.code, self.listed.key)
        self.on_change()


class SessionList:
    """Every session as a SessionRow; `refresh()` reads the list again."""

    def __init__(self, store: Records, keys: SessionKeys | None, on_open: Callable[[str, str | None], object]) -> None:
        self.store, self.keys, self.on_open = store, keys, on_open
        self.rows: list[SessionRow] = []
        self.items = ipw.VBox([])
        self.message = classed(ipw.Label(""), "cq-status")
        self.box = classed(
            ipw.VBox(
                [ipw.HTML(tag("h2", "Your class sessions")), self.message, self.items], layout=ipw.Layout(width="100%")
            ),
            "cq-section",
            "cq-session-list",
        )
        self.refresh()

    def refresh(self) -> None:
        """Read every session again and redraw the list."""
        try:
            listed = session_list(self.store, self.keys)
        except RecordsError as exc:
            self.message.value = str(exc)
            return
        self.rows = [SessionRow(item, self.store, self.on_open, self.refresh) for item in listed]
        self.items.children = tuple(r.box for r in self.rows)
        self.message.value = "" if listed else "No class sessions yet. Create one here."
