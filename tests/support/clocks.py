"""A fixed start time and a clock the store tests move by hand."""

from __future__ import annotations

T0 = 1_770_000_000.0  # a fixed "now" (February 2026)


class FakeClock:
    """A clock that moves only when the test says so."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
