"""Choosing a case: one card per case (title, summary, who it is for, the patient), and a
"Continue" card on top when the learner has a case in progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as ipw

from quizbank.case_debrief import ideal_path
from quizbank.cases import Case
from widgets.case.chart import patient_line
from widgets.case.style import button
from widgets.html import tag
from widgets.style import classed

AUDIENCE_WORDS = {
    "nursing": "Nursing students",
    "pharmacy": "Pharmacy (pharmacists and students)",
    "both": "Nursing and pharmacy",
}
INTRO = (
    "Each case unfolds step by step. Read the patient's chart, answer the question, and see what happens: "
    "your choices change how the case goes. At the end a debrief shows your path, your points and what "
    "the source documents say."
)


def case_card_html(case: Case) -> str:
    """The public facts of a case: title, summary, audience, patient, length (no step content)."""
    steps = len(ideal_path(case)) - 1
    return (
        tag("h3", case.title)
        + tag("p", case.summary)
        + tag("p", f"For: {AUDIENCE_WORDS.get(case.audience, case.audience)}", "cq-muted")
        + tag("p", f"Patient: {patient_line(case.patient)}", "cq-muted")
        + tag("p", f"About {steps} steps", "cq-muted")
    )


class CasePicker:
    """The list of cases; calls `on_start(case_id)` or `on_resume()`."""

    def __init__(
        self,
        cases: Sequence[Case],
        on_start: Callable[[str], None],
        on_resume: Callable[[], None],
        heading: str = "Clinical cases",
    ) -> None:
        self.on_start = on_start
        self.on_resume = on_resume
        self.message = classed(ipw.Label(""), "cq-status")
        self.resume_box = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.resume_button = button("Continue this case", primary=True)
        self.resume_button.on_click(lambda _b: self.on_resume())
        self.starts: dict[str, ipw.Button] = {}
        cards = []
        for case in cases:
            start = button("Start this case", primary=True, tooltip=f"Start: {case.title}")
            start.on_click(lambda _b, c=case.id: self.on_start(c))
            self.starts[case.id] = start
            cards.append(
                classed(
                    ipw.VBox([ipw.HTML(case_card_html(case)), start], layout=ipw.Layout(width="100%")), "cq-picker-card"
                )
            )
        intro = ipw.HTML(
            tag("h1", heading)
            + tag("p", INTRO)
            + tag("p", "A training tool with fictional patients, not clinical guidance.", "cq-muted")
        )
        self.box = ipw.VBox([intro, self.message, self.resume_box, *cards], layout=ipw.Layout(width="100%"))

    def offer_resume(self, title: str | None, progress: str = "") -> None:
        """Show (or, with None, hide) the card for the case in progress."""
        if title is None:
            self.resume_box.children = ()
            return
        html = ipw.HTML(
            tag("h2", "Continue where you stopped")
            + tag("p", title, "cq-stem")
            + (tag("p", progress + ". Your choices so far are saved.", "cq-muted") if progress else "")
            + tag("p", "Starting a different case ends this one where it stands.", "cq-muted")
        )
        self.resume_box.children = (
            classed(
                ipw.VBox([html, self.resume_button], layout=ipw.Layout(width="100%")),
                "cq-picker-card",
                "cq-resume-card",
            ),
        )

    def say(self, text: str) -> None:
        self.message.value = text
