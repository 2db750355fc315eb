"""What a refresher sitting is: its kinds, its questions (pre-test, post-test draws), its settings and length."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quizbank.models import Item
from quizbank.session import Mode, QuizSettings
from quizbank.shuffle import draw

REVIEW_SESSION_SIZE = 10  # at most this many due items per review session (about ten minutes)
SECONDS_PER_EXAM_ITEM = 50  # pre-/post-test: 12 questions take about 10 minutes
SECONDS_PER_REVIEW_ITEM = 60  # review: answer, check, read the feedback
REFRESHER_KINDS = ("pretest", "review", "posttest")


def minutes_for(count: int, seconds_each: int) -> int:
    """A plain estimate of how long `count` questions take, in whole minutes (at least 1)."""
    return max(1, round(count * seconds_each / 60))


def draw_pretest(items: Sequence[Item], objectives: Sequence[str], seed: str, per_objective: int = 1) -> list[Item]:
    """A short pre-test: `per_objective` items for each objective, drawn with `seed`."""
    chosen: list[Item] = []
    taken: set[str] = set()
    for objective in objectives:
        pool = [i.id for i in items if objective in i.objectives and i.id not in taken]
        for item_id in draw(pool, per_objective, f"{seed}:{objective}"):
            taken.add(item_id)
            chosen.append(next(i for i in items if i.id == item_id))
    return chosen


def draw_posttest(
    items: Sequence[Item], objectives: Sequence[str], seen: Iterable[str], seed: str, per_objective: int = 1
) -> list[Item]:
    """The post-test: per objective, items not seen before where the bank allows, else seen ones."""
    seen_ids = set(seen)
    chosen: list[Item] = []
    taken: set[str] = set()
    for objective in objectives:
        fresh = [i.id for i in items if objective in i.objectives and i.id not in seen_ids | taken]
        picks = draw(fresh, per_objective, f"{seed}:{objective}")
        if len(picks) < per_objective:
            old = [i.id for i in items if objective in i.objectives and i.id not in taken and i.id not in picks]
            picks += draw(old, per_objective - len(picks), f"{seed}:{objective}:again")
        for item_id in picks:
            taken.add(item_id)
            chosen.append(next(i for i in items if i.id == item_id))
    return chosen


def session_settings(kind: str, count: int, audience: str | None) -> QuizSettings:
    """Tests are exams (nothing marked until submitted); review sessions are practice (check each answer)."""
    if kind not in REFRESHER_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REFRESHER_KINDS)}")
    mode: Mode = "practice" if kind == "review" else "exam"
    return QuizSettings(mode=mode, length=count, audience=audience)


def objectives_with_items(items: Sequence[Item], objectives: Sequence[str]) -> list[str]:
    """The objectives (in the given order) that have at least one of `items`: one test question each."""
    return [o for o in objectives if any(o in item.objectives for item in items)]
