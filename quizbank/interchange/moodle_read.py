"""Read a Moodle XML question file into source questions (see source.py).

The file is parsed by safexml (no DTD, no entities, no network). Each `<question>` becomes a
Question in Moodle's own terms; what no clinquiz item can hold (penalties, hints, combined
feedback, tags, embedded files ...) is noted on it for the loss report. Only the shape of the
file is checked here; whether a question can become an item is mapping.py's business.
"""

from __future__ import annotations

from typing import Literal

from lxml import etree

from quizbank.errors import BankError, Problem
from quizbank.interchange import block as clinquiz_block
from quizbank.interchange.report import Loss
from quizbank.interchange.safexml import parse_xml
from quizbank.interchange.source import Answer, GroupedChoice, Pair, Question, SourceText, TextFormat

_FORMATS: dict[str, TextFormat] = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
_SETTINGS = ("layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "shuffleanswers")
_COMBINED = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")


class _Broken(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


def _text(holder: etree._Element | None, default_format: TextFormat = "html") -> SourceText | None:
    """The <text> of an element such as <questiontext format="html">, with its format."""
    if holder is None:
        return None
    inner = holder.find("text")
    raw = inner.text if inner is not None and inner.text is not None else ""
    fmt = _FORMATS.get(holder.get("format", ""), default_format)
    line = (inner.sourceline if inner is not None else holder.sourceline) or 0
    return SourceText(raw, fmt, line)


def _value(question: etree._Element, tag: str) -> str | None:
    found = question.find(tag)
    if found is None:
        return None
    inner = found.find("text")
    text = inner.text if inner is not None else found.text
    return (text or "").strip()


def _files(element: etree._Element) -> list[str]:
    return [f.get("name") or "(unnamed)" for f in element.iter("file")]


def _fraction(answer: etree._Element) -> tuple[float, str]:
    raw = (answer.get("fraction") or "0").strip()
    try:
        value = float(raw)
    except ValueError:
        raise _Broken(
            f"the answer's fraction '{raw}' is not a number; expected a percentage such as 100 or 50",
            answer.sourceline or 0,
        ) from None
    return value / 100, raw


def _answers(question: etree._Element, default_format: TextFormat) -> list[Answer]:
    found = []
    for answer in question.findall("answer"):
        fraction, raw = _fraction(answer)
        inner = answer.find("text")
        text = SourceText(
            inner.text or "" if inner is not None else "",
            _FORMATS.get(answer.get("format", ""), default_format),
            (inner.sourceline if inner is not None else answer.sourceline) or 0,
        )
        feedback = _text(answer.find("feedback"), default_format)
        found.append(
            Answer(text, fraction, feedback if feedback and feedback.raw.strip() else None, answer.sourceline or 0, raw)
        )
    return found


def _notes(question: etree._Element, read: Question) -> None:
    """What the question has that a clinquiz item cannot hold."""
    dropped = read.dropped
    penalty = _value(question, "penalty")
    if penalty and _nonzero(penalty):
        dropped.append(Loss(f"penalty {penalty}", "clinquiz takes no marks off for a retry"))
    grade = _value(question, "defaultgrade")
    if grade and _number(grade) != 1.0:
        dropped.append(Loss(f"default mark {grade}", "clinquiz weighs an item by its own points, not by a mark"))
    if _value(question, "hidden") in ("1", "true"):
        dropped.append(
            Loss("hidden", "the question was hidden in Moodle; clinquiz has no hidden items (a draft is not served)")
        )
    hints = question.findall("hint")
    if hints:
        dropped.append(Loss(f"{len(hints)} hint(s)", "clinquiz has no hints for a second try"))
    combined = [tag for tag in _COMBINED if (_value(question, tag) or "").strip()]
    if combined:
        dropped.append(
            Loss(
                "combined feedback (" + ", ".join(combined) + ")",
                "clinquiz gives per-answer feedback and a rationale, not feedback by overall result",
            )
        )
    if read.files:
        dropped.append(Loss("embedded files: " + ", ".join(read.files), "clinquiz items are text only"))
    if read.tags:
        dropped.append(Loss("Moodle tags: " + ", ".join(read.tags), "clinquiz tags are topic, drug and judgment step"))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _nonzero(text: str) -> bool:
    value = _number(text)
    return value is None or abs(value) > 1e-9


def _question(element: etree._Element, category: str | None, source: Literal["moodle-xml"]) -> Question:
    qtype = element.get("type", "")
    line = element.sourceline or 0
    text = _text(element.find("questiontext"))
    if text is None and qtype not in ("random",):
        raise _Broken(f"the {qtype or 'untyped'} question has no <questiontext>", line)
    read = Question(source, qtype, line, category=category, text=text or SourceText(""))
    name = _value(element, "name")
    read.name = name or None
    read.idnumber = _value(element, "idnumber") or None
    feedback = _text(element.find("generalfeedback"))
    if feedback is not None:
        html, found, problem = clinquiz_block.split(feedback.raw)
        feedback.raw = html
        read.block = found
        if problem:
            read.dropped.append(Loss("clinquiz block", problem))
    read.general_feedback = feedback if feedback and feedback.raw.strip() else None
    read.files = _files(element)
    read.tags = [t for t in (((tag.findtext("text") or "").strip()) for tag in element.iter("tag")) if t]
    single = _value(element, "single")
    read.single = single not in ("false", "0")
    for setting in _SETTINGS:
        value = _value(element, setting)
        if value is not None:
            read.options[setting] = value
    default_format = read.text.format
    read.answers = _answers(element, default_format)
    for sub in element.findall("subquestion"):
        question = _text(sub, default_format) or SourceText("")
        answer = sub.find("answer")
        answer_text = (answer.findtext("text") or "") if answer is not None else ""
        read.pairs.append(Pair(question, answer_text.strip(), sub.sourceline or 0))
    for tag in ("selectoption", "dragbox"):
        for choice in element.findall(tag):
            group = (choice.findtext("group") or "1").strip()
            if not group.isdigit():
                raise _Broken(f"the <{tag}> group '{group}' is not a number", choice.sourceline or 0)
            text = SourceText(choice.findtext("text") or "", "plain", choice.sourceline or 0)
            read.choices.append(GroupedChoice(text, int(group), choice.sourceline or 0))
            if tag == "dragbox" and choice.find("infinite") is not None:
                read.options["infinite"] = "1"
    _notes(element, read)
    return read


def read_moodle_xml(raw: bytes, name: str) -> list[Question]:
    """The questions of a Moodle XML file (categories applied); BankError if the file is unsafe or broken."""
    root = parse_xml(raw, name)
    if not isinstance(root.tag, str) or root.tag != "quiz":
        raise BankError(
            [
                Problem(
                    name,
                    root.sourceline or 1,
                    1,
                    f"expected a Moodle XML file, whose root is <quiz>; found <{root.tag}>",
                )
            ]
        )
    questions: list[Question] = []
    problems: list[Problem] = []
    category: str | None = None
    for element in root:
        if not isinstance(element.tag, str):  # comments
            continue
        if element.tag != "question":
            problems.append(Problem(name, element.sourceline or 0, 1, f"expected <question>, found <{element.tag}>"))
            continue
        if element.get("type") == "category":
            category = _value(element, "category") or None
            continue
        try:
            questions.append(_question(element, category, "moodle-xml"))
        except _Broken as exc:
            problems.append(Problem(name, exc.line, 1, exc.message))
    if problems:
        raise BankError(problems)
    return questions
