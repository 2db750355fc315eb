"""The dashboard's two forms: create a class session, and open one with its code and key."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from quizbank.class_settings import (
    FEEDBACK_MODES,
    MAX_TIME_LIMIT_MIN,
    MODES,
    ClassSettings,
    choose_items,
    minutes_to_seconds,
    parse_item_ids,
)
from quizbank.loader import Bank
from quizbank.review_policy import EVERYTHING, NOTHING, ReviewOptions
from widgets.guard import guarded
from widgets.html import tag
from widgets.instructor.review_form import ReviewChoice
from widgets.instructor.style import show
from widgets.start import field, topic_name
from widgets.style import classed

LENGTHS = (5, 10, 20, 40)
CLASS_AUDIENCES = [("Nursing", "nursing"), ("Pharmacy", "pharmacy"), ("Both (all questions)", "both")]


def _exam_feedback() -> list[tuple[str, str]]:
    return [(text, value) for value, text in FEEDBACK_MODES.items() if value != "each_answer"]


class CreateSessionForm:
    """Items (by filter or by id) or a case; mode, feedback, time limit. Calls `on_create(settings)`."""

    def __init__(self, bank: Bank, on_create: Callable[[ClassSettings], object]) -> None:
        self.bank = bank
        self.on_create = on_create
        self.cases = dict(getattr(bank, "cases", {}) or {})
        what = [("Questions from the bank", "quiz")] + ([("A case scenario", "case")] if self.cases else [])
        self.what = field(ipw.RadioButtons(options=what, value="quiz", description="The class works on"))
        self.pick = field(
            ipw.RadioButtons(
                options=[("Chosen by topic, objective and audience", "filter"), ("These item ids", "ids")],
                value="filter",
                description="Questions",
            )
        )
        topics = sorted({item.tags.topic for item in bank.items.values()})
        self.audience = field(ipw.Dropdown(options=CLASS_AUDIENCES, value="both", description="Audience"))
        self.topic = field(
            ipw.Dropdown(
                options=[("All topics", "")] + [(topic_name(t), t) for t in topics], value="", description="Topic"
            )
        )
        self.objective = field(
            ipw.Dropdown(
                options=[("Any learning objective", "")] + [(o.text, o.id) for o in bank.objectives.values()],
                value="",
                description="Learning objective",
            )
        )
        self.length = field(ipw.Dropdown(options=[("10 questions", 10)], value=10, description="Number of questions"))
        self.matching = ipw.Label("")
        self.item_ids = field(
            ipw.Textarea(
                value="",
                description="Item ids (spaces, commas or new lines)",
                placeholder="e.g. dose-daily-same-time, storage-fridge",
            )
        )
        self.ids_status = ipw.Label("")
        self.case = field(
            ipw.Dropdown(
                options=[(c.title, cid) for cid, c in self.cases.items()] or [("(none)", "")], description="Case"
            )
        )
        self.mode = field(
            ipw.RadioButtons(options=[(t, v) for v, t in MODES.items()], value="practice", description="Mode")
        )
        self.feedback = field(
            ipw.Dropdown(
                options=[(t, v) for v, t in FEEDBACK_MODES.items()],
                value="each_answer",
                description="Learners see right/wrong and rationales",
            )
        )
        self.review = ReviewChoice(self.mode.value)
        self.time_limit = field(
            ipw.BoundedIntText(value=0, min=0, max=MAX_TIME_LIMIT_MIN, description="Time limit in minutes (0: none)")
        )
        self.title = field(ipw.Text(value="", description="Session name (optional, e.g. Ward 3, 2nd year)"))
        self.create_button = ipw.Button(description="Create class session", button_style="primary")
        self.create_button.on_click(self._create)
        self.message = classed(ipw.Label(""), "cq-status")
        self.filters = ipw.VBox([self.audience, self.topic, self.objective, self.matching, self.length])
        self.ids_box = ipw.VBox([self.item_ids, self.ids_status])
        self.quiz_box = ipw.VBox([self.pick, self.filters, self.ids_box])
        for control in (self.audience, self.topic, self.objective):
            control.observe(self._recount, names="value")
        self.item_ids.observe(self._check_ids, names="value")
        for control in (self.what, self.pick):
            control.observe(self._arrange, names="value")
        self.mode.observe(self._mode_changed, names="value")
        self._recount()
        self._arrange()
        self.box = ipw.VBox(
            [
                ipw.HTML(tag("h2", "New class session")),
                self.title,
                self.what,
                self.quiz_box,
                self.case,
                self.mode,
                self.feedback,
                self.review.box,
                self.time_limit,
                self.create_button,
                self.message,
            ],
            layout=ipw.Layout(width="100%"),
        )

    # -- keeping the form consistent -----------------------------------------------------------

    def _pool_size(self) -> int:
        return len(
            self.bank.select(
                audience=self.audience.value,
                topics=(self.topic.value,) if self.topic.value else (),
                objectives=(self.objective.value,) if self.objective.value else (),
            )
        )

    @guarded()
    def _recount(self, *_: Any) -> None:
        count = self._pool_size()
        if not count:
            self.matching.value = "No questions match. Choose another topic, objective or audience."
            self.length.options = [("No questions", 0)]
            return
        self.matching.value = f"{count} question{'s' if count != 1 else ''} match."
        previous = self.length.value or 10
        options = [(f"{n} questions", n) for n in LENGTHS if n < count] + [(f"All {count} questions", count)]
        self.length.options = options
        fitting = [v for _, v in options if v <= previous]
        self.length.value = max(fitting) if fitting else options[0][1]

    @guarded()
    def _check_ids(self, *_: Any) -> None:
        ids = parse_item_ids(self.item_ids.value)
        unknown = [i for i in ids if i not in self.bank.items]
        found = len(ids) - len(unknown)
        text = f"{found} question{'s' if found != 1 else ''} found."
        if unknown:
            text += " Not in the bank: " + ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else "")
        self.ids_status.value = text if ids else ""

    @guarded()
    def _arrange(self, *_: Any) -> None:
        quiz = self.what.value == "quiz"
        show(self.quiz_box, quiz)
        show(self.case, not quiz)
        show(self.filters, self.pick.value == "filter")
        show(self.ids_box, self.pick.value == "ids")

    @guarded()
    def _mode_changed(self, *_: Any) -> None:
        self.review.use_defaults(self.mode.value)
        current = self.feedback.value
        if self.mode.value == "exam":
            self.feedback.options = _exam_feedback()
            self.feedback.value = current if current != "each_answer" else "after_submit"
        else:
            self.feedback.options = [(t, v) for v, t in FEEDBACK_MODES.items()]
            self.feedback.value = current

    # -- creating ------------------------------------------------------------------------

    def settings(self) -> ClassSettings:
        """The settings as the form stands (unchecked)."""
        common: dict[str, Any] = dict(
            mode=self.mode.value,
            feedback=self.feedback.value,
            review=self._review(),
            time_limit_s=minutes_to_seconds(self.time_limit.value),
            title=self.title.value.strip()[:120],
        )
        if self.what.value == "case":
            return ClassSettings(kind="case", case_id=self.case.value or None, **common)
        if self.pick.value == "ids":
            ids = parse_item_ids(self.item_ids.value)
            return ClassSettings(kind="quiz", item_ids=tuple(ids), selection={"by": "ids"}, **common)
        seed = secrets.token_hex(4)
        topics = (self.topic.value,) if self.topic.value else ()
        objectives = (self.objective.value,) if self.objective.value else ()
        ids = choose_items(
            self.bank,
            audience=self.audience.value,
            topics=topics,
            objectives=objectives,
            length=int(self.length.value or 0),
            seed=seed,
        )
        selection = {
            "by": "filter",
            "audience": self.audience.value,
            "topics": list(topics),
            "objectives": list(objectives),
            "length": len(ids),
            "seed": seed,
        }
        return ClassSettings(kind="quiz", item_ids=tuple(ids), selection=selection, **common)

    def _review(self) -> ReviewOptions | None:
        """The review options chosen; feedback after the class discussion keeps everything back."""
        if self.feedback.value == "after_class":
            return None  # the feedback mode's own options: nothing at any time
        during = EVERYTHING if self.feedback.value == "each_answer" and self.mode.value == "practice" else NOTHING
        return self.review.options(during)

    def show_error(self) -> None:
        self.message.value = "Something went wrong; the session was not created."

    @guarded()
    def _create(self, _button: Any = None) -> None:
        settings = self.settings()
        problems = settings.problems(self.bank)
        if problems:
            self.message.value = " ".join(problems)
            return
        self.message.value = ""
        self.on_create(settings)


class OpenSessionForm:
    """Join code + instructor key; calls `on_open(code, key)`, which returns an error text or None."""

    def __init__(self, on_open: Callable[[str, str], str | None]) -> None:
        self.on_open = on_open
        self.code = field(ipw.Text(value="", description="Join code", placeholder="e.g. K7Q-4MP"))
        self.key = field(ipw.Password(value="", description="Instructor key"))
        self.open_button = ipw.Button(description="Open session")
        self.open_button.on_click(self._open)
        self.message = classed(ipw.Label(""), "cq-status")
        self.box = ipw.VBox(
            [
                ipw.HTML(
                    tag("h2", "Open a class session")
                    + tag(
                        "p",
                        "Use the reopen link you bookmarked, or type the join code and the instructor key.",
                        "cq-muted",
                    )
                ),
                self.code,
                self.key,
                self.open_button,
                self.message,
            ],
            layout=ipw.Layout(width="100%"),
        )

    def show_error(self) -> None:
        self.message.value = "Something went wrong; please try again."

    @guarded()
    def _open(self, _button: Any = None) -> None:
        problem = self.on_open(self.code.value, self.key.value)
        self.message.value = problem or ""
        if problem is None:
            self.key.value = ""
