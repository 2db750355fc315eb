"""Classical item statistics for the instructor dashboard, in pure Python.

Input is a results matrix: learners x items, each cell the fraction of the item's points
earned (0..1), or None when the learner has no score for the item yet.

Conventions (stated once, used everywhere):
- Facility: mean fraction over the learners who have a score for the item.
- Totals: the sum of a learner's item fractions (every item weighs the same).
- Discrimination, alpha and the score distribution use complete rows only: learners
  with a score for every item. Mid-session that is the learners who have finished.
- Variances are population variances (divide by n). Cronbach's alpha is the same with
  sample variances (the n/(n-1) factors cancel), and so is any correlation.
- Undefined statistics (too few learners, zero variance) are None, never NaN.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class ResultLike(Protocol):
    """What ``Results.from_rows`` needs of a row (``store.ResultRow`` fits)."""

    learner_id: str
    attempt_id: str
    item_id: str
    points: float | None
    max_points: float
    answer: Any


@dataclass(frozen=True)
class Results:
    """Scores (fractions 0..1 or None) and optionally raw answers, learners x items."""

    learners: tuple[str, ...]
    items: tuple[str, ...]
    scores: tuple[tuple[float | None, ...], ...]
    answers: tuple[tuple[Any, ...], ...] = ()

    def __post_init__(self) -> None:
        if len(self.scores) != len(self.learners) or any(len(row) != len(self.items) for row in self.scores):
            raise ValueError("scores must have one row per learner and one column per item")
        if self.answers and (
            len(self.answers) != len(self.learners) or any(len(row) != len(self.items) for row in self.answers)
        ):
            raise ValueError("answers must have the same shape as scores")

    @classmethod
    def from_points(
        cls,
        learners: Sequence[str],
        items: Sequence[str],
        points: Sequence[Sequence[float | None]],
        max_points: Sequence[float],
    ) -> Results:
        """From raw points, with each item's maximum."""
        scores = tuple(
            tuple(None if p is None else (p / m if m else 0.0) for p, m in zip(row, max_points, strict=True))
            for row in points
        )
        return cls(tuple(learners), tuple(items), scores)

    @classmethod
    def from_rows(cls, rows: Iterable[ResultLike]) -> Results:
        """From store rows; a learner with several attempts counts with the last one listed."""
        latest: dict[str, str] = {}
        cells: dict[tuple[str, str], ResultLike] = {}
        items: dict[str, None] = {}
        for row in rows:
            if latest.get(row.learner_id) != row.attempt_id:
                latest[row.learner_id] = row.attempt_id
                for key in [k for k in cells if k[0] == row.learner_id]:
                    del cells[key]
            cells[(row.learner_id, row.item_id)] = row
            items.setdefault(row.item_id)
        learners, item_ids = tuple(latest), tuple(items)
        scores, answers = [], []
        for learner in learners:
            got = [cells.get((learner, item)) for item in item_ids]
            scores.append(tuple(_fraction(c) for c in got))
            answers.append(tuple(None if c is None else c.answer for c in got))
        return cls(learners, item_ids, tuple(scores), tuple(answers))

    def column(self, index: int) -> list[float | None]:
        return [row[index] for row in self.scores]

    def complete_rows(self) -> list[tuple[float, ...]]:
        """The score rows with no gap."""
        return [row for row in self.scores if all(v is not None for v in row)]  # type: ignore[misc]


def _fraction(row: ResultLike | None) -> float | None:
    if row is None or row.points is None:
        return None
    return row.points / row.max_points if row.max_points else 0.0


# -- basic statistics ---------------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _pvariance(values: Sequence[float]) -> float:
    mean = _mean(values)
    return math.fsum((v - mean) ** 2 for v in values) / len(values)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None with fewer than 2 pairs or when either side does not vary."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


# -- item statistics --------------------------------------------------------------------------------


def facility(results: Results) -> dict[str, float | None]:
    """Per item: the mean fraction of points earned by the learners who have a score (None if none do)."""
    found: dict[str, float | None] = {}
    for index, item in enumerate(results.items):
        values = [v for v in results.column(index) if v is not None]
        found[item] = _mean(values) if values else None
    return found


def discrimination(results: Results) -> dict[str, float | None]:
    """Per item: the item-rest correlation (item score vs. the total of the other items), complete rows only."""
    rows = results.complete_rows()
    found: dict[str, float | None] = {}
    for index, item in enumerate(results.items):
        item_scores = [row[index] for row in rows]
        rest = [math.fsum(row) - row[index] for row in rows]
        found[item] = pearson(item_scores, rest) if len(results.items) > 1 else None
    return found


