"""Pure scoring of a learner's response to an item, with the rules of each item type.

Every function checks the response's shape first: anything a browser could forge
(an unknown option id, too many picks, a wrong type) raises InvalidResponse and is
never scored.

Response shapes, by item type:

| type | response |
| --- | --- |
| single | option id |
| true_false | bool |
| select_all, select_n, highlight | list of option (segment) ids |
| matrix | {row id: column id}; rows may be left out |
| cloze, dropdown_rationale | {blank id: chosen text}; blanks may be left out |
| ordering | list of every option id, in the learner's order |
| bowtie | {"condition": [id], "actions": [id, id], "parameters": [id, id]}; lists may be shorter |

`None` means "not answered" and scores 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizbank import models as m


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


def _ids(response: Any, allowed: Sequence[str], what: str, limit: int | None = None) -> list[str]:
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


def _plus_minus(chosen: list[str], all_ids: Sequence[str], key: Sequence[str]) -> Score:
    parts = []
    for option in all_ids:
        picked, right = option in chosen, option in key
        points = (1.0 if right else -1.0) if picked else 0.0
        parts.append(Part(option, points, 1.0 if right else 0.0, picked == right))
    total = max(0.0, sum(p.points for p in parts))
    return Score(total, float(len(key)), tuple(parts))


def _single(item: m.SingleItem, response: Any) -> Score:
    if not isinstance(response, str) or response not in item.option_ids:
        raise InvalidResponse("expected one of the item's option ids")
    right = response == item.key
    return Score(float(right), 1.0, (Part("answer", float(right), 1.0, right),))


def _true_false(item: m.TrueFalseItem, response: Any) -> Score:
    if not isinstance(response, bool):
        raise InvalidResponse("expected true or false")
    right = response == item.key
    return Score(float(right), 1.0, (Part("answer", float(right), 1.0, right),))


def _select_all(item: m.SelectAllItem, response: Any) -> Score:
    return _plus_minus(_ids(response, item.option_ids, "option"), item.option_ids, item.key)


def _highlight(item: m.HighlightItem, response: Any) -> Score:
    ids = [s.id for s in item.segments]
    return _plus_minus(_ids(response, ids, "segment"), ids, item.key)


def _select_n(item: m.SelectNItem, response: Any) -> Score:
    chosen = _ids(response, item.option_ids, "option", limit=item.n)
    parts = tuple(Part(o, float(o in item.key), 1.0, o in item.key) for o in chosen)
    return Score(sum(p.points for p in parts), float(item.n), parts)


def _mapping(response: Any, what: str) -> Mapping[str, str]:
    if not isinstance(response, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in response.items()
    ):
        raise InvalidResponse(f"expected a mapping of {what} to choices")
    return response


def _matrix(item: m.MatrixItem, response: Any) -> Score:
    chosen = _mapping(response, "rows")
    columns = {c.id for c in item.columns}
    rows = [r.id for r in item.rows]
    for row, column in chosen.items():
        if row not in rows:
            raise InvalidResponse(f"unknown row {row!r}")
        if column not in columns:
            raise InvalidResponse(f"unknown column {column!r}")
    parts = tuple(Part(r, float(chosen.get(r) == item.key[r]), 1.0, chosen.get(r) == item.key[r]) for r in rows)
    return Score(sum(p.points for p in parts), float(len(rows)), parts)


def _blanks(item: m.ClozeItem | m.RationaleItem, response: Any) -> list[tuple[str, bool]]:
    chosen = _mapping(response, "blanks")
    blanks = {b.id: b for b in item.blanks}
    for blank, text in chosen.items():
        if blank not in blanks:
            raise InvalidResponse(f"unknown blank {blank!r}")
        if text not in blanks[blank].options:
            raise InvalidResponse(f"{text!r} is not a choice of blank {blank!r}")
    return [(b.id, chosen.get(b.id) == b.key) for b in item.blanks]


def _cloze(item: m.ClozeItem, response: Any) -> Score:
    parts = tuple(Part(b, float(ok), 1.0, ok) for b, ok in _blanks(item, response))
    return Score(sum(p.points for p in parts), float(len(parts)), parts)


def _rationale(item: m.RationaleItem, response: Any) -> Score:
    results = _blanks(item, response)
    both = all(ok for _, ok in results)
    share = 1.0 / len(results)
    parts = tuple(Part(b, share if both else 0.0, share, ok) for b, ok in results)
    return Score(1.0 if both else 0.0, 1.0, parts)


def _ordering(item: m.OrderingItem, response: Any) -> Score:
    order = _ids(response, item.option_ids, "option")
    if len(order) != len(item.option_ids):
        raise InvalidResponse("an ordering must place every option")
    hits = [a == b for a, b in zip(order, item.key)]
    if item.scoring == "per_position":
        parts = tuple(Part(f"position {i + 1}", float(ok), 1.0, ok) for i, ok in enumerate(hits))
        return Score(float(sum(hits)), float(len(hits)), parts)
    right = all(hits)
    return Score(float(right), 1.0, (Part("order", float(right), 1.0, right),))


def _bowtie(item: m.BowtieItem, response: Any) -> Score:
    if not isinstance(response, Mapping) or set(response) - {"condition", "actions", "parameters"}:
        raise InvalidResponse("expected condition, actions and parameters")
    parts: list[Part] = []
    for name in ("condition", "actions", "parameters"):
        slot: m.BowtieSlot = getattr(item, name)
        chosen = _ids(response.get(name, []), [o.id for o in slot.options], "option", limit=len(slot.key))
        for index in range(len(slot.key)):
            pick = chosen[index] if index < len(chosen) else None
            right = pick is not None and pick in slot.key
            parts.append(Part(f"{name} {index + 1}", float(right), 1.0, right))
    return Score(sum(p.points for p in parts), float(len(parts)), tuple(parts))


_SCORERS: dict[str, Any] = {
    "single": _single,
    "true_false": _true_false,
    "select_all": _select_all,
    "select_n": _select_n,
    "matrix": _matrix,
    "cloze": _cloze,
    "dropdown_rationale": _rationale,
    "ordering": _ordering,
    "highlight": _highlight,
    "bowtie": _bowtie,
}


def max_points(item: m.Item) -> float:
    """The most points the item can give."""
    if item.type in ("single", "true_false", "dropdown_rationale"):
        return 1.0
    if item.type in ("select_all", "highlight"):
        return float(len(item.key))
    if item.type == "select_n":
        return float(item.n)
    if item.type == "matrix":
        return float(len(item.rows))
    if item.type == "cloze":
        return float(len(item.blanks))
    if item.type == "ordering":
        return float(len(item.key)) if item.scoring == "per_position" else 1.0
    return float(sum(len(getattr(item, slot).key) for slot in ("condition", "actions", "parameters")))


def score(item: m.Item, response: Any) -> Score:
    """Score `response` to `item`; None scores 0. Raises InvalidResponse for a malformed response."""
    if response is None:
        return Score(0.0, max_points(item), ())
    result: Score = _SCORERS[item.type](item, response)
    return result


def check_response(item: m.Item, response: Any) -> None:
    """Raise InvalidResponse unless `response` is a well-formed answer to `item`."""
    if response is not None:
        _SCORERS[item.type](item, response)
