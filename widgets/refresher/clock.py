"""Where the refresher's "now" comes from: the real clock, or a fake one the browser test sets.

CLINQUIZ_FAKE_NOW (an ISO date such as ``2026-03-02``, or a date and time) makes the
kernel believe it is that day: the fake time starts there when the kernel starts and
runs on with the real clock, so attempts still get distinct, ordered times. A date alone
means 09:00 UTC. This is the only place that reads the variable; quizbank never does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone

Now = Callable[[], datetime]
FAKE_NOW_ENV = "CLINQUIZ_FAKE_NOW"
DEFAULT_HOUR = 9


def real_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


def parse_instant(text: str) -> datetime:
    """``2026-03-02`` (09:00 UTC that day) or ``2026-03-02T15:30[+01:00]`` (UTC when no zone is given), in UTC."""
    text = text.strip()
    if len(text) == 10:
        day = datetime.fromisoformat(text)
        return day.replace(hour=DEFAULT_HOUR, tzinfo=timezone.utc)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def fake_clock(start: datetime, monotonic: Callable[[], float] = time.monotonic) -> Now:
    """A clock that reads `start` now and runs on from there."""
    base = monotonic()
    return lambda: start + timedelta(seconds=monotonic() - base)


def clock_from_environment(environ: Mapping[str, str] = os.environ) -> Now:
    """The fake clock of CLINQUIZ_FAKE_NOW when it is set (ValueError if it is not a date), else the real one."""
    raw = environ.get(FAKE_NOW_ENV, "").strip()
    if not raw:
        return real_now
    try:
        start = parse_instant(raw)
    except ValueError:
        raise ValueError(f"{FAKE_NOW_ENV} must be an ISO date such as 2026-03-02, got {raw!r}") from None
    return fake_clock(start)


def epoch(now: Now) -> Callable[[], float]:
    """The same clock as seconds since the epoch (what Attempt and Store take)."""
    return lambda: now().timestamp()
