"""Source questions (Moodle XML or GIFT) as clinquiz item data, with what could not come along.

`map_question` gives the item's own fields (type, stem, options, key, rationale ...); the
importer adds the id and the draft fields. A question broken by its own format's rules raises
QuestionError (the import then stops, as Moodle's would); a question that is fine but has no
clinquiz equivalent raises Skipped with the reasons, for the loss report.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from quizbank.interchange.mapping_cloze import map_cloze, map_gapselect
from quizbank.interchange.mapping_text import Context
from quizbank.interchange.moodle_grades import is_grade, percent
from quizbank.interchange.report import Loss
from quizbank.interchange.source import Answer, Question, QuestionError

MAX_OPTIONS = 12
_LETTERS = string.ascii_lowercase

_UNMAPPED = {
    "essay": "clinquiz has no free-text (essay) items",
    "shortanswer": "clinquiz has no typed-answer items (answers are chosen, not typed)",
    "numerical": "clinquiz has no typed-number items",
    "calculated": "clinquiz has no calculated items",
    "calculatedsimple": "clinquiz has no calculated items",
    "calculatedmulti": "clinquiz has no calculated items",
    "description": "a description is text without a question; clinquiz items always ask something",
    "random": "a random question is a placeholder for a draw from a category, not a question",
    "randomsamatch": "random short-answer matching draws from other questions; there is nothing to map",
    "ddimageortext": "clinquiz items are text; drag and drop onto an image has no equivalent",
    "ddmarker": "clinquiz items are text; markers dropped on an image have no equivalent",
}


@dataclass
class Mapped:
    """An item's own fields made from a question, its losses, and whether its scoring changed."""

    data: dict[str, Any]
    losses: list[Loss]
    converted: bool


def option_ids(count: int) -> list[str]:
    """a, b, c ... for up to 26 options."""
    return list(_LETTERS[:count])


def _stem(context: Context) -> str:
    stem = context.text(context.question.text, "question text")
    if not stem:
        raise context.skip("its text is empty once images and media are dropped")
    return stem


def _rationale(context: Context) -> str | None:
    return context.text(context.question.general_feedback, "general feedback") or None


def _options(context: Context, answers: list[Answer]) -> list[dict[str, Any]]:
    if len(answers) > MAX_OPTIONS:
        raise context.skip(f"it has {len(answers)} answers; a clinquiz item has at most {MAX_OPTIONS} options")
    options = []
    for index, (option_id, answer) in enumerate(zip(option_ids(len(answers)), answers)):
        text = context.text(answer.text, f"answer {index + 1}")
        if not text:
            raise context.skip(f"answer {index + 1} is empty once images are dropped")
        option: dict[str, Any] = {"id": option_id, "text": text}
        feedback = context.text(answer.feedback, f"feedback of answer {index + 1}")
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    return options


def _grades_checked(context: Context, answers: list[Answer], names: list[str]) -> None:
    odd = [f"'{n}' {a.raw_fraction or percent(a.fraction)}" for n, a in zip(names, answers) if not is_grade(a.fraction)]
    if odd and context.question.source == "moodle-xml":
        context.lose(
            "grades " + ", ".join(odd),
            "not among Moodle's grades (Moodle refuses such a file, or rounds them with 'nearest grade'); "
            "only whether each answer's grade is positive was used",
        )


def _multichoice(context: Context) -> dict[str, Any]:
    question = context.question
    answers = [a for a in question.answers if a.text.raw.strip()]
    if len(answers) < len(question.answers):
        context.lose(
            f"{len(question.answers) - len(answers)} empty answer(s)",
            "an answer without text is not shown (Moodle ignores it too)",
        )
    if len(answers) < 2:
        raise QuestionError(
            f"the multiple-choice question has {len(answers)} answer(s); Moodle needs at least 2", question.line
        )
    stem = _stem(context)
    options = _options(context, answers)
    names = [o["text"] for o in options]
    _grades_checked(context, answers, names)
    if question.single:
        full = [i for i, a in enumerate(answers) if abs(a.fraction - 1) < 1e-6]
        if not full:
            raise QuestionError("no answer of the single-answer question is fully right (100%)", question.line)
        if len(full) > 1:
            context.lose(
                "more than one right answer (" + ", ".join(f"'{names[i]}'" for i in full) + ")",
                f"a clinquiz single-answer item has one key: '{names[full[0]]}' was kept, the others now score 0",
                rule=True,
            )
        partial = [
            f"'{names[i]}' {percent(a.fraction)}%" for i, a in enumerate(answers) if 1e-6 < a.fraction < 1 - 1e-6
        ]
        if partial:
            context.lose(
                "partial credit " + ", ".join(partial), "a clinquiz single-answer item scores only its key", rule=True
            )
        negative = [f"'{names[i]}' {percent(a.fraction)}%" for i, a in enumerate(answers) if a.fraction < -1e-6]
        if negative:
            context.lose(
                "negative marks " + ", ".join(negative), "clinquiz scores a wrong answer 0, never below", rule=True
            )
        return {"type": "single", "stem": stem, "options": options, "key": options[full[0]]["id"]}
    right = [i for i, a in enumerate(answers) if a.fraction > 1e-9]
    if not right:
        raise QuestionError("no answer of the multiple-response question has a positive grade", question.line)
    share = 1.0 / len(right)
    if any(abs(a.fraction - (share if i in right else -share)) > 1e-4 for i, a in enumerate(answers)):
        weights = ", ".join(f"'{n}' {percent(a.fraction)}%" for n, a in zip(names, answers))
        context.lose(
            f"Moodle's answer weights ({weights})",
            "differ from clinquiz's select-all rule (+1 per right option chosen, -1 per wrong one, at least 0, "
            f"out of {len(right)}); the answers with a positive weight became the key and clinquiz's rule scores them",
            rule=True,
        )
    total = sum(a.fraction for a in answers if a.fraction > 0)
    if abs(total - 1) > 0.005:
        context.lose(
            f"positive grades adding up to {percent(total)}%", "Moodle expects 100% for a multiple-response question"
        )
    return {"type": "select_all", "stem": stem, "options": options, "key": [options[i]["id"] for i in right]}


