"""Reports: the class dashboard's figures from the store's rows (pure: no UI, no plots).

`build_report` takes ``Store.class_results`` rows and the bank and returns everything the
dashboard shows: how many learners joined, answered and submitted; each learner's
progress and score; per item the facility, discrimination (item-rest correlation) and
what the class answered; Cronbach's alpha; the score distribution; the most-missed items
with stem, key and rationale. The statistics are quizbank.analytics' (its conventions:
a learner's latest attempt counts; discrimination, alpha and the distribution use the
learners with a score for every item).

`build_case_report` does the same for a case session from ``Store.class_case_choices``:
per step, which branch the class took (the right one marked); per learner, the path so
far, points and the ending reached; and how many reached each ending. A choice's
``choice_id`` is the branch taken (an option id, "true"/"false", "correct"/"incorrect").
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from quizbank import analytics as an
from quizbank import items as item_types
from quizbank.attempt_score import attempt_score
from quizbank.cases import CORRECT, INCORRECT, Case, right_branch
from quizbank.loader import Bank
from quizbank.services.answer_labels import OptionCount, key_words, option_counts
from quizbank.store import CaseChoice, ResultRow

Status = Literal["joined", "answering", "submitted"]
Mark = Literal["right", "partly", "wrong", "pending", "blank"]
MOST_MISSED = 5


@dataclass(frozen=True)
class StudentRow:
    """One learner's latest attempt in the session."""

    learner_id: str
    name: str
    status: Status
    answered: int
    items: int
    points: float  # points awarded so far (final ones only)
    max_points: float
    marks: tuple[Mark, ...]  # per item, in the report's item order
    percent: float | None = None  # once every item has a score: quizbank.attempt_score, in marks


@dataclass(frozen=True)
class ItemRow:
    """One item of the session, with its statistics."""

    number: int
    item_id: str
    item_type: str
    stem: str
    answered: int  # learners with an answer (checked or not)
    scored: int  # learners with a final score
    facility: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]
    key: tuple[str, ...]
    rationale: str
    known: bool = True  # False when the bank no longer has the item


@dataclass(frozen=True)
class ClassReport:
    """Everything the dashboard shows about a quiz session at one moment."""

    joined: int
    answering: int
    submitted: int
    complete: int  # learners with a score for every item
    mean_percent: float | None
    alpha: float | None
    distribution: tuple[an.Bin, ...]
    items: tuple[ItemRow, ...]
    students: tuple[StudentRow, ...]
    most_missed: tuple[ItemRow, ...]
    fingerprint: str

    @property
    def answered_any(self) -> int:
        """Learners who have answered at least one item (answering or submitted)."""
        return sum(1 for s in self.students if s.answered)


