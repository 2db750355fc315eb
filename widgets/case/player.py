"""Playing one case: the chart beside the step's question, Submit, what happens, Continue, the end.

Every rule is CasePlay's; this screen only shows what the play has revealed and passes the
learner's actions to it. The browser can forge any message, so every handler re-checks:
an answer is taken only for the step now shown and only once (CasePlay refuses a stale
step id), a change to an answered step's controls is put back, and Continue works only
after the shown step is answered. The consequence, the feedback and the ending are built
as new widgets after the answer; nothing about a step is in the page before that.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.case_events import StepResult
from quizbank.case_session import CasePlay
from quizbank.cases import Step
from quizbank.models import JUDGMENT_STEPS
from quizbank.outcomes import Refusal, RefusalCode
from quizbank.scoring import InvalidResponse, check_response
from quizbank.services.cases import CaseRun
from quizbank.services.outbox import RecordsRefusal, SaveReport
from quizbank.session import QuizSettings
from widgets.case.chart import ChartPanel
from widgets.case.debrief import DebriefScreen
from widgets.case.style import button
from widgets.feedback import practice_panel
from widgets.guard import guarded
from widgets.html import raw_tag, tag
from widgets.items import ItemWidget, item_widget
from widgets.style import classed

log = logging.getLogger("clinquiz.widgets")
FEEDBACK_SETTINGS = QuizSettings(mode="practice", max_tries=1)
SUBMIT = "Submit answer"
SUBMITTED = "Answer submitted"


def judgment_name(step_id: str) -> str:
    """'prioritize-hypotheses' -> 'Prioritize hypotheses'."""
    words = step_id.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def judgment_line(number: int, judgment_step: str) -> str:
    """'Step 3 · Clinical judgment: Prioritize hypotheses (3 of 6)'."""
    where = ""
    if judgment_step in JUDGMENT_STEPS:
        where = f" ({JUDGMENT_STEPS.index(judgment_step) + 1} of {len(JUDGMENT_STEPS)})"
    return f"Step {number} · Clinical judgment: {judgment_name(judgment_step)}{where}"


def part_order(play: CasePlay, step: Step) -> Callable[[str], list[str]]:
    """The shown order of a blank's choices or a bow-tie side's options, fixed by the play's seed."""
    return lambda part: play.part_order(step, part)


def option_order(play: CasePlay) -> list[str]:
    """The current step's option order (the play's seeded order; an ordering item never starts solved)."""
    return play.option_order()


class StepPage:
    """One step: its narrative, the item, Submit; after the answer, what happened and Continue."""

    def __init__(self, play: CasePlay, number: int, chart_new: list[str]) -> None:
        step = play.current_step
        assert step is not None
        self.step = step
        self.number = number
        self.widget: ItemWidget = item_widget(step.item, option_order(play), part_order(play, step))
        self.draft: Any = self.widget.initial_response()
        self.result: StepResult | None = None
        self.answer: Any = None
        intro = tag("p", judgment_line(number, step.judgment_step), "cq-case-where")
        if step.narrative:
            intro += tag("p", step.narrative, "cq-narrative")
        if chart_new:
            intro += tag(
                "p",
                "New in the chart at this step: " + ", ".join(chart_new) + ". Read it before you answer.",
                "cq-chart-hint",
            )
        else:
            intro += tag("p", "Nothing new in the chart at this step.", "cq-muted")
        self.intro = ipw.HTML(intro, layout=ipw.Layout(width="100%"))
        self.submit = button(SUBMIT, primary=True, tooltip="Submit your answer to this step")
        self.message = classed(ipw.Label(""), "cq-status")
        self.outcome = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.continue_button: ipw.Button | None = None
        self.box = ipw.VBox([self.widget.box, self.submit, self.message, self.outcome], layout=ipw.Layout(width="100%"))


REFUSED_WORDS = {
    RefusalCode.NO_ANSWER: "Choose an answer first.",
    RefusalCode.INVALID_ANSWER: "That answer is not complete; check each part.",
}
NOT_TAKEN = "That answer was not taken."


