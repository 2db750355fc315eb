"""The refresher's "now" (quizbank.clock): the real clock, or the fake one CLINQUIZ_FAKE_NOW sets.

CLINQUIZ_FAKE_NOW (an ISO date such as ``2026-03-02``, or a date and time) makes the
kernel believe it is that day; quizbank.config reads it.
"""

from quizbank.clock import Now, clock_from_environment, epoch, fake_clock, real_now
from quizbank.config import parse_instant

__all__ = ["Now", "clock_from_environment", "epoch", "fake_clock", "parse_instant", "real_now"]
