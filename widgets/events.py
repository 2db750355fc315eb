"""Notable events for the console of `make serve`: one marked line each in the servers' log.

A kernel or a server process calls `announce`; the line goes to the process's own standard
error (not a notebook's output), which the launcher sends to the log file; the launcher
reads the marked lines back and prints one short line per event (widgets/server/console.py).
Nothing is sent anywhere else.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

MARK = "clinquiz-event "


def line(event: str, **fields: Any) -> str:
    """The log line for one event."""
    return MARK + json.dumps({"event": event, "at": round(time.time(), 3), **fields}, separators=(",", ":"))


def announce(event: str, **fields: Any) -> None:
    """Write one event to the process's standard error; never fails the caller."""
    stream = sys.__stderr__
    if stream is None:
        return
    try:
        stream.write(line(event, **fields) + "\n")
        stream.flush()
    except (OSError, ValueError, TypeError):
        pass


def parse(text: str) -> dict[str, Any] | None:
    """The event in one log line, or None when the line is not an event."""
    at = text.find(MARK)
    if at < 0:
        return None
    try:
        found = json.loads(text[at + len(MARK) :])
    except ValueError:
        return None
    return found if isinstance(found, dict) and isinstance(found.get("event"), str) else None
