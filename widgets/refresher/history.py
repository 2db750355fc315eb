"""The learner's earlier sittings on the refresher plan: each pre-test, review session and post-test,
with a button to read its results and review again."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as ipw

from quizbank.refresher import Sitting
from quizbank.session import Attempt
from widgets.html import tag
from widgets.refresher.words import TITLES, day_words, percent
from widgets.review import score_line
from widgets.style import classed


def sitting_names(sittings: Sequence[Sitting]) -> list[str]:
    """A unique name per sitting, oldest first: "Pre-test", "Review session 2", "Post-test 1"."""
    totals = {kind: sum(1 for s in sittings if s.kind == kind) for kind in {s.kind for s in sittings}}
    counts: dict[str, int] = {}
    names = []
    for sitting in sittings:
        counts[sitting.kind] = counts.get(sitting.kind, 0) + 1
        number = f" {counts[sitting.kind]}" if totals[sitting.kind] > 1 else ""
        names.append(f"{TITLES[sitting.kind]}{number}")
    return names


def history_card(sittings: Sequence[Sitting], on_open: Callable[[str], None]) -> ipw.Widget | None:
    """The card listing `sittings` (oldest first) newest first, each with its own button; None if none."""
    if not sittings:
        return None
    rows: list[ipw.Widget] = [
        ipw.HTML(
            tag("h2", "Your earlier sittings")
            + tag("p", "Open one to read your answers again, with the answer, why, and the source.", "cq-muted")
        )
    ]
    for sitting, name in reversed(list(zip(sittings, sitting_names(sittings), strict=True))):
        button = ipw.Button(
            description=f"{name}, {day_words(sitting.submitted)}: {percent(sitting.score)}",
            tooltip=f"Read your {name.lower()} again",
            layout=ipw.Layout(width="auto", max_width="100%", align_self="flex-start"),
        )
        button.on_click(lambda _b, attempt_id=sitting.attempt_id: on_open(attempt_id))
        rows.append(button)
    return classed(ipw.VBox(rows, layout=ipw.Layout(width="100%")), "cq-plan-card", "cq-history")


def past_results_html(name: str, sitting: Sitting, attempt: Attempt) -> str:
    """The heading of an earlier sitting's results, read again from the plan."""
    return (
        tag("h2", f"{name} results")
        + tag("p", score_line(attempt), "cq-stem")
        + tag(
            "p",
            f"Submitted on {day_words(sitting.submitted)}. Below is every question with your answer, the answer, why, and the source.",
        )
    )


def retitle_results(results_box: ipw.Box, html: str) -> None:
    """Put the refresher's words in place of the quiz's heading on a results page."""
    for child in results_box.children:
        if isinstance(child, ipw.HTML) and "results</h2>" in child.value:
            child.value = html
            return
