"""The launcher's console: a few lines at start, then one line per notable event.

Voila, jupyter_server and the kernels write to the log file; the events among those lines
(widgets/events.py) are read back here and printed in words, so the terminal stays short
enough to read during a class.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from widgets.events import parse


class LogTail:
    """Reads what was added to a log file since the last read, a whole line at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0
        self._partial = b""

    def lines(self) -> list[str]:
        """The complete lines written since the last call."""
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.offset)
                data = handle.read()
        except OSError:
            return []
        self.offset += len(data)
        data = self._partial + data
        *complete, self._partial = data.split(b"\n")
        return [raw.decode("utf-8", "replace") for raw in complete]

    def events(self) -> list[dict[str, Any]]:
        """The events among the new lines."""
        return [event for event in map(parse, self.lines()) if event is not None]


def describe(event: dict[str, Any]) -> str | None:
    """One event in words for the console, or None for events it does not show."""
    kind = event.get("event")
    if kind == "pool":
        ready, size = event.get("ready"), event.get("size")
        return f"Kernel pool: {ready} of {size} ready" + (" (ready for the class)" if ready == size else "")
    if kind == "joined":
        return f"{event.get('learner', 'A learner')} joined class {event.get('code', '?')}"
    if kind == "session-opened":
        return f"Class {event.get('code', '?')} opened: {event.get('title') or 'untitled'}"
    if kind == "session-closed":
        return f"Class {event.get('code', '?')} closed"
    return None


class Console:
    """Prints the launcher's lines, each event stamped with the time it was printed."""

    def __init__(self, out: TextIO, clock: Callable[[], float] = time.time) -> None:
        self.out = out
        self.clock = clock
        self.last_pool: tuple[Any, Any] | None = None

    def say(self, text: str = "") -> None:
        """A line as it is (the addresses and settings at start)."""
        print(text, file=self.out, flush=True)

    def event(self, text: str) -> None:
        """A line for something that happened, with the time."""
        print(f"{time.strftime('%H:%M:%S', time.localtime(self.clock()))}  {text}", file=self.out, flush=True)

    def show(self, events: list[dict[str, Any]]) -> None:
        """The events worth a line; the pool's progress only when its count changed."""
        for found in events:
            if found.get("event") == "pool":
                pool = (found.get("ready"), found.get("size"))
                if pool == self.last_pool:
                    continue
                self.last_pool = pool
            text = describe(found)
            if text is not None:
                self.event(text)
