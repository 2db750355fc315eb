"""After submission: the results page (the score, then every item with the learner's answer,
the key, the points, the rationale and the cited sources), or, when the class's feedback
waits for the class discussion, only that the answers were handed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.attempt_score import HOW_IT_COUNTS, AttemptScore
from quizbank.review_policy import Shown
from quizbank.session import Attempt
from widgets.feedback import FULL, points_words, review_html, verdict_words
from widgets.html import bullet_list, plural, points, tag
from widgets.style import classed


def score_words(score: AttemptScore) -> str:
    """'7.5 of 12 marks (63%)': the one wording of a score, on every screen that shows one."""
    return f"{points(score.earned)} of {plural(score.possible, score.unit)} ({round(score.percent)}%)"


def score_line(attempt: Attempt) -> str:
    """'You scored 7.5 of 12 marks (63%).', and how the score counts."""
    score = attempt.score()
    return f"You scored {score_words(score)}. {HOW_IT_COUNTS[score.score_by]}"


def _extras(note: str, status: ipw.Widget | None) -> list[ipw.Widget]:
    found: list[ipw.Widget] = []
    if note:
        found.append(classed(ipw.HTML(tag("p", note)), "cq-banner-holder"))
    if status is not None:
        found.append(status)
    return found


def _what_follows(shown: Shown) -> str:
    """The line under the score, saying what the review holds now."""
    if shown == FULL:
        return "Below is every item with your answer, the answer, why, and the source."
    if not shown.item_by_item:
        return "The answers are shown once your instructor allows it; come back to this page then."
    return "Below is every item with your answer; more is shown once your instructor allows it."


class ReviewScreen:
    """Built only after the attempt is submitted (it reads final Feedback for every item)."""

    def __init__(
        self,
        attempt: Attempt,
        on_new_quiz: Callable[[Any], None],
        *,
        done_label: str = "Start a new quiz",
        note: str = "",
        status: ipw.Widget | None = None,
        code_label: str | None = None,
        shown: Shown = FULL,
    ) -> None:
        if not attempt.submitted:
            raise ValueError("the review is shown only after submission")
        mode = "Practice" if attempt.settings.mode == "practice" else "Exam"
        header = ipw.HTML(
            tag("h2", f"{mode} results")
            + (tag("p", score_line(attempt), "cq-stem") if shown.score else "")
            + tag("p", f"{code_label or f'Quiz code: {attempt.seed}'} · {len(attempt.items)} items", "cq-muted")
            + tag("p", _what_follows(shown))
        )
        entries = []
        summary = []
        for number, item in enumerate(attempt.items if shown.item_by_item else (), start=1):
            feedback = attempt.feedback(item.id)
            if feedback is None:  # pragma: no cover - a submitted attempt always has feedback
                continue
            if shown.marks:
                words, _ = verdict_words(feedback, attempt.settings)
                summary.append(f"Item {number}: {words}, {points_words(feedback)}")
            html = review_html(number, item, feedback, attempt.states[item.id].response, attempt.settings, shown)
            entries.append(ipw.HTML(html, layout=ipw.Layout(width="100%")))
        if summary:
            entries.insert(0, ipw.HTML(tag("h3", "Item by item") + bullet_list(summary, "cq-summary")))
        self.new_quiz = ipw.Button(description=done_label, button_style="primary")
        self.new_quiz.on_click(on_new_quiz)
        self.box = classed(
            ipw.VBox([*_extras(note, status), header, *entries, self.new_quiz], layout=ipw.Layout(width="100%")),
            "cq-review",
        )


class HandedInScreen:
    """A class quiz whose answers are discussed in class: no score, no key, only that it is handed in."""

    def __init__(
        self,
        attempt: Attempt,
        on_done: Callable[[Any], None],
        *,
        done_label: str = "Back to home",
        note: str = "",
        status: ipw.Widget | None = None,
        code_label: str | None = None,
    ) -> None:
        if not attempt.submitted:
            raise ValueError("shown only after submission")
        count = len(attempt.items)
        header = ipw.HTML(
            tag("h2", "Quiz handed in")
            + (tag("p", code_label, "cq-muted") if code_label else "")
            + tag("p", f"You answered {attempt.answered} of {count} item{'s' if count != 1 else ''}.", "cq-stem")
            + tag("p", "Your instructor will go through the answers with the class.")
        )
        self.new_quiz = ipw.Button(description=done_label, button_style="primary")
        self.new_quiz.on_click(on_done)
        self.box = classed(
            ipw.VBox([*_extras(note, status), header, self.new_quiz], layout=ipw.Layout(width="100%")), "cq-review"
        )
