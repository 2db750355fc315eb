"""Points and the checks every scorer makes on a response's shape.

Anything a browser could forge (an unknown option id, too many picks, a wrong type)
raises InvalidResponse and is never scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class InvalidResponse(ValueError):
    """The response does not fit the item (wrong shape, unknown option, too many picks)."""


@dataclass(frozen=True)
class Part:
    """Points for one scored part of an item: an option, row, blank, position or slot."""

    name: str
    points: float
    max_points: float
    correct: bool


@dataclass(frozen=True)
class Score:
    """Points earned, the most that could be earned, and the parts they came from."""

    points: float
    max_points: float
    parts: tuple[Part, ...]

    @property
    def correct(self) -> bool:
        """True when every point was earned."""
        return self.points >= self.max_points

    @property
    def fraction(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


def one_point(right: bool) -> Score:
    """A 0/1 score with one part named 'answer'."""
    return Score(float(right), 1.0, (Part("answer", float(right), 1.0, right),))


def ids(response: Any, allowed: Sequence[str], what: str, limit: int | None = None) -> list[str]:
    """`response` as a list of distinct known ids, at most `limit` of them."""
    if not isinstance(response, (list, tuple)) or not all(isinstance(v, str) for v in response):
        raise InvalidResponse(f"expected a list of {what} ids")
    if len(set(response)) != len(response):
        raise InvalidResponse(f"a {what} was chosen twice")
    unknown = [v for v in response if v not in allowed]
    if unknown:
        raise InvalidResponse(f"unknown {what} {unknown[0]!r}")
    if limit is not None and len(response) > limit:
        raise InvalidResponse(f"at most {limit} {what}s may be chosen, got {len(response)}")
    return list(response)


def mapping(response: Any, what: str) -> Mapping[str, str]:
    """`response` as a mapping of text to text."""
    if not isinstance(response, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in response.items()
    ):
        raise InvalidResponse(f"expected a mapping of {what} to choices")
    return response


def plus_minus(chosen: list[str], all_ids: Sequence[str], key: Sequence[str]) -> Score:
    """+1 per right pick, -1 per wrong pick, floor 0."""
    parts = []
    for option in all_ids:
        picked, right = option in chosen, option in key
        points = (1.0 if right else -1.0) if picked else 0.0
        parts.append(Part(option, points, 1.0 if right else 0.0, picked == right))
    total = max(0.0, sum(p.points for p in parts))
    return Score(total, float(len(key)), tuple(parts))
