"""The self-paced refresher: pre-test, spaced review with FSRS, post-test, completion.

Pure logic: card states go in and come out as JSON text, time comes from the caller, so
tests can simulate weeks. The store keeps the cards and attempts
(``quizbank.refresher_records`` reads and writes them); the UI shows the plan.

Scheduling works in days, not minutes: a pharmacist visits for ten minutes at a time, so
an item missed today comes back on a later day (tomorrow at the soonest), never again in
the same visit, and what is "due today" is fixed for the day. FSRS runs without its
intra-day learning steps for that reason.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quizbank.models import Item
from quizbank.scoring import InvalidResponse, score
from quizbank.session import Attempt, Mode, QuizSettings
from quizbank.shuffle import draw
from quizbank.sources import SourceDocument
from quizbank.store import AttemptRecord

DEFAULT_PASS_MARK = 0.70
MAX_POSTTESTS = 2  # the first sitting and one retake
REVIEW_SESSION_SIZE = 10  # at most this many due items per review session (about ten minutes)
SECONDS_PER_EXAM_ITEM = 50  # pre-/post-test: 12 questions take about 10 minutes
SECONDS_PER_REVIEW_ITEM = 60  # review: answer, check, read the feedback
LEARNED_STABILITY_DAYS = 2.0
REFRESHER_KINDS = ("pretest", "review", "posttest")
# No fuzz: the same history gives the same schedule. No learning steps: intervals are whole
# days (see the module docstring), so a miss is due tomorrow and a first right answer in two days.
_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


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
    return _card(now).to_json()


def _card(now: datetime) -> Card:
    # An explicit id: fsrs would otherwise read the wall clock (and sleep 1 ms) for one.
    return Card(card_id=int(now.timestamp() * 1000), due=now)


def review(card_json: str | None, rating: Rating, now: datetime) -> tuple[str, datetime]:
    """Apply one rated review at `now`; return the new card JSON and its due time."""
    card = Card.from_json(card_json) if card_json else _card(now)
    card, _log = _SCHEDULER.review_card(card, rating, review_datetime=now)
    return card.to_json(), card.due


def due_date(card_json: str) -> datetime:
    return Card.from_json(card_json).due


def is_due(card_json: str, now: datetime) -> bool:
    """True when the card should be reviewed at `now` (end of today counts as today)."""
    end_of_day = now.replace(hour=23, minute=59, second=59, microsecond=0)
    return due_date(card_json) <= end_of_day


def is_learned(card_json: str) -> bool:
    """True once the scheduler expects the item to be recalled two days on (stability of 2 days or more)."""
    card = Card.from_json(card_json)
    return card.state == State.Review and (card.stability or 0.0) >= LEARNED_STABILITY_DAYS


def last_review(card_json: str) -> datetime | None:
    """When the card was last reviewed (None for a card never reviewed)."""
    return Card.from_json(card_json).last_review


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
    base: dict[str, Any] = dict(
        due_today=due, cards=len(cards), learned=learned, posttests_taken=len(posttest_scores), best_posttest=best
    )
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


# -- from answers to card reviews -------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """How one item went in a sitting: the share of its points the final answer earned
    (before any retry penalty; the tries say how it got there) and the tries it took."""

    item_id: str
    fraction: float
    tries: int

    @property
    def rating(self) -> Rating:
        return rating_for(self.fraction, self.tries)

    @property
    def correct(self) -> bool:
        """Every point, on the first try or a retry."""
        return self.fraction >= 1.0

    @property
    def missed(self) -> bool:
        """Anything short of every point at the first try (rated Again or Hard)."""
        return self.rating != Rating.Good


def result_for(item: Item, answer: Any, tries: int) -> ItemResult:
    """Score `answer` afresh; an answer the item no longer accepts counts as wrong."""
    try:
        fraction = score(item, answer).fraction
    except InvalidResponse:
        fraction = 0.0
    return ItemResult(item.id, fraction, tries)


def attempt_results(attempt: Attempt) -> list[ItemResult]:
    """One result per item of a submitted attempt, in the attempt's order."""
    if not attempt.submitted:
        raise ValueError("results are read only from a submitted attempt")
    return [result_for(item, attempt.states[item.id].response, attempt.states[item.id].tries) for item in attempt.items]


