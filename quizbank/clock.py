"""Where "now" comes from: the real clock, or the fake one CLINQUIZ_FAKE_NOW sets (quizbank.config).

The fake time starts at CLINQUIZ_FAKE_NOW when the process starts reading it and runs on
with the real clock, so attempts still get distinct, ordered times.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone

from quizbank.config import settings

Now = Callable[[], datetime]


def real_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


def fake_clock(start: datetime, monotonic: Callable[[], float] = time.monotonic) -> Now:
    """A clock that reads `start` now and runs on from there."""
    base = monotonic()
    return lambda: start + timedelta(seconds=monotonic() - base)


def clock_from_environment(environ: Mapping[str, str] | None = None) -> Now:
    """The fake clock of CLINQUIZ_FAKE_NOW when it is set (ValueError if it is not a date), else the real one."""
    start = settings(environ).fake_now
    return real_now if start is None else fake_clock(start)


def epoch(now: Now) -> Callable[[], float]:
    """The same clock as seconds since the epoch (what Attempt and Store take)."""
    return lambda: now().timestamp()