def fingerprint(rows: Sequence[Any]) -> str:
    """A short digest of the rows: the dashboard redraws only when it changes."""
    digest = hashlib.sha256()
    for row in rows:
        values = (
            row.attempt_id,
            row.display_name,
            row.submitted_at,
            row.item_id,
            row.answer,
            row.points,
            row.tries,
            row.locked,
            row.flagged,
            row.answered_at,
        )
        digest.update(json.dumps(values, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def latest_attempts(rows: Sequence[ResultRow]) -> dict[str, list[ResultRow]]:
    """Each learner's rows of their latest attempt (the last one listed), in position order."""
    by_learner: dict[str, list[ResultRow]] = {}
    for row in rows:
        current = by_learner.get(row.learner_id)
        if current and current[0].attempt_id != row.attempt_id:
            current = None
        if current is None:
            by_learner[row.learner_id] = current = []
        current.append(row)
    return by_learner


def _mark(row: ResultRow | None) -> Mark:
    if row is None or (row.answer is None and row.points is None):
        return "blank"
    if row.points is None:
        return "pending"
    if row.max_points and row.points >= row.max_points - 1e-9:
        return "right"
    return "partly" if row.points > 0 else "wrong"


def _student(rows: list[ResultRow], item_ids: Sequence[str]) -> StudentRow:
    first = rows[0]
    by_item = {r.item_id: r for r in rows}
    answered = sum(1 for r in rows if r.answer is not None)
    if first.submitted_at is not None:
        status: Status = "submitted"
    else:
        status = "answering" if answered else "joined"
    return StudentRow(
        learner_id=first.learner_id,
        name=first.display_name,
        status=status,
        answered=answered,
        items=len(rows),
        points=sum(r.points or 0.0 for r in rows),
        max_points=sum(r.max_points for r in rows),
        marks=tuple(_mark(by_item.get(i)) for i in item_ids),
        percent=_percent(rows),
    )


def _percent(rows: list[ResultRow]) -> float | None:
    """The learner's score once every item has one, counted as the learner's own result counts it
    (quizbank.attempt_score: each item one mark, as analytics counts it too)."""
    if not rows or any(r.points is None for r in rows):
        return None
    return attempt_score([(r.points, r.max_points) for r in rows], "marks").percent


def _item_order(rows: Sequence[ResultRow], settings_items: Sequence[str]) -> list[str]:
    """The session's items in the instructor's order, then any others found in the rows."""
    order = dict.fromkeys(settings_items)
    for row in rows:
        order.setdefault(row.item_id)
    return list(order)


def build_report(
    rows: Sequence[ResultRow],
    bank: Bank,
    item_ids: Sequence[str] = (),
    *,
    bins: int = 10,
    missed: int = MOST_MISSED,
) -> ClassReport:
    """The dashboard's figures for a quiz session from its result rows."""
    latest = latest_attempts(rows)
    latest_rows = [r for learner_rows in latest.values() for r in learner_rows]
    order = _item_order(latest_rows, item_ids)
    results = an.Results.from_rows(latest_rows)  # type: ignore[arg-type]  # frozen rows fit the read-only use
    summary = an.summarize(results, bins) if results.items else None
    stats = {s.item_id: s for s in summary.items} if summary else {}
    answers_by_item: dict[str, list[Any]] = {i: [] for i in order}
    for row in latest_rows:
        answers_by_item[row.item_id].append(row.answer)
    item_rows = []
    for number, item_id in enumerate(order, start=1):
        stat = stats.get(item_id)
        item = bank.items.get(item_id)
        answers = answers_by_item[item_id]
        item_rows.append(
            ItemRow(
                number=number,
                item_id=item_id,
                item_type=item.type if item else "?",
                stem=item.stem if item else "(this item is no longer in the bank)",
                answered=sum(1 for a in answers if a is not None),
                scored=stat.answered if stat else 0,
                facility=stat.facility if stat else None,
                discrimination=stat.discrimination if stat else None,
                options=tuple(option_counts(item, answers)) if item else (),
                key=key_words(item) if item else (),
                rationale=(item.rationale or "") if item else "",
                known=item is not None,
            )
        )
    students = tuple(_student(r, order) for r in latest.values())
    by_id = {r.item_id: r for r in item_rows}
    worst = an.most_missed(results, missed) if results.items else []
    return ClassReport(
        joined=len(students),
        answering=sum(1 for s in students if s.status == "answering"),
        submitted=sum(1 for s in students if s.status == "submitted"),
        complete=summary.complete if summary else 0,
        mean_percent=summary.mean_percent if summary else None,
        alpha=summary.alpha if summary else None,
        distribution=tuple(summary.distribution) if summary else tuple(an.score_distribution(results, bins)),
        items=tuple(item_rows),
        students=students,
        most_missed=tuple(by_id[s.item_id] for s in worst if s.item_id in by_id and (s.facility or 0) < 1.0),
        fingerprint=fingerprint(rows),
    )


# -- case sessions ---------------------------------------------------------------------------

_BRANCH_WORDS = {CORRECT: "Fully right", INCORRECT: "Not fully right", "true": "True", "false": "False"}


@dataclass(frozen=True)
class CaseStepRow:
    step_id: str
    judgment_step: str
    stem: str
    reached: int
    branches: tuple[OptionCount, ...]


@dataclass(frozen=True)
class CaseLearnerRow:
    attempt_id: str
    name: str
    steps_done: int
    points: float
    ending: str | None  # the ending's title once reached


@dataclass(frozen=True)
class CaseReport:
    case_id: str
    title: str
    started: int
    finished: int
    steps: tuple[CaseStepRow, ...]
    learners: tuple[CaseLearnerRow, ...]
    endings: tuple[OptionCount, ...]  # label: ending title (outcome); correct: a good outcome
    fingerprint: str


def _branch_words(case: Case, step_id: str, branch: str) -> str:
    try:
        step = case.step(step_id)
    except KeyError:
        return branch
    text = item_types.branch_text(step.item, branch)
    return _BRANCH_WORDS.get(branch, branch) if text is None else text


def _ending(case: Case, choices: Sequence[CaseChoice]) -> str | None:
    if not choices:
        return None
    last = choices[-1]
    try:
        branch = case.step(last.step_id).branches.get(last.choice_id)
    except KeyError:
        return None
    return branch.next if branch is not None and case.is_ending(branch.next) else None


def build_case_report(
    case: Case, choices: Mapping[str, Sequence[CaseChoice]], rows: Sequence[ResultRow] = ()
) -> CaseReport:
    """The dashboard's figures for a case session."""
    names = {r.attempt_id: r.display_name for r in rows}
    step_counts: dict[str, Counter[str]] = {s.id: Counter() for s in case.steps}
    learners: list[CaseLearnerRow] = []
    ending_counts: Counter[str] = Counter()
    for number, (attempt_id, made) in enumerate(sorted(choices.items()), start=1):
        for choice in made:
            step_counts.setdefault(choice.step_id, Counter())[choice.choice_id] += 1
        ending_id = _ending(case, made)
        title = None
        if ending_id is not None:
            ending_counts[ending_id] += 1
            title = case.ending(ending_id).title
        learners.append(
            CaseLearnerRow(
                attempt_id,
                names.get(attempt_id, f"Learner {number}"),
                len(made),
                sum(c.points or 0.0 for c in made),
                title,
            )
        )
    steps = []
    for step in case.steps:
        counts = step_counts.get(step.id, Counter())
        right = right_branch(step)
        steps.append(
            CaseStepRow(
                step_id=step.id,
                judgment_step=step.judgment_step,
                stem=step.item.stem,
                reached=sum(counts.values()),
                branches=tuple(
                    OptionCount(_branch_words(case, step.id, b), counts.get(b, 0), b == right) for b in step.branches
                ),
            )
        )
    endings = tuple(
        OptionCount(f"{e.title} ({e.outcome})", ending_counts.get(e.id, 0), e.outcome == "good") for e in case.endings
    )
    digest = hashlib.sha256(
        json.dumps(
            {a: [(c.seq, c.step_id, c.choice_id, c.points) for c in cs] for a, cs in choices.items()}, sort_keys=True
        ).encode()
        + json.dumps(sorted(names.items())).encode()
    ).hexdigest()[:16]
    return CaseReport(
        case_id=case.id,
        title=case.title,
        started=len(choices),
        finished=sum(ending_counts.values()),
        steps=tuple(steps),
        learners=tuple(learners),
        endings=endings,
        fingerprint=digest,
    )
