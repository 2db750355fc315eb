"""The start screen: who is studying, what to focus on, how many questions, which mode, the seed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import ipywidgets as ipw

from quizbank.loader import Bank
from widgets.guard import guarded
from widgets.html import esc, raw_tag, tag
from widgets.start_choices import StartChoices, new_seed, valid_seed
from widgets.style import classed

LENGTHS = (5, 10, 20)
AUDIENCE_OPTIONS = [("Nurse", "nursing"), ("Pharmacist", "pharmacy"), ("Either (all questions)", "both")]
MODE_OPTIONS = [
    ("Practice: check each answer as you go", "practice"),
    ("Exam: see answers and score after you submit", "exam"),
]


def topic_name(topic: str) -> str:
    """'injection-sites' -> 'Injection sites'."""
    words = topic.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def quiz_title(bank: Bank) -> str:
    """'Anakinra quiz': the bank's drugs, else 'Quiz'."""
    drugs = sorted({item.tags.drug for item in bank.items.values()})
    return " and ".join(topic_name(d) for d in drugs) + " quiz" if drugs else "Quiz"


def field(widget: ipw.DOMWidget) -> ipw.DOMWidget:
    """Label above the control, full width (see the cq-field CSS)."""
    widget.style.description_width = "initial"
    widget.layout.width = "100%"
    return classed(widget, "cq-field")


class StartScreen:
    """Builds the choices and calls `on_start(choices)` when the learner presses Start."""

    def __init__(
        self,
        bank: Bank,
        defaults: StartChoices,
        on_start: Callable[[StartChoices], None],
        on_home: Callable[[], None] | None = None,
    ) -> None:
        self.bank = bank
        self.on_start = on_start
        topics = sorted({item.tags.topic for item in bank.items.values()})
        title = quiz_title(bank)
        sources = "".join(
            raw_tag("li", tag("i", doc.title) + esc(f" ({doc.publisher})")) for doc in bank.sources.values()
        )
        intro = ipw.HTML(
            tag("h1", title)
            + tag("p", "Questions written from these patient-information texts:")
            + raw_tag("ul", sources)
            + tag("p", "A training tool, not clinical guidance.", "cq-muted")
        )
        audience = self._pick(defaults.audience, AUDIENCE_OPTIONS, "both")
        self.audience = field(
            ipw.RadioButtons(options=AUDIENCE_OPTIONS, value=audience, description="I am studying as")
        )
        topic_options = [("All topics", "")] + [(topic_name(t), t) for t in topics]
        self.topic = field(
            ipw.Dropdown(
                options=topic_options, value=self._pick(defaults.topic, topic_options, ""), description="Topic"
            )
        )
        objective_options = [("Any learning objective", "")] + [(o.text, o.id) for o in bank.objectives.values()]
        self.objective = field(
            ipw.Dropdown(
                options=objective_options,
                value=self._pick(defaults.objective, objective_options, ""),
                description="Learning objective",
            )
        )
        self.matching = ipw.Label("")
        self.length = field(ipw.Dropdown(options=[("10 questions", 10)], value=10, description="Number of questions"))
        mode = self._pick(defaults.mode, MODE_OPTIONS, "practice")
        self.mode = field(ipw.RadioButtons(options=MODE_OPTIONS, value=mode, description="Mode"))
        self.seed = field(ipw.Text(value=defaults.seed or new_seed(), description="Quiz code (seed)"))
        seed_help = ipw.HTML(
            tag(
                "p",
                "The same code and choices give the same questions in the same order, so a class can share one code.",
                "cq-muted",
            )
        )
        self.start_button = ipw.Button(description="Start quiz", button_style="primary")
        self.start_button.on_click(self._start)
        self.message = classed(ipw.Label(""), "cq-status")
        self._wanted_length: int | None = defaults.length
        for control in (self.audience, self.topic, self.objective):
            control.observe(self._refresh, names="value")
        self._refresh()
        children = [
            intro,
            self.audience,
            self.topic,
            self.objective,
            self.matching,
            self.length,
            self.mode,
            self.seed,
            seed_help,
            self.start_button,
            self.message,
        ]
        if on_home is not None:
            self.home_button = ipw.Button(description="← Home", tooltip="Back to the choices")
            self.home_button.on_click(lambda _b: on_home())
            children.append(classed(ipw.HBox([self.home_button]), "cq-nav"))
        self.box = ipw.VBox(children, layout=ipw.Layout(width="100%"))

    @staticmethod
    def _pick(value: Any, options: list[tuple[str, Any]], fallback: Any) -> Any:
        return value if any(v == value for _, v in options) else fallback

    def pool_size(self) -> int:
        return len(self._pool())

    def _pool(self) -> list[Any]:
        return self.bank.select(
            audience=self.audience.value,
            topics=(self.topic.value,) if self.topic.value else (),
            objectives=(self.objective.value,) if self.objective.value else (),
        )

    @guarded()
    def _refresh(self, *_: Any) -> None:
        """Recount the matching questions and offer lengths that fit."""
        count = self.pool_size()
        previous = self.length.value if self.length.options else None
        if count == 0:
            self.matching.value = "No questions match these choices. Choose another topic or objective."
            self.length.options = [("No questions", 0)]
            self.start_button.disabled = True
            return
        self.matching.value = (
            f"{count} question{'s' if count != 1 else ''} match{'es' if count == 1 else ''} your choices."
        )
        options = [(f"{n} questions", n) for n in LENGTHS if n < count] + [(f"All {count} questions", count)]
        wanted = self._wanted_length if self._wanted_length is not None else previous
        self._wanted_length = None
        if not wanted or wanted > count:  # 0 means all
            wanted = count
        values = [v for _, v in options]
        fitting = [v for v in values if v <= wanted]
        self.length.options = options
        self.length.value = max(fitting) if fitting else min(values)
        self.start_button.disabled = False

    def choices(self) -> StartChoices:
        """The current choices (the seed as typed, checked by the caller)."""
        return StartChoices(
            audience=self.audience.value,
            topic=self.topic.value,
            objective=self.objective.value,
            length=int(self.length.value or 0),
            mode=self.mode.value,
            seed=self.seed.value.strip(),
        )

    def show_error(self) -> None:
        self.message.value = "Something went wrong. Please reload the page."

    @guarded()
    def _start(self, _button: Any = None) -> None:
        choices = self.choices()
        seed = valid_seed(choices.seed)
        if seed is None:
            self.message.value = "The quiz code may use letters, digits, - and _ (up to 32)."
            return
        if self.pool_size() == 0 or choices.length <= 0:
            self.message.value = "No questions match these choices."
            return
        self.message.value = ""
        self.on_start(replace(choices, seed=seed))

    def reset(self) -> None:
        """Ready for a new quiz: a fresh seed."""
        self.seed.value = new_seed()
        self.message.value = ""