def record_results(record: AttemptRecord, items: Mapping[str, Item]) -> list[ItemResult]:
    """One result per item of a stored attempt (items the bank no longer has are left out).

    A practice answer changed after its last check and then submitted unchecked counts as
    one more try: the learner was wrong at least once on the way.
    """
    results = []
    for item_id in record.item_order:
        item, row = items.get(item_id), record.responses.get(item_id)
        if item is None or row is None:
            continue
        tries = row.tries + (1 if row.tries and row.answer != row.checked_answer else 0)
        results.append(result_for(item, row.answer, tries))
    return results


@dataclass(frozen=True)
class Sitting:
    """A submitted pre-test, review session or post-test, reduced to what the plan needs."""

    kind: str
    attempt_id: str
    submitted: datetime
    results: tuple[ItemResult, ...]
    points: float
    max_points: float

    @property
    def score(self) -> float:
        """Points awarded over points possible (0 to 1)."""
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def missed(self) -> frozenset[str]:
        return frozenset(r.item_id for r in self.results if r.missed)


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc)


def sitting_from_attempt(attempt: Attempt, kind: str, submitted: datetime) -> Sitting:
    """The sitting of a submitted in-memory attempt."""
    points, possible = attempt.total()
    return Sitting(kind, attempt.attempt_id, submitted, tuple(attempt_results(attempt)), points, possible)


def sitting_from_record(record: AttemptRecord, items: Mapping[str, Item]) -> Sitting | None:
    """The sitting of a stored refresher attempt; None while it is not submitted."""
    if record.submitted_at is None or record.kind not in REFRESHER_KINDS:
        return None
    possible = sum(row.max_points for row in record.responses.values())
    return Sitting(
        record.kind,
        record.attempt_id,
        _utc(record.submitted_at),
        tuple(record_results(record, items)),
        record.total_points or 0.0,
        possible,
    )


def apply_sitting(cards: Mapping[str, str], sitting: Sitting) -> dict[str, str]:
    """The cards after the sitting: one review per item, rated from its result, at the submission time.

    A card already reviewed at or after that time is left as it is, so applying a sitting
    twice (a kernel that died between submitting and saving the cards) changes nothing.
    """
    out = dict(cards)
    for result in sitting.results:
        card = out.get(result.item_id)
        reviewed = last_review(card) if card else None
        if reviewed is not None and reviewed >= sitting.submitted:
            continue
        out[result.item_id], _due = review(card, result.rating, sitting.submitted)
    return out


def pending_cards(cards: Mapping[str, str], sittings: Iterable[Sitting]) -> dict[str, str]:
    """The cards that change when every sitting is applied, oldest first: what the store still lacks."""
    current = dict(cards)
    for sitting in sorted(sittings, key=lambda s: s.submitted):
        current = apply_sitting(current, sitting)
    return {item_id: card for item_id, card in current.items() if cards.get(item_id) != card}


# -- the learner's state, from stored rows -----------------------------------------------


@dataclass(frozen=True)
class OpenSitting:
    """A refresher attempt started and not yet submitted: the learner resumes it."""

    kind: str
    attempt_id: str
    answered: int
    total: int


@dataclass(frozen=True)
class ObjectiveProgress:
    """One learning objective: questions answered in the refresher, right the last time, due today."""

    objective_id: str
    text: str
    seen: int
    right: int
    due: int

    @property
    def fraction(self) -> float:
        return self.right / self.seen if self.seen else 0.0


def end_of_day(now: datetime) -> datetime:
    return now.replace(hour=23, minute=59, second=59, microsecond=0)