def cronbach_alpha(results: Results) -> float | None:
    """k/(k-1) * (1 - sum of item variances / variance of totals), complete rows; None when undefined."""
    rows = results.complete_rows()
    k = len(results.items)
    if k < 2 or len(rows) < 2:
        return None
    total_variance = _pvariance([math.fsum(row) for row in rows])
    if total_variance <= 1e-12:
        return None
    item_variances = math.fsum(_pvariance([row[i] for row in rows]) for i in range(k))
    return k / (k - 1) * (1 - item_variances / total_variance)


def chosen_options(answer: Any) -> list[str]:
    """The choices inside a raw answer, as labels to count.

    An option id -> [id]; a list of ids -> each; true/false -> "true"/"false";
    a mapping (matrix, cloze, bow-tie) -> "row=choice" per entry; None -> [].
    """
    if answer is None:
        return []
    if isinstance(answer, bool):
        return ["true" if answer else "false"]
    if isinstance(answer, str):
        return [answer]
    if isinstance(answer, Mapping):
        labels: list[str] = []
        for key, value in answer.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            labels.extend(f"{key}={v}" for v in values)
        return labels
    if isinstance(answer, (list, tuple)):
        return [str(v) for v in answer]
    return [str(answer)]


def option_frequencies(results: Results) -> dict[str, Counter[str]]:
    """Per item: how many learners chose each option (ordering answers count each option once)."""
    found: dict[str, Counter[str]] = {item: Counter() for item in results.items}
    for row in results.answers:
        for item, answer in zip(results.items, row, strict=True):
            found[item].update(set(chosen_options(answer)))
    return found


@dataclass(frozen=True)
class Bin:
    """Learners whose total percentage is in [low, high) (the last bin includes 100)."""

    low: float
    high: float
    count: int


def score_distribution(results: Results, bins: int = 10) -> list[Bin]:
    """Histogram of complete learners' totals as percentages, in `bins` equal bins from 0 to 100."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    k = len(results.items)
    counts = [0] * bins
    for row in results.complete_rows() if k else []:
        percent = 100.0 * math.fsum(row) / k
        counts[min(bins - 1, max(0, int(percent * bins / 100.0 + 1e-9)))] += 1
    width = 100.0 / bins
    return [Bin(i * width, (i + 1) * width, c) for i, c in enumerate(counts)]


@dataclass(frozen=True)
class ItemStat:
    """Everything the dashboard shows about one item."""

    item_id: str
    answered: int
    facility: float | None
    discrimination: float | None
    options: Counter[str] = field(default_factory=Counter)


def item_stats(results: Results) -> list[ItemStat]:
    """Per-item statistics, in the matrix's item order."""
    fac, disc, freq = facility(results), discrimination(results), option_frequencies(results)
    return [
        ItemStat(item, sum(v is not None for v in results.column(i)), fac[item], disc[item], freq[item])
        for i, item in enumerate(results.items)
    ]


def most_missed(results: Results, count: int = 5) -> list[ItemStat]:
    """The items with the lowest facility, for discussion in class.

    Ties go to the lower discrimination first (None first): an item that even the strongest
    learners missed points to a teaching gap or a faulty key. Then by item id. Items nobody
    has answered yet are left out.
    """
    stats = [s for s in item_stats(results) if s.facility is not None]
    stats.sort(key=lambda s: (s.facility, s.discrimination is not None, s.discrimination or 0.0, s.item_id))
    return stats[: max(0, count)]


@dataclass(frozen=True)
class ClassSummary:
    """The dashboard's headline figures."""

    learners: int
    complete: int
    mean_percent: float | None
    alpha: float | None
    distribution: list[Bin]
    items: list[ItemStat]


def summarize(results: Results, bins: int = 10) -> ClassSummary:
    """Learner counts, mean score of complete learners, alpha, distribution and item statistics."""
    rows = results.complete_rows()
    k = len(results.items)
    mean = _mean([100.0 * math.fsum(r) / k for r in rows]) if rows and k else None
    return ClassSummary(
        learners=len(results.learners),
        complete=len(rows),
        mean_percent=mean,
        alpha=cronbach_alpha(results),
        distribution=score_distribution(results, bins),
        items=item_stats(results),
    )
