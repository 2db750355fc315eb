"""Unfolding case scenarios: the YAML format and how a step branches.

A case is a fictional patient, a chart (history, nurses' notes, vital signs, medications,
labs) and a graph of steps. Each step follows one of the six clinical-judgment steps,
adds or changes chart entries when it is reached, asks one embedded bank item, and
branches on the learner's answer to the next step or to an ending:

- a `single` item branches per option id (every option needs a branch);
- a `true_false` item branches on `true` and `false`;
  (the item type's registry entry says so: `answer_branches`, quizbank/items/)
- every other item type branches on `correct` and `incorrect`: `correct` when the item's
  score reaches the step's `pass_mark` share of its points (default 1.0: every point),
  `incorrect` otherwise.

Points: each step gives its item's score (scoring.score); the ending reached adds its
`points`. `check_case` (quizbank/case_checks.py) finds what a valid model can still get wrong;
quizbank/case_loading.py loads the cases of a bank's files.

Playing a case (`CasePlay`) is in quizbank/case_session.py. quizbank/bankfile.py imports this
module (for BankFile's `cases`); this one imports the item models, never models.py or bankfile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from quizbank import items as item_types
from quizbank.fields import Audience, Citation, FieldProblem, Id, JudgmentStep, Strict, Text
from quizbank.items import Item

if TYPE_CHECKING:
    from quizbank.scoring import Score

CHART_TABS: tuple[str, ...] = ("history", "notes", "vitals", "medications", "labs")
CORRECT, INCORRECT = "correct", "incorrect"
Outcome = Literal["good", "fair", "poor"]

Label = Annotated[str, StringConstraints(min_length=1, max_length=40)]


# -- the format ------------------------------------------------------------------------


def _no_repeats(values: list[str], what: str, at: tuple[str | int, ...]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise FieldProblem(f"{what} '{value}' appears twice", at + (index, "id"))
        seen.add(value)


class ChartEntry(Strict):
    """One row of a chart tab: an id (so a later step can change it), the text, an optional time."""

    id: Id
    text: Text
    time: Label | None = None


class Chart(Strict):
    """A patient chart, or the entries a step adds to it (an entry with an existing id replaces it)."""

    history: list[ChartEntry] = []
    notes: list[ChartEntry] = []
    vitals: list[ChartEntry] = []
    medications: list[ChartEntry] = []
    labs: list[ChartEntry] = []

    @model_validator(mode="after")
    def _ids_unique_per_tab(self) -> Chart:
        for tab in CHART_TABS:
            _no_repeats([e.id for e in getattr(self, tab)], f"{tab} entry id", (tab,))
        return self


class Patient(Strict):
    """The case's patient. Always fictional."""

    name: Text
    age: Annotated[int, Field(ge=0, le=120)]
    sex: Literal["female", "male", "other"]
    setting: Text


class CaseTags(Strict):
    """Topic and drug of a case."""

    topic: Id
    drug: Id = "anakinra"


class Branch(Strict):
    """Where an answer leads (a step or ending id) and what the learner is told happens."""

    next: Id
    consequence: Text
    citations: list[Citation] = []


class Step(Strict):
    """One point of decision: a judgment step, chart changes, an embedded item, its branches."""

    id: Id
    judgment_step: JudgmentStep
    narrative: Text | None = None
    chart_update: Chart | None = None
    item: Item
    pass_mark: Annotated[float, Field(gt=0, le=1)] = 1.0
    branches: dict[Id, Branch] = {}


class Ending(Strict):
    """How the case ends: an outcome, points for reaching it, a debrief, and its sources."""

    id: Id
    title: Text
    outcome: Outcome
    points: Annotated[float, Field(ge=0)]
    text: Text
    debrief: Text
    citations: Annotated[list[Citation], Field(min_length=1)]


class Case(Strict):
    """An unfolding case scenario."""

    id: Id
    version: Annotated[int, Field(ge=1)] = 1
    title: Text
    summary: Text
    audience: Audience
    objectives: Annotated[list[Id], Field(min_length=1)]
    tags: CaseTags
    patient: Patient
    chart: Chart
    start: Id
    steps: Annotated[list[Step], Field(min_length=1)]
    endings: Annotated[list[Ending], Field(min_length=1)]

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError when there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def ending(self, ending_id: str) -> Ending:
        """The ending with this id (KeyError when there is none)."""
        for ending in self.endings:
            if ending.id == ending_id:
                return ending
        raise KeyError(ending_id)

    def is_ending(self, node_id: str) -> bool:
        return any(e.id == node_id for e in self.endings)


# -- branching rules -----------------------------------------------------------------------


def branch_keys(step: Step) -> tuple[str, ...]:
    """The branches a step must have: option ids, true/false, or correct/incorrect."""
    return item_types.answer_branches(step.item) or (CORRECT, INCORRECT)


def right_branch(step: Step) -> str:
    """The branch a fully right answer takes: the key option, the key's true/false, or correct."""
    return item_types.answer_branch(step.item, item_types.key_response(step.item)) or CORRECT


def branch_for(step: Step, response: Any, result: Score) -> str:
    """Which branch an (already scored, well-formed) response takes."""
    branch = item_types.answer_branch(step.item, response)
    if branch is not None:
        return branch
    return CORRECT if result.points >= step.pass_mark * result.max_points - 1e-9 else INCORRECT