@dataclass(frozen=True)
class RefresherState:
    """Everything the plan needs about one learner, built from stored rows by `build_state`."""

    sittings: tuple[Sitting, ...] = ()  # submitted, oldest first
    cards: Mapping[str, str] = field(default_factory=dict)
    unfinished: Mapping[str, OpenSitting] = field(default_factory=dict)  # by kind

    def of_kind(self, kind: str) -> tuple[Sitting, ...]:
        return tuple(s for s in self.sittings if s.kind == kind)

    @property
    def pretest_done(self) -> bool:
        return bool(self.of_kind("pretest"))

    @property
    def posttest_scores(self) -> list[float]:
        return [s.score for s in self.of_kind("posttest")]

    @property
    def last_test(self) -> Sitting | None:
        """The latest pre-test or post-test."""
        tests = [s for s in self.sittings if s.kind in ("pretest", "posttest")]
        return tests[-1] if tests else None

    @property
    def still_to_review(self) -> frozenset[str]:
        """Items missed in the latest test and not yet answered right in a review session since."""
        test = self.last_test
        if test is None:
            return frozenset()
        fixed = {
            r.item_id
            for s in self.sittings
            if s.kind == "review" and s.submitted > test.submitted
            for r in s.results
            if r.correct
        }
        return test.missed - fixed

    @property
    def missed_reviewed(self) -> bool:
        return not self.still_to_review

    @property
    def seen(self) -> frozenset[str]:
        """Every item the learner has met in the refresher."""
        return frozenset(self.cards) | {r.item_id for s in self.sittings for r in s.results}

    def latest_results(self) -> dict[str, ItemResult]:
        """Each item's most recent result."""
        latest: dict[str, ItemResult] = {}
        for sitting in self.sittings:
            latest.update((r.item_id, r) for r in sitting.results)
        return latest

    def due(self, now: datetime) -> list[str]:
        """Items due by the end of today, most overdue first."""
        due = [(due_date(card), item_id) for item_id, card in self.cards.items() if is_due(card, now)]
        return [item_id for _, item_id in sorted(due)]

    def review_items(self, now: datetime, limit: int = REVIEW_SESSION_SIZE) -> list[str]:
        """A review session's items: due ones only, missed-and-not-yet-fixed first, at most `limit`."""
        waiting = self.still_to_review
        due = self.due(now)
        return sorted(due, key=lambda item_id: item_id not in waiting)[:limit]

    def next_due(self, now: datetime) -> tuple[date, int] | None:
        """The next day after today on which items fall due, and how many; None when none do."""
        later = sorted(due_date(card) for card in self.cards.values() if not is_due(card, now))
        if not later:
            return None
        day = later[0].date()
        return day, sum(1 for d in later if d.date() == day)

    def plan(self, now: datetime, mark: float | None = None) -> Plan:
        return plan(
            now=now,
            pretest_done=self.pretest_done,
            cards=self.cards,
            missed_reviewed=self.missed_reviewed,
            posttest_scores=self.posttest_scores,
            mark=mark,
        )

    def passing_sitting(self, mark: float) -> Sitting | None:
        """The first post-test that reached the pass mark."""
        return next((s for s in self.of_kind("posttest") if s.score >= mark), None)

    def progress(
        self, items: Mapping[str, Item], objectives: Mapping[str, str], now: datetime
    ) -> list[ObjectiveProgress]:
        """Per objective (id -> text, in that order): questions met, right the last time, due today."""
        latest = self.latest_results()
        due = set(self.due(now))
        rows = []
        for objective_id, text in objectives.items():
            met = [i for i in latest if i in items and objective_id in items[i].objectives]
            rows.append(
                ObjectiveProgress(
                    objective_id,
                    text,
                    len(met),
                    sum(1 for i in met if latest[i].correct),
                    sum(1 for i in met if i in due),
                )
            )
        return rows


def build_state(
    records: Iterable[AttemptRecord], cards: Mapping[str, str], items: Mapping[str, Item]
) -> RefresherState:
    """The learner's state from their stored refresher attempts and cards.

    Attempts in class sessions and cards of items no longer in the bank are left out.
    """
    sittings: list[Sitting] = []
    unfinished: dict[str, OpenSitting] = {}
    for record in sorted(records, key=lambda rec: (rec.submitted_at or 0.0, rec.started_at)):
        if record.kind not in REFRESHER_KINDS or record.session_code is not None:
            continue
        sitting = sitting_from_record(record, items)
        if sitting is not None:
            sittings.append(sitting)
        else:
            answered = sum(1 for row in record.responses.values() if row.answer is not None)
            unfinished[record.kind] = OpenSitting(record.kind, record.attempt_id, answered, len(record.item_order))
    kept = {item_id: card for item_id, card in cards.items() if item_id in items}
    return RefresherState(tuple(sittings), kept, unfinished)


