"""What an instructor sets for a class session, as stored with the session's join code.

The instructor dashboard writes these settings with ``Store.create_session``; the
student side reads them back with ``Store.get_session(code).settings`` and
``ClassSettings.from_dict`` and starts every learner's attempt from them:

- a quiz: ``records.open_attempt(store, learner, bank, cs.quiz_settings(), kind="quiz",
  session_code=code, item_ids=cs.item_ids)`` (the same items for everyone, each learner's
  order and option order from their own seed);
- a case: ``CasePlay.from_bank(bank, cs.case_id, reveal=cs.case_reveal)``.

Feedback modes:

- ``each_answer``: right/wrong, rationale and source after each checked answer
  (practice mode only; a case reveals each step's feedback);
- ``after_submit``: nothing about correctness until the learner submits, then the review
  (a case keeps everything for its debrief);
- ``after_class``: learners see only that their answers were saved; the instructor
  discusses the answers in class (the review stays closed to them).

Review options (``quizbank.review_policy``, settings version 2) say, phase by phase, what a
learner sees; they rule. Settings stored before them (version 1) keep what their feedback
mode gave, through ``review_policy.from_feedback_mode``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from quizbank import review_policy
from quizbank.review_policy import Phase, ReviewOptions
from quizbank.session import QuizSettings
from quizbank.shuffle import draw

SETTINGS_VERSION = 2
Kind = Literal["quiz", "case"]
FeedbackMode = Literal["each_answer", "after_submit", "after_class"]
FEEDBACK_MODES: dict[str, str] = {
    "each_answer": "After each answer (practice only)",
    "after_submit": "After the learner submits",
    "after_class": "Not until the class discussion",
}
MODES: dict[str, str] = {
    "practice": "Practice: retries, feedback as they go",
    "exam": "Exam / post-test: one try, scored on submission",
}
MAX_ITEMS = 200
MAX_TIME_LIMIT_MIN = 24 * 60
_ID_SPLIT = re.compile(r"[\s,;]+")


class SettingsProblem(ValueError):
    """The settings cannot make a class session; the message is fit to show."""


@dataclass(frozen=True)
class ClassSettings:
    """A class session's settings: a fixed list of items or one case, mode, feedback, time limit."""

    kind: Kind = "quiz"
    item_ids: tuple[str, ...] = ()
    case_id: str | None = None
    mode: Literal["practice", "exam"] = "practice"
    feedback: FeedbackMode = "each_answer"
    time_limit_s: float | None = None
    title: str = ""
    selection: Mapping[str, Any] = field(default_factory=dict)  # how the items were chosen, for the record
    review: ReviewOptions | None = None  # None: what the feedback mode gives

    @property
    def review_options(self) -> ReviewOptions:
        """What the learner sees, phase by phase (the stored options, else those of the feedback mode)."""
        return self.review or review_policy.from_feedback_mode(self.mode, self.feedback)

    @property
    def case_reveal(self) -> Literal["step", "end"]:
        """How a case player reveals feedback: each step when marks are shown while answering."""
        return "step" if self.review_options.shown(Phase.DURING).marks else "end"

    def quiz_settings(self) -> QuizSettings:
        """The QuizSettings every learner's attempt uses (length = the fixed item list)."""
        return QuizSettings(mode=self.mode, length=len(self.item_ids), time_limit_s=self.time_limit_s)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data for ``Store.create_session``."""
        return {
            "version": SETTINGS_VERSION,
            "kind": self.kind,
            "item_ids": list(self.item_ids),
            "case_id": self.case_id,
            "mode": self.mode,
            "feedback": self.feedback,
            "time_limit_s": self.time_limit_s,
            "title": self.title,
            "selection": dict(self.selection),
            "review": None if self.review is None else self.review.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClassSettings:
        """Settings from stored data; fields this version does not know are ignored."""
        limit = data.get("time_limit_s")
        return cls(
            kind="case" if data.get("kind") == "case" else "quiz",
            item_ids=tuple(str(i) for i in data.get("item_ids") or ()),
            case_id=data.get("case_id") or None,
            mode="exam" if data.get("mode") == "exam" else "practice",
            feedback=data["feedback"] if data.get("feedback") in FEEDBACK_MODES else "after_submit",
            time_limit_s=float(limit) if isinstance(limit, (int, float)) and limit > 0 else None,
            title=str(data.get("title") or ""),
            selection=dict(data.get("selection") or {}),
            review=ReviewOptions.from_dict(data.get("review")),
        )

    def problems(self, bank: Any) -> list[str]:
        """Everything wrong with these settings for `bank` (empty when they can start a session)."""
        found: list[str] = []
        if self.kind == "quiz":
            if not self.item_ids:
                found.append("Choose at least one question.")
            unknown = [i for i in self.item_ids if i not in bank.items]
            if unknown:
                found.append("Not in the bank: " + ", ".join(unknown) + ".")
            if len(set(self.item_ids)) != len(self.item_ids):
                found.append("A question is listed twice.")
            if len(self.item_ids) > MAX_ITEMS:
                found.append(f"At most {MAX_ITEMS} questions.")
        elif self.case_id not in getattr(bank, "cases", {}):
            found.append("Choose a case.")
        if self.mode == "exam" and self.feedback == "each_answer":
            found.append("An exam cannot give feedback after each answer.")
        elif self.review is not None:
            found.extend(review_policy.problems(self.review, self.mode))
        if self.time_limit_s is not None and not 0 < self.time_limit_s <= MAX_TIME_LIMIT_MIN * 60:
            found.append(f"The time limit must be between 1 and {MAX_TIME_LIMIT_MIN} minutes.")
        return found

    def checked(self, bank: Any) -> ClassSettings:
        """These settings, or SettingsProblem naming everything wrong."""
        found = self.problems(bank)
        if found:
            raise SettingsProblem(" ".join(found))
        return self


def choose_items(
    bank: Any,
    *,
    audience: str | None = None,
    topics: Sequence[str] = (),
    objectives: Sequence[str] = (),
    length: int = 10,
    seed: str = "",
) -> list[str]:
    """Item ids drawn from the bank's matching items, the same for the same seed (length 0: all)."""
    pool = [item.id for item in bank.select(audience=audience, topics=topics, objectives=objectives)]
    pool.sort()
    return draw(pool, len(pool) if length <= 0 else length, seed or "class")


def parse_item_ids(text: str) -> list[str]:
    """Item ids typed by a person: separated by spaces, commas, semicolons or new lines; order kept."""
    seen: dict[str, None] = {}
    for part in _ID_SPLIT.split(text or ""):
        if part:
            seen.setdefault(part.strip(), None)
    return list(seen)


def minutes_to_seconds(minutes: float | int | None) -> float | None:
    """A time limit typed in minutes; 0 or nothing means no limit."""
    if minutes is None or minutes <= 0:
        return None
    return float(minutes) * 60.0


def known_ids(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """The values that are among `allowed`, in order (for filters read from a form or an address)."""
    allowed_set = set(allowed)
    return [v for v in values if v in allowed_set]
