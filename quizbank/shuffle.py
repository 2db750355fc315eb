"""Seeded, recorded shuffling of options, keeping pinned options in their places."""

from __future__ import annotations

import random
from collections.abc import Sequence


def shuffled(ids: Sequence[str], pinned: Sequence[bool], seed: str) -> list[str]:
    """`ids` in a shuffled order fixed by `seed`; pinned ids stay at their own index."""
    free = [i for i, p in zip(ids, pinned) if not p]
    random.Random(seed).shuffle(free)
    order = iter(free)
    return [i if p else next(order) for i, p in zip(ids, pinned)]


def draw(ids: Sequence[str], count: int, seed: str) -> list[str]:
    """`count` ids drawn at random (all of them, shuffled, when count >= len(ids))."""
    pool = list(ids)
    rng = random.Random(seed)
    rng.shuffle(pool)
    return pool[: max(0, count)]


def shuffle_seed(seed: str, *scope: str) -> str:
    """The seed for one shuffle inside an attempt or a case play: the play's seed, then where.

    An attempt's item: (seed, item id); a part of it: (seed, item id, part). A case step:
    (seed, case id, step id); a part of it: (seed, case id, step id, part). Stored for audit.
    """
    return ":".join((seed, *scope))