def session_settings(kind: str, count: int, audience: str | None) -> QuizSettings:
    """Tests are exams (nothing marked until submitted); review sessions are practice (check each answer)."""
    if kind not in REFRESHER_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REFRESHER_KINDS)}")
    mode: Mode = "practice" if kind == "review" else "exam"
    return QuizSettings(mode=mode, length=count, audience=audience)


def objectives_with_items(items: Sequence[Item], objectives: Sequence[str]) -> list[str]:
    """The objectives (in the given order) that have at least one of `items`: one test question each."""
    return [o for o in objectives if any(o in item.objectives for item in items)]


def statement_html(
    *,
    learner_name: str,
    learner_id: str,
    completed: datetime,
    score: float,
    mark: float,
    objectives: Sequence[str],
    sources: Iterable[SourceDocument],
    course: str = "clinquiz anakinra refresher",
) -> str:
    """A printable, one-page statement of completion; every value is escaped."""
    e = html.escape
    objective_rows = "".join(f"<li>{e(text)}</li>" for text in objectives)
    source_rows = "".join(f"<li><i>{e(s.title)}</i>, {e(s.publisher)} ({e(s.date)})</li>" for s in sources)
    date = completed.astimezone(timezone.utc).strftime("%d %B %Y")
    return f"""<div class="cq-statement" role="document" aria-label="Statement of completion">
<style>{_STATEMENT_CSS}</style>
<h1>Statement of completion</h1>
<p class="cq-statement-center">{e(course)}</p>
<p class="cq-statement-name">{e(learner_name)}</p>
<p class="cq-statement-center">Completed {e(date)}</p>
<p>Post-test score: <b>{score:.0%}</b> (pass mark {mark:.0%}).</p>
<p>Learning objectives covered:</p><ul>{objective_rows}</ul>
<p>Written from these source documents:</p><ul>{source_rows}</ul>
<p class="cq-statement-note"><b>This statement is not accredited continuing-education credit.</b> It records that
the learner completed this self-paced refresher and passed its post-test. The source documents are dated
(2016); check current prescribing information before practice.</p>
<p class="cq-statement-ref">Record reference: {e(learner_id)}</p>
</div>"""


# Print: only the statement, on one A4 page. The page around it (Voila's panels) clips and
# scrolls, so for print every element that neither holds the statement nor is inside it is
# left out, and the statement's ancestors lose their fixed heights, scrolling and positions.
# Browsers without :has() fall back to hiding the rest (the visibility rules).
_STATEMENT_CSS = """
.cq-statement { font-family: Georgia, serif; max-width: 720px; margin: 0 auto; padding: 24px;
  border: 3px double #333; color: #111; background: #fff; line-height: 1.4; box-sizing: border-box; }
.cq-statement h1 { font-size: 1.5em; text-align: center; margin: 0 0 8px; }
.cq-statement p { margin: .4em 0; }
.cq-statement .cq-statement-center { text-align: center; }
.cq-statement .cq-statement-name { font-size: 1.3em; text-align: center; font-weight: bold; }
.cq-statement .cq-statement-note { font-size: 0.85em; border-top: 1px solid #999; padding-top: 8px; margin-top: 12px; }
.cq-statement .cq-statement-ref { font-size: 0.75em; color: #444; text-align: center; }
@media print {
  @page { size: A4; margin: 15mm; }
  body * { visibility: hidden; }
  .cq-statement, .cq-statement * { visibility: visible; }
  body *:not(:has(.cq-statement)):not(.cq-statement):not(.cq-statement *) { display: none !important; }
  *:has(.cq-statement) { position: static !important; overflow: visible !important; height: auto !important;
    min-height: 0 !important; max-height: none !important; contain: none !important; transform: none !important;
    margin: 0 !important; padding: 0 !important; border: 0 !important; box-shadow: none !important;
    background: #fff !important; width: auto !important; max-width: none !important; }
  .cq-statement { max-width: none; width: auto; margin: 0 1mm; break-inside: avoid; page-break-inside: avoid;
    font-size: 12pt; }
}
"""


def utcnow() -> datetime:
    """The current time, timezone-aware (FSRS needs UTC datetimes)."""
    return datetime.now(timezone.utc)


ONE_DAY = timedelta(days=1)
