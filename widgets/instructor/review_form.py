"""The create form's review options: what learners see after they submit, later, and after you close
the session (quizbank.review_policy), one plain choice per phase, with the mode's defaults."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from quizbank import review_policy
from quizbank.review_policy import EVERYTHING, NOTHING, SCORE_ONLY, Part, Phase, ReviewOptions
from widgets.html import tag
from widgets.start import field

LEVELS: dict[str, frozenset[Part]] = {
    "nothing": NOTHING,
    "score": SCORE_ONLY,
    "marks": frozenset({Part.SCORE, Part.MARKS}),
    "everything": EVERYTHING,
}
LEVEL_WORDS = [
    ("Nothing yet", "nothing"),
    ("Their score only", "score"),
    ("Score and which answers were right", "marks"),
    ("Everything: score, right/wrong, the answers, why, sources", "everything"),
]
AFTER = (Phase.AFTER_SUBMIT, Phase.LATER_OPEN, Phase.AFTER_CLOSE)


def level_of(parts: frozenset[Part]) -> str:
    """The choice that gives `parts` (the nearest one below it)."""
    for name in ("everything", "marks", "score"):
        if LEVELS[name] <= parts:
            return name
    return "nothing"


class ReviewChoice:
    """One dropdown per phase after the attempt; `options(during)` the chosen ReviewOptions."""

    def __init__(self, mode: str = "practice") -> None:
        self.choices = {
            phase: field(
                ipw.Dropdown(options=LEVEL_WORDS, value="everything", description=review_policy.PHASE_WORDS[phase])
            )
            for phase in AFTER
        }
        self.box = ipw.VBox(
            [ipw.HTML(tag("h3", "What learners see of their results")), *self.choices.values()],
            layout=ipw.Layout(width="100%"),
        )
        self.use_defaults(mode)

    def use_defaults(self, mode: str, *_: Any) -> None:
        """The mode's defaults: an exam shows the score only until you close the session."""
        defaults = review_policy.class_defaults("exam" if mode == "exam" else "practice")
        for phase, control in self.choices.items():
            control.value = level_of(defaults.phases.get(phase, NOTHING))

    def options(self, during: frozenset[Part]) -> ReviewOptions:
        """The review options as chosen (`during`: what checks show while answering)."""
        after = [LEVELS.get(self.choices[p].value, NOTHING) for p in AFTER]
        return review_policy.options(during, *after)
