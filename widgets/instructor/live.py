"""Live updates: one background thread per dashboard that re-reads the class's results.

Lifetime rules (a kernel must never be kept alive or leak threads because of this):

- daemon thread: it never holds the kernel process open, so when Voila culls or shuts
  the kernel down the thread ends with it;
- one thread per Poller; ``start`` on a running Poller does nothing, ``stop`` ends it and
  waits for it; a dashboard stops its Poller before opening another session;
- after ``quiet_stop_s`` without any change it pauses itself (``on_pause`` is told why),
  so a dashboard left open over night stops sending messages and lets the kernel go
  idle and be culled; the instructor resumes it with one click;
- an error while reading is logged and retried; after ``max_failures`` in a row it pauses.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("clinquiz.dashboard")

DEFAULT_INTERVAL_S = 3.0
DEFAULT_QUIET_STOP_S = 20 * 60.0
MAX_FAILURES = 10


class Poller:
    """Calls `tick()` every `interval_s` seconds on a daemon thread; `tick` returns True when data changed."""

    def __init__(
        self,
        tick: Callable[[], bool],
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        quiet_stop_s: float = DEFAULT_QUIET_STOP_S,
        on_pause: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_failures: int = MAX_FAILURES,
    ) -> None:
        self.tick = tick
        self.interval_s = max(0.05, float(interval_s))
        self.quiet_stop_s = quiet_stop_s
        self.on_pause = on_pause
        self.clock = clock
        self.max_failures = max_failures
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.last_change = clock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (nothing happens when it is already running)."""
        with self._lock:
            if self.running:
                return
            self._stop = threading.Event()
            self.last_change = self.clock()
            self._thread = threading.Thread(
                target=self._run, args=(self._stop,), name="clinquiz-dashboard-poller", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and wait for it (not when called from the thread itself)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _pause(self, stop: threading.Event, reason: str) -> None:
        stop.set()
        log.info("live updates paused: %s", reason)
        if self.on_pause is not None:
            try:
                self.on_pause(reason)
            except Exception:  # noqa: BLE001 - a display problem must not kill the thread noisily
                log.exception("on_pause failed")

    def _run(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.wait(self.interval_s):
            try:
                changed = self.tick()
                failures = 0
            except Exception:  # noqa: BLE001 - logged; the next tick tries again
                failures += 1
                log.exception("reading the class results failed (%d in a row)", failures)
                if failures >= self.max_failures:
                    self._pause(stop, "the results could not be read; press Resume to try again")
                continue
            now = self.clock()
            if changed:
                self.last_change = now
            elif now - self.last_change >= self.quiet_stop_s:
                minutes = round(self.quiet_stop_s / 60)
                self._pause(stop, f"no new answers for {minutes} minutes")
