"""What a real learner could have done to the records: the oracle of the widget fuzzer.

A `Snapshot` reads, through quizbank.store's read API, everything one learner has (their
attempts, whole) and everything the other learners have, plus the number of learners,
attempts and class sessions (one read-only SQL count: the store has no API listing every
learner). `problems(before, after, bank)` lists every change between two snapshots that
no sequence of honest clicks could have made:

- another learner's records changed, or a learner, attempt or session appeared or vanished;
- anything in an attempt changed after it was submitted;
- an item's answer, tries, lock or points changed after the item was final;
- an answer that is not a valid answer to its item (an option that does not exist, too
  many picks, the wrong shape), or an answer given after the time limit;
- a check in exam mode, more tries than allowed, points that the scoring rules would not
  give, a lock the rules would not set, a total that is not the sum of the points;
- an attempt's items, order, option orders, seed, settings, start or deadline changed.

It knows only the rules (quizbank.scoring, the Attempt's documented rules), not the code
that applies them in the kernel.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizbank.loader import Bank
from quizbank.records import settings_from_dict
from quizbank.scoring import InvalidResponse, check_response, score
from quizbank.store import AttemptRecord, Learner, ResponseRecord, Store

FROZEN_FIELDS = (
    "learner_id",
    "session_code",
    "kind",
    "settings",
    "seed",
    "item_order",
    "option_orders",
    "started_at",
    "deadline",
)
ROW_FIXED = ("position", "item_version", "max_points", "shuffle_seed")
FINAL = ("answer", "checked_answer", "points", "tries", "locked")


@dataclass
class Snapshot:
    taken_at: float
    counts: tuple[int, int, int]  # learners, attempts, class sessions
    sessions: list[tuple]
    mine: dict[str, AttemptRecord]
    others: dict[str, tuple[Learner | None, dict[str, AttemptRecord]]] = field(default_factory=dict)


def _attempts(store: Store, learner_id: str) -> dict[str, AttemptRecord]:
    return {a.attempt_id: store.load_attempt(learner_id, a.attempt_id) for a in store.list_attempts(learner_id)}


def snapshot(db: Path, learner_id: str, others: Iterable[str] = ()) -> Snapshot:
    """The learner's records and the others', as the store holds them now."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        counts = tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("learners", "attempts", "class_sessions")
        )
        sessions = conn.execute("SELECT * FROM class_sessions ORDER BY code").fetchall()
    conn.close()
    with Store(db) as store:
        return Snapshot(
            taken_at=time.time(),
            counts=counts,  # type: ignore[arg-type]
            sessions=sessions,
            mine=_attempts(store, learner_id),
            others={other: (store.get_learner(other), _attempts(store, other)) for other in others},
        )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _valid(bank: Bank, item_id: str, answer: object) -> str | None:
    try:
        check_response(bank.items[item_id], answer)
    except InvalidResponse as exc:
        return str(exc)
    return None


def row_problems(record: AttemptRecord, row: ResponseRecord, bank: Bank) -> list[str]:
    """What is wrong with one stored response on its own (whatever happened before)."""
    where = f"attempt {record.attempt_id[:8]} item {row.item_id}"
    settings = settings_from_dict(record.settings)
    item = bank.items[row.item_id]
    found = []
    for what, answer in (("answer", row.answer), ("checked answer", row.checked_answer)):
        invalid = _valid(bank, row.item_id, answer)
        if invalid:
            found.append(f"{where}: the stored {what} {answer!r} is not a valid answer ({invalid})")
    if invalid := _valid(bank, row.item_id, row.answer):
        return found
    if settings.mode == "exam" and (row.tries or row.checked_answer is not None):
        found.append(f"{where}: checked in exam mode (tries {row.tries})")
    if row.tries > settings.max_tries:
        found.append(f"{where}: {row.tries} tries, more than the {settings.max_tries} allowed")
    if row.tries and row.checked_answer is None:
        found.append(f"{where}: tries without a checked answer")
    if record.deadline is not None and row.answered_at is not None and row.answered_at > record.deadline:
        found.append(f"{where}: answered {row.answered_at - record.deadline:.3f} s after the time limit")
    if not row.locked:
        if row.points is not None:
            found.append(f"{where}: points {row.points} on an item that is not final")
        if record.submitted:
            found.append(f"{where}: not final in a submitted attempt")
        return found

    # Locked by a check (right, or out of tries), or by the submission: the points follow the rules
    # (README, Scoring: each try after the first takes the penalty's share of the item's full points).
    def less_penalty(points: float, possible: float, extra: int) -> float:
        return max(0.0, points - settings.retry_penalty * max(0, extra) * possible)

    allowed = []
    if row.tries and row.checked_answer is not None and row.checked_answer == row.answer:
        result = score(item, row.checked_answer)
        if result.correct or row.tries >= settings.max_tries:
            allowed.append(less_penalty(result.points, result.max_points, row.tries - 1))
    if record.submitted:
        result = score(item, row.answer)
        if settings.mode == "exam":
            allowed.append(result.points)
        else:
            checked = score(item, row.checked_answer) if row.tries and row.checked_answer is not None else None
            unchanged = checked is not None and checked.points == result.points
            allowed.append(less_penalty(result.points, result.max_points, row.tries - 1 if unchanged else row.tries))
    if not allowed:
        found.append(f"{where}: final although neither a check nor the submission made it so")
    elif not any(_close(row.points, p) for p in allowed):
        found.append(f"{where}: {row.points} points; the rules give {sorted(set(allowed))}")
    return found