def saved_words(report: SaveReport | None) -> tuple[str, str]:
    """What to say about saving the last choice, and its CSS class ('' when nothing is recorded here)."""
    if report is None:
        return "", ""
    if report.saved:
        return "Saved ✓", "cq-saved"
    if report.status == "pending":
        return "Not saved yet: the records are busy. It will be saved with your next choice.", "cq-unsaved"
    if report.code is RecordsRefusal.OTHER_WINDOW:
        return "Not saved: this case was changed in another window. Reload the page to carry on.", "cq-unsaved"
    return f"Not saved: {report.detail or 'the records refused this choice'}.", "cq-unsaved"


class CasePlayer:
    """A case being played (display `box`); `on_leave()` goes back to the list of cases.

    `play` is the case's run (its play and outbox), or a bare CasePlay that nothing records.
    """

    def __init__(
        self,
        play: CaseRun | CasePlay,
        *,
        on_leave: Callable[[], None] = lambda: None,
        on_again: Callable[[], None] = lambda: None,
        note: str = "",
    ) -> None:
        self.run = play if isinstance(play, CaseRun) else CaseRun(play)
        self.play = play = self.run.play
        self.on_leave = on_leave
        self.on_again = on_again
        self.pages: dict[int, StepPage] = {}  # by step number (a step id can come back in a loop)
        self.page: StepPage | None = None
        self.debrief: DebriefScreen | None = None
        self.leave = button("← All cases", tooltip="Back to the list of cases; your choices are kept")
        self.leave.on_click(lambda _b: self._leave())
        case = play.case
        self.note = ipw.HTML(tag("p", note, "cq-chart-hint") if note else "")
        self.head = classed(
            ipw.VBox(
                [self.leave, ipw.HTML(tag("p", "Clinical case", "cq-muted") + tag("h2", case.title)), self.note],
                layout=ipw.Layout(width="100%"),
            ),
            "cq-case-head",
        )
        self.chart = ChartPanel(case)
        self.question = classed(ipw.VBox([], layout=ipw.Layout(width="100%")), "cq-case-question")
        chart_column = classed(ipw.VBox([self.chart.box]), "cq-case-chart")
        self.layout = classed(
            ipw.HBox([chart_column, self.question], layout=ipw.Layout(flex_flow="row wrap", width="100%")),
            "cq-case-layout",
        )
        self.status = classed(ipw.Label(""), "cq-status")
        self.intro = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.main = ipw.VBox([self.intro, self.layout], layout=ipw.Layout(width="100%"))
        self.box = ipw.VBox([self.head, self.main, self.status], layout=ipw.Layout(width="100%"))
        if play.finished:
            self._show_end()
        else:
            self._show_step()

    # -- drawing ---------------------------------------------------------------------------

    def _show_step(self) -> None:
        """Draw the current step: the chart as it now stands and a new page for the question."""
        number = len(self.play.choices) + 1
        changed = self.chart.show(self.play.chart, self.play.path)
        page = StepPage(self.play, number, changed)
        page.widget.on_change = functools.partial(self._changed, number)
        page.submit.on_click(lambda _b, n=number, s=page.step.id: self._submit(n, s))
        self.pages[number] = page
        self.page = page
        self.question.children = (page.box,)
        self.intro.children = (page.intro,)
        self.main.children = (self.intro, self.layout)

    def _show_outcome(self, page: StepPage, result: StepResult) -> None:
        """What happened, built now that the step is answered; then Continue."""
        parts = [tag("h3", "What happens"), tag("p", result.consequence, "cq-consequence")]
        for passage in result.consequence_citations:
            source = "Source: " + tag("i", passage.title) + ": " + tag("q", passage.quote)
            parts.append(raw_tag("p", source, "cq-muted"))
        children: list[ipw.Widget] = [ipw.HTML("".join(parts))]
        if result.feedback is not None:
            children.append(practice_panel(page.step.item, result.feedback, FEEDBACK_SETTINGS))
        words, cls = saved_words(self.run.report)
        if words:
            children.append(classed(ipw.Label(words), cls))
        label = "See how the case ends →" if result.ending is not None else f"Continue to step {page.number + 1} →"
        go = button(label, primary=True)
        go.on_click(lambda _b, n=page.number: self._continue(n))
        if self.run.conflict:
            go.disabled = True
        page.continue_button = go
        children.append(go)
        page.outcome.children = (classed(ipw.VBox(children, layout=ipw.Layout(width="100%")), "cq-outcome"),)

    def _show_end(self) -> None:
        """The ending and the debrief (the play has reached an ending)."""
        self.debrief = DebriefScreen(self.play.debrief(), self.play.case, on_again=self._again, on_other=self._leave)
        self.main.children = (self.debrief.box,)
        self.page = None

    def show_error(self) -> None:
        self.status.value = "Something went wrong with that action; your choices so far are kept."

    # -- handlers: each one re-checks; the browser is not trusted --------------------------------

    def _is_open(self, number: int) -> bool:
        """True when step `number` is the one on screen and still waiting for its answer."""
        page = self.pages.get(number)
        step = self.play.current_step
        return (
            page is not None
            and page is self.page
            and page.result is None
            and step is not None
            and step.id == page.step.id
            and number == len(self.play.choices) + 1
        )

    def _changed(self, number: int, response: Any) -> None:
        """A control changed: keep it as the draft answer, or put it back."""
        page = self.pages.get(number)
        if page is None:
            return
        if not self._is_open(number):
            page.widget.show(page.answer if page.result is not None else page.draft)
            return
        try:
            check_response(page.step.item, response)
        except InvalidResponse:
            page.widget.show(page.draft)  # e.g. one pick too many: the widget says why
            return
        page.draft = response
        page.message.value = ""

    @guarded()
    def _submit(self, number: int, step_id: str) -> None:
        page = self.pages.get(number)
        if page is None or not self._is_open(number):
            return  # an answered or past step, or a forged click: nothing changes
        if page.draft is None:
            page.message.value = "Choose an answer first."
            return
        chosen = self.run.choose(page.draft, step_id=step_id)  # refused for a stale step id
        if chosen.refusal is not None or chosen.result is None:
            self._refused(chosen.refusal)
            return
        result = chosen.result
        page.result, page.answer = result, page.draft
        page.widget.lock()
        page.submit.disabled = True
        page.submit.description = SUBMITTED
        page.message.value = ""
        self._show_outcome(page, result)

    def _refused(self, refusal: Refusal | None) -> None:
        if self.page is not None and self.page.result is None:
            log.info("answer refused: %s", refusal.message if refusal is not None else "")
            self.page.message.value = REFUSED_WORDS.get(refusal.code, NOT_TAKEN) if refusal else NOT_TAKEN

    @guarded()
    def _continue(self, number: int) -> None:
        page = self.pages.get(number)
        if page is None or page is not self.page or page.result is None:
            return  # not the step on screen, or not answered yet
        if number != len(self.play.choices) or self.run.conflict:
            return
        self.note.value = ""  # "Welcome back" was for the step shown after the reload
        if self.play.finished:
            self._show_end()
        else:
            self._show_step()

    @guarded()
    def _leave(self) -> None:
        self.on_leave()

    @guarded()
    def _again(self) -> None:
        if self.play.finished:
            self.on_again()

    # -- for the home screen -----------------------------------------------------------------------

    def progress_words(self) -> str:
        """'3 steps answered' (for the picker's Continue card)."""
        done = len(self.play.choices)
        return f"{done} step{'s' if done != 1 else ''} answered"

    def close(self) -> None:
        """Close every widget of this player (it is not shown again)."""
        for widget in (self.box, self.layout, self.intro):
            close_tree(widget)
        for page in self.pages.values():
            close_tree(page.box)
            close_tree(page.intro)
        if self.debrief is not None:
            close_tree(self.debrief.box)


def close_tree(widget: ipw.Widget) -> None:
    """Close a widget and everything inside it."""
    for child in getattr(widget, "children", ()) or ():
        close_tree(child)
    for attr in ("layout", "style"):
        inner = getattr(widget, attr, None)
        if isinstance(inner, ipw.Widget):
            inner.close()
    widget.close()


__all__ = ["CasePlayer", "StepPage", "close_tree", "judgment_line"]
