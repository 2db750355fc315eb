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
