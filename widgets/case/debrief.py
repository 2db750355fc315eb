"""The end of a case: how it ended, the score, the path taken, and what would have been better.

Built only from `CasePlay.debrief()`, which exists only once an ending is reached. For
each step: the question, the learner's choice, the points, what happened; where the
learner did not earn every point, the better choice, what it would have led to, why
(the rationale) and the source passages (document title and quote).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from quizbank.case_debrief import Debrief, StepReview
from quizbank.cases import Case
from quizbank.items import answer_lines, key_lines
from quizbank.models import Item
from quizbank.session import CitedPassage
from widgets.case.style import button
from widgets.html import bullet_list, plural, points, raw_tag, tag
from widgets.style import classed

OUTCOME_WORDS = {
    "good": ("✓ Good outcome", "cq-right"),
    "fair": ("◐ Fair outcome", "cq-partly"),
    "poor": ("✗ Poor outcome", "cq-wrong"),
}


def judgment_name(step_id: str) -> str:
    words = step_id.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def sources_html(passages: tuple[CitedPassage, ...], heading: str = "Source") -> str:
    """Each passage as 'From <title>:' and the quote."""
    if not passages:
        return ""
    out = tag("h4", heading if len(passages) == 1 else heading + "s")
    for passage in passages:
        out += raw_tag("p", "From " + tag("i", passage.title) + ":") + tag("blockquote", passage.quote)
    return out


def step_html(number: int, review: StepReview, item: Item) -> str:
    """One step of the path: question, choice, points, what happened, and the better choice if any."""
    verdict = "✓ Full points" if review.better is None else ("◐ Some points" if review.points > 0 else "✗ No points")
    body = (
        tag("h3", f"Step {number} · {judgment_name(review.judgment_step)}")
        + tag("p", review.stem, "cq-stem")
        + tag("h4", "Your choice")
        + bullet_list(answer_lines(item, review.response))
        + tag("p", f"{verdict}: {points(review.points)} of {plural(review.max_points, 'point')}", "cq-score")
        + tag("h4", "What happened")
        + tag("p", review.consequence)
    )
    better = review.better
    if better is not None:
        body += raw_tag(
            "div",
            tag("h4", "A better choice")
            + bullet_list(key_lines(item))
            + tag("h4", "What it would have led to")
            + tag("p", better.consequence)
            + tag("h4", "Why")
            + tag("p", better.rationale)
            + sources_html(better.citations),
            "cq-better",
        )
    return raw_tag("li", body, "cq-path-step")


def path_line(debrief: Debrief, case: Case) -> str:
    """'Recognize cues → Analyze cues → ... → Ending: <title>' (plain text)."""
    names = [judgment_name(case.step(s).judgment_step) for s in debrief.path[:-1]]
    return " → ".join(names + [f"Ending: {debrief.ending.title}"])


def score_table(debrief: Debrief, case: Case) -> str:
    """Points per step and for the ending, and the total against the best path."""
    rows = "".join(
        raw_tag(
            "tr",
            tag("td", f"Step {n} · {judgment_name(r.judgment_step)}")
            + tag("td", f"{points(r.points)} of {points(r.max_points)}"),
        )
        for n, r in enumerate(debrief.steps, start=1)
    )
    best_ending = max(e.points for e in case.endings)
    rows += raw_tag(
        "tr",
        tag("td", f"Ending: {debrief.ending.title}")
        + tag("td", f"{points(debrief.ending_points)} of {points(best_ending)}"),
    )
    rows += raw_tag("tr", tag("th", "Total") + tag("th", f"{points(debrief.total)} of {points(debrief.ideal_total)}"))
    head = raw_tag("tr", tag("th", "Part of the case") + tag("th", "Points"))
    return raw_tag("table", head + rows, "cq-scores")


class DebriefScreen:
    """The ending and the debrief; `on_again` plays the case again, `on_other` goes back to the list."""

    def __init__(
        self, debrief: Debrief, case: Case, on_again: Callable[[], None], on_other: Callable[[], None]
    ) -> None:
        ending = debrief.ending
        words, cls = OUTCOME_WORDS.get(ending.outcome, (ending.outcome, "cq-partly"))
        summary = (
            tag("h2", "How the case ended")
            + raw_tag(
                "div", tag("p", f"{words}: {ending.title}", "cq-score") + tag("p", ending.text), f"cq-ending {cls}"
            )
            + tag("h3", "What this ending teaches")
            + tag("p", ending.debrief)
            + sources_html(debrief.ending_citations)
        )
        score = (
            tag("h2", "Your score")
            + tag("p", f"{points(debrief.total)} of a possible {plural(debrief.ideal_total, 'point')}.", "cq-score")
            + score_table(debrief, case)
            + tag(
                "p",
                f"Points possible differ from path to path: the best path through this case scores "
                f"{points(debrief.ideal_total)}.",
                "cq-muted",
            )
        )
        steps = "".join(step_html(n, r, case.step(r.step_id).item) for n, r in enumerate(debrief.steps, start=1))
        better_count = sum(1 for r in debrief.steps if r.better is not None)
        intro = (
            "You earned every point at every step."
            if better_count == 0
            else f"At {better_count} step{'s' if better_count != 1 else ''} a better choice existed: "
            "it is shown under that step, with what it would have led to, why, and the source."
        )
        walk = (
            tag("h2", "Your path, step by step")
            + tag("p", path_line(debrief, case), "cq-muted")
            + tag("p", intro)
            + raw_tag("ol", steps, "cq-path")
            + tag(
                "p",
                "A training case with a fictional patient, written from patient-information texts; "
                "not clinical guidance.",
                "cq-muted",
            )
        )
        self.again = button("Play this case again", primary=True)
        self.other = button("Choose another case")
        self.again.on_click(lambda _b: on_again())
        self.other.on_click(lambda _b: on_other())
        buttons = ipw.HBox([self.again, self.other], layout=ipw.Layout(flex_flow="row wrap", width="100%"))
        self.box = classed(
            ipw.VBox([ipw.HTML(summary), ipw.HTML(score), ipw.HTML(walk), buttons], layout=ipw.Layout(width="100%")),
            "cq-debrief",
        )
