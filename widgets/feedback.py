"""Feedback panels, built only after the fact from a Feedback the Attempt allowed.

Practice: right / not yet / not right with an icon and words, feedback on the chosen
options, and once the item is final the key, the rationale and the cited passages.
The same parts make up each entry of the review page after submission.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from quizbank.items import answer_lines, key_lines, option_label
from quizbank.models import Item
from quizbank.review_policy import EVERYTHING, Shown
from quizbank.session import Feedback, QuizSettings
from widgets.html import bullet_list, esc, plural, points, raw_tag, tag
from widgets.style import classed

FULL = Shown.of(EVERYTHING)


def retry_rule(settings: QuizSettings) -> str:
    """The practice retry rule in the learner's words (quizbank.session.retry_points applies it)."""
    penalty = round(settings.retry_penalty * 100)
    return f"Each try after the first takes {penalty}% of this item's points off what you earn on it."


def verdict_words(feedback: Feedback, settings: QuizSettings) -> tuple[str, str]:
    """The verdict as an icon with words, and its CSS class (colour is never the only sign)."""
    if feedback.correct:
        return "✓ Correct", "cq-right"
    if not feedback.final:
        return f"✗ Not yet — try again. {retry_rule(settings)}", "cq-wrong"
    if settings.mode == "practice" and feedback.tries == 0:
        return "✗ Not checked before the quiz was submitted", "cq-wrong"
    if feedback.awarded > 0:
        return "◐ Partly right", "cq-partly"
    return "✗ Not right", "cq-wrong"


def points_words(feedback: Feedback) -> str:
    """'0.75 of 1 point' (only for a final item)."""
    return f"{points(feedback.awarded)} of {plural(feedback.max_points, 'point')}"


def verdict_html(feedback: Feedback, settings: QuizSettings) -> str:
    """Right or wrong, with an icon and words, and the points when the item is final."""
    head, cls = verdict_words(feedback, settings)
    text = tag("span", head)
    if feedback.final:
        text += tag("span", f" — {points_words(feedback)}")
        if feedback.tries > 1 and feedback.awarded > 0:
            text += tag("span", f" (after {feedback.tries} tries)", "cq-muted")
    return raw_tag("div", text, f"cq-verdict {cls}")


def option_feedback_html(item: Item, feedback: Feedback) -> str:
    """Feedback on the options the learner chose."""
    if not feedback.option_feedback:
        return ""
    lines = "".join(
        raw_tag("li", tag("b", option_label(item, option)) + " — " + esc(text))
        for option, text in feedback.option_feedback
    )
    return tag("h3", "About your choice") + raw_tag("ul", lines)


def key_html(item: Item, feedback: Feedback, shown: Shown = FULL) -> str:
    """The key, the rationale and the sources, each only when `shown` allows it; empty unless final."""
    if not feedback.final:
        return ""
    parts: list[str] = []
    if shown.key:
        parts += [tag("h3", "The answer"), bullet_list(key_lines(item))]
    if shown.rationale:
        parts += [tag("h3", "Why"), tag("p", feedback.rationale)]
    if not shown.sources:
        return "".join(parts)
    parts.append(tag("h3", "Source" if len(feedback.citations) == 1 else "Sources"))
    for passage in feedback.citations:
        parts.append(raw_tag("p", "From " + tag("i", passage.title) + ":"))
        parts.append(tag("blockquote", passage.quote))
    return "".join(parts)


def _marked(item: Item, feedback: Feedback, settings: QuizSettings, shown: Shown) -> str:
    verdict = verdict_html(feedback, settings) if shown.marks else ""
    about = option_feedback_html(item, feedback) if shown.rationale else ""
    return verdict + about + key_html(item, feedback, shown)


def practice_panel(item: Item, feedback: Feedback, settings: QuizSettings, shown: Shown = FULL) -> ipw.HTML:
    """A new panel for a practice check (created after the check, never before), with what `shown` allows."""
    body = _marked(item, feedback, settings, shown)
    return classed(ipw.HTML(body, layout=ipw.Layout(width="100%")), "cq-feedback")


def review_html(
    number: int, item: Item, feedback: Feedback, response: Any, settings: QuizSettings, shown: Shown = FULL
) -> str:
    """One entry of the review page: the question, the learner's answer, and what `shown` allows of
    the marks, the key, why and the source."""
    return raw_tag(
        "div",
        tag("h3", f"Item {number}")
        + tag("p", item.stem, "cq-stem")
        + (verdict_html(feedback, settings) if shown.marks else "")
        + tag("h3", "Your answer")
        + bullet_list(answer_lines(item, response))
        + (option_feedback_html(item, feedback) if shown.rationale else "")
        + key_html(item, feedback, shown),
        "cq-review-item",
    )