def attempt_problems(record: AttemptRecord, bank: Bank) -> list[str]:
    found = []
    for item_id in record.item_order:
        if item_id not in record.responses:
            found.append(f"attempt {record.attempt_id[:8]}: no row for item {item_id}")
            continue
        found += row_problems(record, record.responses[item_id], bank)
    if set(record.responses) != set(record.item_order):
        found.append(f"attempt {record.attempt_id[:8]}: rows for items not in the attempt")
    if record.submitted:
        total = sum(r.points or 0.0 for r in record.responses.values())
        if not _close(record.total_points, total):
            found.append(f"attempt {record.attempt_id[:8]}: total {record.total_points}, points add up to {total}")
    return found


def transition_problems(before: AttemptRecord, after: AttemptRecord, expired: bool) -> list[str]:
    """What changed in one attempt that no honest learner could have changed."""
    where = f"attempt {before.attempt_id[:8]}"
    found = [f"{where}: {name} changed" for name in FROZEN_FIELDS if getattr(before, name) != getattr(after, name)]
    if before.submitted:
        if after != before:
            found.append(f"{where}: changed after it was submitted")
        return found
    if after.last_seq < before.last_seq:
        found.append(f"{where}: its write sequence went back")
    for item_id, old in before.responses.items():
        new = after.responses.get(item_id)
        if new is None:
            found.append(f"{where}: the row of {item_id} vanished")
            continue
        for name in ROW_FIXED:
            if getattr(old, name) != getattr(new, name):
                found.append(f"{where} item {item_id}: {name} changed")
        if old.locked:
            changed = [n for n in FINAL if getattr(old, n) != getattr(new, n)]
            if changed:
                found.append(f"{where} item {item_id}: {', '.join(changed)} changed after the answer was final")
        if new.tries < old.tries:
            found.append(f"{where} item {item_id}: tries went down")
        if new.tries == old.tries and new.checked_answer != old.checked_answer:
            found.append(f"{where} item {item_id}: the checked answer changed without a check")
        if expired:
            # After the time limit only the submission (by the kernel's countdown) may change anything,
            # and it changes locks and points only.
            if (new.answer, new.tries, new.flagged, new.checked_answer) != (
                old.answer,
                old.tries,
                old.flagged,
                old.checked_answer,
            ):
                found.append(f"{where} item {item_id}: changed after the time limit")
    return found


def problems(before: Snapshot, after: Snapshot, bank: Bank, *, new_attempts: int = 0) -> list[str]:
    """Every change from `before` to `after` that a real learner could not have made (empty: none)."""
    found = []
    learners, attempts, sessions = before.counts
    if after.counts[0] != learners:
        found.append(f"learners: {learners} -> {after.counts[0]}")
    if not attempts <= after.counts[1] <= attempts + new_attempts:
        found.append(f"attempts: {attempts} -> {after.counts[1]} ({new_attempts} new allowed)")
    if after.sessions != before.sessions:
        found.append("a class session changed")
    for other, (learner, records) in before.others.items():
        if after.others.get(other) != (learner, records):
            found.append(f"another learner's records changed ({other[:12]})")
    vanished = set(before.mine) - set(after.mine)
    if vanished:
        found.append(f"attempts vanished: {sorted(vanished)}")
    appeared = set(after.mine) - set(before.mine)
    if len(appeared) > new_attempts:
        found.append(f"{len(appeared)} new attempts (at most {new_attempts} allowed)")
    for attempt_id, record in after.mine.items():
        found += attempt_problems(record, bank)
        old = before.mine.get(attempt_id)
        if old is not None:
            expired = old.deadline is not None and before.taken_at > old.deadline
            found += transition_problems(old, record, expired)
    return found
