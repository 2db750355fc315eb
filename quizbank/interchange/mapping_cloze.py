"""Moodle's sentence questions as clinquiz cloze items: 'select missing words', 'drag and drop
into text' and cloze (embedded answers) with drop-down gaps. Each gap becomes a blank."""

from __future__ import annotations

import html
import re
from typing import Any

from quizbank.interchange.cloze_gaps import Gap, check_gap, find_gaps
from quizbank.interchange.htmltext import html_to_text
from quizbank.interchange.mapping_text import Context, cloze_parts
from quizbank.interchange.source import QuestionError, SourceText

MAX_BLANKS = 8
MAX_CHOICES = 10
DEFAULT_STEM = "Complete the sentence."
_PLACE = re.compile(r"\[\[(\d+)\]\]")


def _finish(context: Context, stem: list[str], sentence: str, blanks: list[dict[str, Any]]) -> dict[str, Any]:
    if len(blanks) > MAX_BLANKS:
        raise context.skip(f"it has {len(blanks)} gaps; a clinquiz cloze item has at most {MAX_BLANKS} blanks")
    stem_text = context.fix("\n".join(stem))
    if not stem_text:
        stem_text = DEFAULT_STEM
        context.lose(
            "a stem",
            f"the question text is all sentence, and a clinquiz cloze item asks its question in a stem: '{DEFAULT_STEM}' was written (edit it)",
        )
    return {"type": "cloze", "stem": stem_text, "sentence": context.fix(sentence), "blanks": blanks}


def _unique(context: Context, texts: list[str], where: str) -> list[str]:
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        context.lose(f"repeated choices in {where}", "a blank offers each choice once; the repeats were removed")
    return unique


def map_gapselect(context: Context) -> dict[str, Any]:
    """A 'select missing words' (gapselect) or 'drag and drop into text' (ddwtos) question."""
    question = context.question
    raw = question.text.raw
    places = list(_PLACE.finditer(raw))
    if not places:
        raise QuestionError(
            f"the {question.qtype} question has no gaps such as [[1]] in its text", question.text.line or question.line
        )
    choices = question.choices
    pieces: list[tuple[int, int, str]] = []
    blanks: list[dict[str, Any]] = []
    for number, place in enumerate(places, 1):
        index = int(place.group(1))
        if not 1 <= index <= len(choices):
            raise QuestionError(
                f"the gap [[{index}]] names choice {index}, but there are {len(choices)} choices",
                question.text.line or question.line,
            )
        group = choices[index - 1].group
        texts = [context.text(c.text, f"choice {i + 1}") for i, c in enumerate(choices) if c.group == group]
        texts = _unique(context, [t for t in texts if t], f"gap {number}")
        key = context.text(choices[index - 1].text, f"choice {index}")
        if len(texts) < 2 or not key:
            raise context.skip(f"gap {number} has fewer than 2 choices to pick from; a blank needs at least 2")
        if len(texts) > MAX_CHOICES:
            raise context.skip(f"gap {number} has {len(texts)} choices; a blank has at most {MAX_CHOICES}")
        blank_id = f"g{number}"
        pieces.append((place.start(), place.end(), "{{" + blank_id + "}}"))
        blanks.append({"id": blank_id, "options": texts, "key": key})
    if question.qtype == "ddwtos":
        context.lose("drag and drop", "the gaps are drop-downs in clinquiz")
        if "infinite" not in question.options:
            context.lose(
                "'each choice once'",
                "in Moodle a dragged choice could fill only one gap; in clinquiz a choice may fill several blanks",
            )
    stem, sentence = cloze_parts(raw, pieces, context)
    return _finish(context, stem, sentence, blanks)


def _right_answer(gap: Gap) -> str:
    best = max(gap.alternatives, key=lambda a: a.fraction)
    return best.text


def _blank(context: Context, gap: Gap, number: int) -> dict[str, Any]:
    texts = [context.converted_text(SourceText(a.text, "html"), f"gap {number}").text for a in gap.alternatives]
    full = [i for i, a in enumerate(gap.alternatives) if abs(a.fraction - 1) < 1e-6]
    if len(full) > 1:
        context.lose(
            f"gap {number}: {len(full)} right answers",
            f"a blank has one key: '{texts[full[0]]}' was kept, the others now score 0",
            rule=True,
        )
    partial = [
        f"'{texts[i]}' {round(a.fraction * 100, 5):g}%"
        for i, a in enumerate(gap.alternatives)
        if a.fraction < 1 - 1e-6 and abs(a.fraction) > 1e-6
    ]
    if partial:
        context.lose(
            f"gap {number}: partial or negative marks " + ", ".join(partial),
            "a clinquiz blank scores 1 for its key and 0 otherwise",
            rule=True,
        )
    if any(a.feedback for a in gap.alternatives):
        context.lose(f"gap {number}: feedback on its answers", "clinquiz blanks have no per-choice feedback")
    if gap.kind != "dropdown":
        context.lose(f"gap {number}: {gap.kind} buttons", "clinquiz shows every blank as a drop-down")
    if any(not t for t in texts):
        raise context.skip(f"gap {number} has a choice that is empty once images are dropped")
    key = texts[full[0]]
    options = _unique(context, [context.fix(t) for t in texts], f"gap {number}")
    if len(options) > MAX_CHOICES:
        raise context.skip(f"gap {number} has {len(options)} choices; a blank has at most {MAX_CHOICES}")
    return {"id": f"g{number}", "options": options, "key": context.fix(key)}


def map_cloze(context: Context) -> dict[str, Any]:
    """A cloze (embedded answers) question: its drop-down gaps become blanks; other gaps are reported."""
    question = context.question
    raw = question.text.raw
    line = question.text.line or question.line
    gaps = find_gaps(raw, line)
    if not gaps:
        raise QuestionError("the cloze question has no gaps such as {1:MULTICHOICE:=right~wrong} in its text", line)
    for gap in gaps:
        check_gap(gap, line + raw.count("\n", 0, gap.start))
    pieces: list[tuple[int, int, str]] = []
    blanks: list[dict[str, Any]] = []
    weights: set[int] = set()
    for number, gap in enumerate(gaps, 1):
        if gap.kind in ("dropdown", "vertical", "horizontal"):
            blank = _blank(context, gap, len(blanks) + 1)
            pieces.append((gap.start, gap.end, "{{" + blank["id"] + "}}"))
            blanks.append(blank)
            weights.add(gap.weight)
            continue
        shown = html.escape(html_to_text(_right_answer(gap)).text, quote=False)
        pieces.append((gap.start, gap.end, shown))
        context.lose(
            f"gap {number} ({gap.moodle_type})",
            f"clinquiz has only drop-down blanks; the sentence now shows its right answer '{html.unescape(shown)}' in its place",
        )
    if not blanks:
        raise context.skip("none of its gaps is a drop-down (MULTICHOICE) gap, the only kind clinquiz has")
    if len(weights) > 1:
        context.lose(
            "gap weights " + ", ".join(str(g.weight) for g in gaps), "clinquiz scores every blank 1 point", rule=True
        )
    stem, sentence = cloze_parts(raw, pieces, context)
    return _finish(context, stem, sentence, blanks)
