"""The self-paced refresher: pre-test, spaced review with FSRS, post-test, completion.

Pure logic: card states go in and come out as JSON text, time comes from the caller, so
tests can simulate weeks. The store keeps the cards; the UI shows the plan.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

from quizbank.models import Item
from quizbank.shuffle import draw
from quizbank.sources import SourceDocument

DEFAULT_PASS_MARK = 0.70
MAX_POSTTESTS = 2  # the first sitting and one retake
_SCHEDULER = Scheduler(enable_fuzzing=False)  # no fuzz: the same history gives the same schedule


def pass_mark() -> float:
    """The post-test pass mark, from CLINQUIZ_PASS_MARK (a fraction or a percentage), default 70%."""
    raw = os.environ.get("CLINQUIZ_PASS_MARK", "").strip()
    if not raw:
        return DEFAULT_PASS_MARK
    value = float(raw.rstrip("%"))
    value = value / 100 if value > 1 else value
    if not 0 < value <= 1:
        raise ValueError(f"CLINQUIZ_PASS_MARK must be between 0 and 100%, got {raw!r}")
    return value


def rating_for(fraction: float, tries: int = 1) -> Rating:
    """The FSRS rating an answer earns.

    The mapping (a learner never rates themselves; the answer does):
    - Again: less than half the item's points, i.e. the learner did not know it.
    - Hard: at least half but not all of the points, or right only on a retry.
    - Good: every point on the first try.
    Easy is never given: one right answer does not show that recall was effortless,
    and rating it Easy would push the item out for months.
    """
    if fraction < 0.5:
        return Rating.Again
    if fraction < 1.0 or tries > 1:
        return Rating.Hard
    return Rating.Good


def new_card(now: datetime) -> str:
    """A fresh card, due now, as JSON."""
    return Card(due=now).to_json()


def review(card_json: str | None, rating: Rating, now: datetime) -> tuple[str, datetime]:
    """Apply one rated review at `now`; return the new card JSON and its due time."""
    card = Card.from_json(card_json) if card_json else Card(due=now)
    card, _log = _SCHEDULER.review_card(card, rating, review_datetime=now)
    return card.to_json(), card.due


def due_date(card_json: str) -> datetime:
    return Card.from_json(card_json).due


def is_due(card_json: str, now: datetime) -> bool:
    """True when the card should be reviewed at `now` (end of today counts as today)."""
    end_of_day = now.replace(hour=23, minute=59, second=59, microsecond=0)
    return due_date(card_json) <= end_of_day


def is_learned(card_json: str) -> bool:
    """True once the card has graduated to the review state."""
    return Card.from_json(card_json).state == State.Review


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


@dataclass(frozen=True)
class Plan:
    """Where a learner stands in the refresher, and what to do next."""

    stage: str  # "pretest", "review", "posttest", "retake-review", "passed", "closed"
    due_today: int
    cards: int
    learned: int
    posttests_taken: int
    best_posttest: float | None
    message: str


def plan(
    *,
    now: datetime,
    pretest_done: bool,
    cards: Mapping[str, str],
    missed_reviewed: bool,
    posttest_scores: Sequence[float],
    mark: float | None = None,
) -> Plan:
    """Decide the learner's next step from what is stored about them.

    - No pre-test yet: take it.
    - Cards due (items missed or due again): review them, ten minutes at a time.
    - Every missed item reviewed and nothing due: the post-test opens.
    - A failed post-test: its missed items come due; after reviewing them, one retake.
    - Passed: the statement of completion. Two failed sittings: closed, see the educator.
    """
    mark = pass_mark() if mark is None else mark
    due = sum(1 for card in cards.values() if is_due(card, now))
    learned = sum(1 for card in cards.values() if is_learned(card))
    best = max(posttest_scores) if posttest_scores else None
    base = dict(due_today=due, cards=len(cards), learned=learned, posttests_taken=len(posttest_scores), best_posttest=best)
    if not pretest_done:
        return Plan("pretest", message="Start with a short pre-test: one question per objective.", **base)
    if best is not None and best >= mark:
        return Plan("passed", message="You passed the post-test. Your statement of completion is ready.", **base)
    if len(posttest_scores) >= MAX_POSTTESTS:
        return Plan(
            "closed",
            message="You have used the post-test and its one retake. Please talk to your educator.",
            **base,
        )
    if due or not missed_reviewed:
        stage = "retake-review" if posttest_scores else "review"
        return Plan(stage, message=f"{due} question(s) due for review today.", **base)
    label = "Take the post-test." if not posttest_scores else "Take your one retake of the post-test."
    return Plan("posttest", message=label, **base)


def statement_html(
    *,
    learner_name: str,
    learner_id: str,
    completed: datetime,
    score: float,
    mark: float,
    objectives: Sequence[str],
    sources: Iterable[SourceDocument],
) -> str:
    """A printable, one-page statement of completion; every value is escaped."""
    e = html.escape
    objective_rows = "".join(f"<li>{e(text)}</li>" for text in objectives)
    source_rows = "".join(
        f"<li><i>{e(s.title)}</i>, {e(s.publisher)} ({e(s.date)})</li>" for s in sources
    )
    date = completed.astimezone(timezone.utc).strftime("%d %B %Y")
    return f"""<div class="cq-statement" role="document" aria-label="Statement of completion">
<style>
.cq-statement {{ font-family: Georgia, serif; max-width: 720px; margin: 0 auto; padding: 24px;
  border: 3px double #333; color: #111; background: #fff; line-height: 1.4; }}
.cq-statement h1 {{ font-size: 1.5em; text-align: center; margin: 0 0 8px; }}
.cq-statement .cq-name {{ font-size: 1.3em; text-align: center; font-weight: bold; }}
.cq-statement .cq-note {{ font-size: 0.85em; border-top: 1px solid #999; padding-top: 8px; }}
@media print {{ @page {{ size: A4; margin: 15mm; }} body * {{ visibility: hidden; }}
  .cq-statement, .cq-statement * {{ visibility: visible; }}
  .cq-statement {{ position: absolute; left: 0; top: 0; border: none; page-break-inside: avoid; }} }}
</style>
<h1>Statement of completion</h1>
<p style="text-align:center">clinquiz anakinra refresher</p>
<p class="cq-name">{e(learner_name)}</p>
<p style="text-align:center">Learner id {e(learner_id)} &middot; completed {e(date)}</p>
<p>Post-test score: <b>{score:.0%}</b> (pass mark {mark:.0%}).</p>
<p>Learning objectives covered:</p><ul>{objective_rows}</ul>
<p>Written from these source documents:</p><ul>{source_rows}</ul>
<p class="cq-note"><b>This statement is not accredited continuing-education credit.</b> It records that
the learner completed this self-paced refresher and passed its post-test. The source documents are dated
(2016); check current prescribing information before practice.</p>
</div>"""


def utcnow() -> datetime:
    """The current time, timezone-aware (FSRS needs UTC datetimes)."""
    return datetime.now(timezone.utc)


ONE_DAY = timedelta(days=1)
