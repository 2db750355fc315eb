"""An instructor's class roster: import a CSV of student ids and names, each learner getting a
one-time code to sign in with the first time; and resetting one learner's secret.

A roster CSV has a header row naming an ``id`` column (or ``student id``, ``student_id``) and a
``name`` column; other columns are ignored. Every row is checked before anything is saved: one
bad row and nothing is imported (RosterProblem lists each bad row by its line number).
Importing a learner again, or resetting them, replaces their secret with a new code and signs
out every device they used.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from quizbank.services.learners import MAX_NAME, IdentityProblem, check_typed, learner_id_for, tidy
from quizbank.services.secrets_words import hash_secret, new_code
from quizbank.store.api import RecordsStore
from quizbank.store.records import RosterEntry

ID_HEADERS = ("id", "student id", "student_id", "studentid")
NAME_HEADERS = ("name", "display name", "display_name", "full name")
MAX_ROWS = 2000


class RosterProblem(ValueError):
    """Why a roster cannot be imported; the message is fit to show (one line per bad row)."""


@dataclass(frozen=True)
class RosterCode:
    """One learner's one-time code, to hand out on paper."""

    student_id: str
    display_name: str
    code: str


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = [h.strip().casefold() for h in header]
    return next((i for i, h in enumerate(wanted) if h in names), None)


def parse_roster(text: str) -> list[tuple[str, str]]:
    """The (student id, name) rows of a roster CSV, tidied; RosterProblem naming every bad line."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise RosterProblem("The file is empty: it needs a header row with an id column and a name column.")
    id_at, name_at = _column(rows[0], ID_HEADERS), _column(rows[0], NAME_HEADERS)
    if id_at is None or name_at is None:
        raise RosterProblem("Line 1: the header row needs an 'id' column and a 'name' column.")
    problems: list[str] = []
    found: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(id_at, name_at) + 1 - len(row))
        name = tidy(cells[name_at])[:MAX_NAME]
        try:
            student_id = check_typed(cells[id_at])
        except IdentityProblem as problem:
            problems.append(f"Line {line}: {problem}")
            continue
        if not name:
            problems.append(f"Line {line}: the name is missing.")
            continue
        key = student_id.casefold()
        if key in seen:
            problems.append(f"Line {line}: the id {student_id!r} is already on line {seen[key]}.")
            continue
        seen[key] = line
        found.append((student_id, name))
    if len(found) > MAX_ROWS:
        problems.append(f"The roster has {len(found)} learners; at most {MAX_ROWS} can be imported at once.")
    if problems:
        raise RosterProblem("Nothing was imported. Please correct these lines:\n" + "\n".join(problems))
    if not found:
        raise RosterProblem("The file has a header row but no learners.")
    return found


def import_roster(store: RecordsStore, text: str) -> list[RosterCode]:
    """Import a roster CSV (all of it or, with RosterProblem, nothing) and return each learner's one-time code."""
    codes = [RosterCode(student_id, name, new_code()) for student_id, name in parse_roster(text)]
    store.set_one_time_codes(
        [RosterEntry(learner_id_for(c.student_id), c.display_name, hash_secret(c.code)) for c in codes]
    )
    return codes


def reset_secret(store: RecordsStore, student_id: str) -> RosterCode:
    """Give a known learner a new one-time code in place of their secret and sign out all their devices.

    RosterProblem when the id is not well formed or names nobody in the records."""
    try:
        cleaned = check_typed(student_id)
    except IdentityProblem as problem:
        raise RosterProblem(str(problem)) from None
    learner = store.get_learner(learner_id_for(cleaned))
    if learner is None:
        raise RosterProblem(f"No learner has the id {cleaned!r} in these records.")
    code = RosterCode(cleaned, learner.display_name, new_code())
    store.set_one_time_codes([RosterEntry(learner.learner_id, learner.display_name, hash_secret(code.code))])
    return code


def printable_codes(codes: list[RosterCode], title: str = "One-time sign-in codes") -> str:
    """A plain-text list to print and cut into slips: id, name and code per learner."""
    width = max([len(c.student_id) for c in codes] + [10])
    lines = [
        title,
        "Sign in with your student id and this code; you then get your own resume phrase.",
        "",
    ]
    for c in codes:
        lines.append(f"{c.student_id:<{width}}  {c.code}  {c.display_name}")
    return "\n".join(lines) + "\n"
