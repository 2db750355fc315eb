"""Questions as a Moodle XML or GIFT file states them, before they become clinquiz items.

Both readers produce these; one mapper (mapping.py) turns them into items and loss reports.
Texts keep their source format (HTML, plain, Markdown, Moodle auto-format) until then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from quizbank.interchange.report import Loss

SourceFormat = Literal["moodle-xml", "gift"]
TextFormat = Literal["html", "plain", "markdown", "moodle"]


class QuestionError(Exception):
    """A question that is broken by its own format's rules (Moodle would refuse it too)."""

    def __init__(self, message: str, line: int = 0, column: int = 0, needle: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.needle = needle  # text to look for on the line, to find the column


@dataclass
class SourceText:
    """A text as the file has it, in its format."""

    raw: str
    format: TextFormat = "html"
    line: int = 0
    own_format: bool = False  # a GIFT [format] marker on this very text (an answer, a feedback)


@dataclass
class Answer:
    """An answer (choice) with its Moodle fraction (-1 to 1; an ordering's position), and its feedback."""

    text: SourceText
    fraction: float
    feedback: SourceText | None = None
    line: int = 0
    raw_fraction: str = ""


@dataclass
class Pair:
    """A matching pair: a subquestion (empty for a distractor answer) and its answer."""

    question: SourceText
    answer: str
    line: int = 0


@dataclass
class GroupedChoice:
    """A choice of a 'select missing words' or 'drag and drop into text' question, and its group."""

    text: SourceText
    group: int
    line: int = 0


@dataclass
class Question:
    """One question of the input, in the terms of its format."""

    source: SourceFormat
    qtype: str  # Moodle's name: multichoice, truefalse, matching, gapselect, ddwtos, cloze, ordering, essay ...
    line: int
    name: str | None = None
    idnumber: str | None = None
    category: str | None = None
    text: SourceText = field(default_factory=lambda: SourceText(""))
    general_feedback: SourceText | None = None
    single: bool = True  # multichoice: one answer (radio buttons) or several (check boxes)
    answers: list[Answer] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    choices: list[GroupedChoice] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)  # type settings: gradingtype, layouttype ...
    tags: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # names of embedded files
    dropped: list[Loss] = field(default_factory=list)  # what the reader already knows it cannot carry
    block: dict[str, Any] | None = None  # the clinquiz block of an item clinquiz exported
