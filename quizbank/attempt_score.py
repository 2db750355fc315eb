"""An attempt's score, defined once for every screen that shows one (the learner's result, the
review, the refresher's pass mark, the dashboard, the CSV).

Two ways to count, chosen per quiz (`QuizSettings.score_by`), "marks" by default:

- ``marks``: every question is worth one mark, its parts sharing that mark (an item worth 5
  points that earned 3 gives 0.6 of a mark), as Moodle's default mark of 1 does; a matrix with
  seven rows then weighs the same as a true/false;
- ``points``: the points as the bank writes them, so an item with more parts weighs more.

Each item gives (points earned, points possible); an item not yet scored earns 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

ScoreBy = Literal["marks", "points"]
SCORE_BY: tuple[ScoreBy, ...] = ("marks", "points")
HOW_IT_COUNTS: dict[ScoreBy, str] = {
    "marks": "Each question counts the same: 1 mark, shared among its parts.",
    "points": "Each question counts by its points: a question with more parts counts more.",
}


@dataclass(frozen=True)
class AttemptScore:
    """What an attempt scored, counted one way: earned of possible (marks or points)."""

    earned: float
    possible: float
    score_by: ScoreBy = "marks"

    @property
    def fraction(self) -> float:
        """Earned over possible, 0 when nothing is possible."""
        return self.earned / self.possible if self.possible else 0.0

    @property
    def percent(self) -> float:
        return 100.0 * self.fraction

    @property
    def unit(self) -> str:
        """'mark' or 'point' (singular; the screens make the plural)."""
        return "mark" if self.score_by == "marks" else "point"


def attempt_score(items: Iterable[tuple[float | None, float]], score_by: ScoreBy = "marks") -> AttemptScore:
    """The score of an attempt from each item's (points earned or None, points possible)."""
    parts = [(earned or 0.0, possible) for earned, possible in items]
    if score_by == "points":
        return AttemptScore(sum(e for e, _ in parts), sum(p for _, p in parts), "points")
    if score_by != "marks":
        raise ValueError(f"unknown way to count a score: {score_by!r}")
    return AttemptScore(sum(e / p if p else 0.0 for e, p in parts), float(len(parts)), "marks")
