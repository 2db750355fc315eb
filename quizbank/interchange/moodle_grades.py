"""Moodle's answer grades: the only fractions its importers accept, and how they are written."""

from __future__ import annotations

# question_bank::fraction_options(): p/q for q <= 6, p/10, 1/q for q <= 10, and 1/20 (and their negatives).
_POSITIVE = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)  # fmt: skip
GRADES: tuple[float, ...] = (0.0, *_POSITIVE, *(-g for g in _POSITIVE))
_TOLERANCE = 0.00001  # Moodle's match_grade_options


def is_grade(fraction: float) -> bool:
    """True when `fraction` (-1 to 1) is one of Moodle's grades."""
    return any(abs(fraction - grade) < _TOLERANCE for grade in GRADES)


def share(count: int) -> float | None:
    """Moodle's grade for 1/`count`, or None when Moodle has no such grade (11 to 19, or above 20)."""
    wanted = 1.0 / count
    return next((g for g in _POSITIVE if abs(g - wanted) < 0.000001), None)


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a percentage: at most 5 decimals, no trailing zeros (50, 33.33333)."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fraction_text(fraction: float) -> str:
    """A fraction as Moodle XML writes it in fraction="..." (a percentage)."""
    return percent(fraction)
