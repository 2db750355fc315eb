"""The time left of a timed attempt, counted down by the kernel, and the end of time.

The deadline is the Attempt's (fixed in the records when the attempt started: a reload
can neither reset nor extend it). A daemon thread updates the line every second and,
at the deadline, calls `on_time_up` once (the screen submits the attempt). The thread
ends when the time is up, when the attempt is submitted, or on `stop()`; being a daemon,
it never keeps a kernel process alive. The page's clock plays no part: whatever the
browser sends after the deadline, the Attempt and the store refuse it.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable

import ipywidgets as ipw

from quizbank.session import Attempt
from widgets.html import raw_tag, tag
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")
LOW_S = 60.0


def clock_text(seconds: float) -> str:
    """Whole seconds left as '4:05' or '1:02:03' (rounded up: '0:00' only when the time is up)."""
    total = max(0, math.ceil(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Countdown:
    """A line showing the time left, kept up to date by a kernel thread while `running`."""

    def __init__(self, attempt: Attempt, on_time_up: Callable[[], None], interval_s: float = 1.0) -> None:
        self.attempt = attempt
        self.on_time_up = on_time_up
        self.interval_s = interval_s
        self.label = classed(ipw.HTML(""), "cq-countdown")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fired = False
        self._lock = threading.Lock()
        self.tick()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start counting (nothing happens without a time limit, or when already running)."""
        if self.attempt.deadline is None or self.attempt.submitted or self.running:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(self._stop,), name="clinquiz-countdown", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop counting (the thread ends within one interval; it is never waited for)."""
        self._stop.set()

    def _run(self, stop: threading.Event) -> None:
        while True:
            left = self.attempt.time_left()
            # Wake at the next whole second of the time left, so the shown seconds change on time.
            delay = self.interval_s if left is None or left <= 0 else (left % self.interval_s) + 0.01
            if stop.wait(delay):
                return
            try:
                if not self.tick():
                    return
            except Exception:  # noqa: BLE001 - logged; the count must not die noisily
                log.exception("countdown tick failed")

    def tick(self) -> bool:
        """Show the time left; at the deadline call `on_time_up` once. False when counting is over."""
        left = self.attempt.time_left()
        if left is None or self.attempt.submitted:
            self.label.value = ""
            return False
        low = left <= LOW_S
        words = tag("b", f"Time left: {clock_text(left)}")
        if left > 0:
            words += tag("span", " · When the time is up, your answers are submitted automatically.", "cq-muted")
        self.label.value = raw_tag("div", words, "cq-countdown-low" if low else "cq-countdown-ok")
        if left > 0:
            return True
        with self._lock:
            fired, self._fired = self._fired, True
        if not fired:
            self.stop()
            self.on_time_up()
        return False
