"""What a learner may see of their own quiz, phase by phase (the review options).

Four phases, as a quiz runs: during the attempt, immediately after submission (the
results screen right after Submit), later while the session is open (any later visit),
and after the session is closed. For each phase the options say whether the learner sees
their score, the right/wrong marks, the key, the rationale and the sources. The kernel asks
these rules before it builds any result widget: what they do not allow is never built.

A self-paced quiz has no session to close, so its "later" phase lasts for good.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal


class Phase(str, Enum):
    """When the learner looks."""

    DURING = "during"
    AFTER_SUBMIT = "after_submit"
    LATER_OPEN = "later_open"
    AFTER_CLOSE = "after_close"


class Part(str, Enum):
    """What may be shown."""

    SCORE = "score"
    MARKS = "marks"
    KEY = "key"
    RATIONALE = "rationale"
    SOURCES = "sources"


PHASE_WORDS: dict[Phase, str] = {
    Phase.DURING: "While they answer",
    Phase.AFTER_SUBMIT: "Right after they submit",
    Phase.LATER_OPEN: "Later, while the session is open",
    Phase.AFTER_CLOSE: "After you close the session",
}
PART_WORDS: dict[Part, str] = {
    Part.SCORE: "score",
    Part.MARKS: "right/wrong marks",
    Part.KEY: "the answer",
    Part.RATIONALE: "why (rationale)",
    Part.SOURCES: "sources",
}
EVERYTHING = frozenset(Part)
NOTHING: frozenset[Part] = frozenset()
SCORE_ONLY = frozenset({Part.SCORE})


@dataclass(frozen=True)
class Shown:
    """What one screen may show now."""

    score: bool = False
    marks: bool = False
    key: bool = False
    rationale: bool = False
    sources: bool = False

    @classmethod
    def of(cls, parts: Iterable[Part]) -> Shown:
        found = set(parts)
        return cls(*(part in found for part in Part))

    @property
    def anything(self) -> bool:
        return self.score or self.marks or self.key or self.rationale or self.sources

    @property
    def item_by_item(self) -> bool:
        """True when the review lists the items (anything beyond the score)."""
        return self.marks or self.key or self.rationale or self.sources


def _parts(values: Any) -> frozenset[Part]:
    known = {p.value: p for p in Part}
    return frozenset(known[v] for v in values or () if isinstance(v, str) and v in known)


@dataclass(frozen=True)
class ReviewOptions:
    """For each phase, the parts the learner may see (a phase not listed shows nothing)."""

    phases: Mapping[Phase, frozenset[Part]] = field(default_factory=dict)

    def shown(self, phase: Phase) -> Shown:
        """What may be shown in `phase`."""
        return Shown.of(self.phases.get(phase, NOTHING))

    def to_dict(self) -> dict[str, list[str]]:
        """Plain JSON-ready data (parts in a fixed order)."""
        return {phase.value: [p.value for p in Part if p in self.phases.get(phase, NOTHING)] for phase in Phase}

    @classmethod
    def from_dict(cls, data: Any) -> ReviewOptions | None:
        """Options from stored data; None when there are none (unknown names are ignored)."""
        if not isinstance(data, Mapping):
            return None
        return cls({phase: _parts(data.get(phase.value)) for phase in Phase})


def options(
    during: frozenset[Part], after_submit: frozenset[Part], later: frozenset[Part], closed: frozenset[Part]
) -> ReviewOptions:
    """Review options from one set of parts per phase, in phase order."""
    return ReviewOptions(
        {Phase.DURING: during, Phase.AFTER_SUBMIT: after_submit, Phase.LATER_OPEN: later, Phase.AFTER_CLOSE: closed}
    )


SELF_PRACTICE = options(EVERYTHING, EVERYTHING, EVERYTHING, EVERYTHING)
SELF_EXAM = options(NOTHING, EVERYTHING, EVERYTHING, EVERYTHING)
CLASS_EXAM = options(NOTHING, SCORE_ONLY, SCORE_ONLY, EVERYTHING)
CLASS_PRACTICE = options(EVERYTHING, EVERYTHING, EVERYTHING, EVERYTHING)
AFTER_CLASS = options(NOTHING, NOTHING, NOTHING, NOTHING)

Mode = Literal["practice", "exam"]


def self_paced_defaults(mode: Mode) -> ReviewOptions:
    """A self-paced quiz: what it has always shown (practice as it goes, an exam after submission)."""
    return SELF_PRACTICE if mode == "practice" else SELF_EXAM


def class_defaults(mode: Mode) -> ReviewOptions:
    """A new class session's defaults: an exam shows the score only until the session is closed."""
    return CLASS_PRACTICE if mode == "practice" else CLASS_EXAM


def from_feedback_mode(mode: Mode, feedback: str) -> ReviewOptions:
    """The options that give what an older feedback mode gave (settings stored before review options)."""
    if feedback == "after_class":
        return AFTER_CLASS
    if feedback == "each_answer" and mode == "practice":
        return SELF_PRACTICE
    return SELF_EXAM


def phase_now(*, submitted: bool, just_submitted: bool, session_closed: bool) -> Phase:
    """The phase a learner is in: closed first (it wins), then during, right after, later."""
    if session_closed:
        return Phase.AFTER_CLOSE
    if not submitted:
        return Phase.DURING
    return Phase.AFTER_SUBMIT if just_submitted else Phase.LATER_OPEN


def problems(review: ReviewOptions, mode: Mode) -> list[str]:
    """What cannot work: an exam marks nothing while it is answered."""
    if mode == "exam" and review.shown(Phase.DURING).anything:
        return ["An exam cannot show anything while the learner answers."]
    return []