def _truefalse(context: Context) -> dict[str, Any]:
    question = context.question
    by_text = {a.text.raw.strip().lower(): a for a in question.answers}
    true, false = by_text.get("true"), by_text.get("false")
    if true is None or false is None:
        raise QuestionError("a true/false question needs the answers 'true' and 'false'", question.line)
    if abs(true.fraction - 1) < 1e-6 and abs(false.fraction) < 1e-6:
        key = True
    elif abs(false.fraction - 1) < 1e-6 and abs(true.fraction) < 1e-6:
        key = False
    else:
        raise QuestionError(
            f"a true/false question needs one answer at 100% and the other at 0% (true {true.raw_fraction}, false {false.raw_fraction})",
            question.line,
        )
    data: dict[str, Any] = {"type": "true_false", "stem": _stem(context), "key": key}
    for name, answer in (("feedback_true", true), ("feedback_false", false)):
        text = context.text(answer.feedback, f"feedback of '{name[9:]}'")
        if text:
            data[name] = text
    return data


def _matching(context: Context) -> dict[str, Any]:
    question = context.question
    rows: list[tuple[str, str]] = []
    columns: list[str] = []
    for index, pair in enumerate(question.pairs):
        text = context.text(pair.question, f"subquestion {index + 1}")
        if pair.answer and pair.answer not in columns:
            columns.append(pair.answer)
        if text:
            if not pair.answer:
                raise QuestionError(f"the subquestion '{text}' has no answer", pair.line)
            rows.append((text, pair.answer))
        elif pair.question.raw.strip():
            raise context.skip(f"subquestion {index + 1} is empty once images are dropped")
    if len(rows) < 2:
        raise context.skip(f"it has {len(rows)} subquestion(s); a clinquiz matrix has at least 2 rows")
    if len(rows) > 12:
        raise context.skip(f"it has {len(rows)} subquestions; a clinquiz matrix has at most 12 rows")
    if not 2 <= len(columns) <= 6:
        raise context.skip(f"it has {len(columns)} different answers; a clinquiz matrix has 2 to 6 columns")
    column_ids = [f"c{i + 1}" for i in range(len(columns))]
    by_text = dict(zip(columns, column_ids))
    return {
        "type": "matrix",
        "stem": _stem(context),
        "rows": [{"id": f"r{i + 1}", "text": text} for i, (text, _) in enumerate(rows)],
        "columns": [{"id": cid, "text": text} for cid, text in zip(column_ids, columns)],
        "key": {f"r{i + 1}": by_text[answer] for i, (_, answer) in enumerate(rows)},
    }


_GRADINGS = {
    "ABSOLUTE_POSITION": "per_position",
    "ALL_OR_NOTHING": "all_or_nothing",
    "ABS": "per_position",
    "ABSOLUTE": "per_position",
}


def _ordering(context: Context) -> dict[str, Any]:
    question = context.question
    answers = question.answers
    if len(answers) < 2:
        raise QuestionError(f"the ordering question has {len(answers)} item(s); Moodle needs at least 2", question.line)
    options = _options(context, answers)
    order = sorted(range(len(answers)), key=lambda i: answers[i].fraction)
    given = question.options.get("gradingtype", "").upper()
    grading = given or "RELATIVE_NEXT_EXCLUDE_LAST"
    scoring = _GRADINGS.get(grading)
    if scoring is None:
        scoring = "per_position"
        context.lose(
            f"grading type {grading}" + ("" if given else " (none given: Moodle's default)"),
            "clinquiz scores an ordering per position or all-or-nothing; it is now scored per position",
            rule=True,
        )
    select = question.options.get("selecttype", "ALL").upper()
    count = question.options.get("selectcount", "0")
    if select not in ("ALL", "EXACT") and count.isdigit() and 0 < int(count) < len(answers):
        context.lose(
            f"{select} selection of {count} items",
            f"Moodle showed only {count} of the {len(answers)} items; clinquiz asks for all of them",
        )
    if question.options.get("layouttype", "").upper() in ("HORIZONTAL", "HORI", "H", "1"):
        context.lose("horizontal layout", "clinquiz lists the items to order one below the other")
    return {
        "type": "ordering",
        "stem": _stem(context),
        "options": options,
        "key": [options[i]["id"] for i in order],
        "scoring": scoring,
    }


def map_question(question: Question) -> Mapped:
    """The clinquiz fields of `question`; QuestionError if it is broken, Skipped if it has no equivalent."""
    context = Context(question)
    qtype = question.qtype
    if qtype in _UNMAPPED:
        raise context.skip(_UNMAPPED[qtype])
    if qtype == "multichoice":
        data = _multichoice(context)
    elif qtype == "truefalse":
        data = _truefalse(context)
    elif qtype in ("matching", "match"):
        data = _matching(context)
    elif qtype in ("gapselect", "ddwtos"):
        data = map_gapselect(context)
    elif qtype in ("cloze", "multianswer"):
        data = map_cloze(context)
    elif qtype == "ordering":
        data = _ordering(context)
    else:
        raise context.skip(f"clinquiz has no item type for Moodle's question type '{qtype}'")
    rationale = _rationale(context)
    if rationale:
        data["rationale"] = rationale
    return Mapped(data, context.finish(), context.converted)
