"""Items clinquiz exported to Moodle XML, restored from the question and its clinquiz block.

What Moodle shows (stem, answers, feedback, which answers are right, the rationale) is read
from the question, so an edit made in Moodle comes back; what Moodle cannot hold (ids, the
exact item type, citations, objectives, tags ...) comes from the block. When the question no
longer fits its block (an answer added in Moodle, say), Mismatch says why and the question is
imported as any other Moodle question.
"""

from __future__ import annotations

from typing import Any

from quizbank.interchange.block import Block
from quizbank.interchange.cloze_gaps import Gap, check_gap, find_gaps
from quizbank.interchange.mapping_text import Context, cloze_parts
from quizbank.interchange.source import Answer, Question, SourceText


class Mismatch(Exception):
    """The Moodle question does not fit its clinquiz block any more."""


def _ids(block: Block, name: str, count: int) -> list[str]:
    ids = block.shape.get(name)
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise Mismatch(f"the block's {name} are not a list of ids")
    if len(ids) != count:
        raise Mismatch(f"the block lists {len(ids)} {name} but the question has {count}")
    return ids


def _option(context: Context, option_id: str, answer: Answer, pinned: set[str], where: str) -> dict[str, Any]:
    option: dict[str, Any] = {"id": option_id, "text": context.text(answer.text, where)}
    feedback = context.text(answer.feedback, f"feedback of {where}")
    if feedback:
        option["feedback"] = feedback
    if option_id in pinned:
        option["pinned"] = True
    return option


def _pinned(block: Block) -> set[str]:
    pinned = block.shape.get("pinned", [])
    return {p for p in pinned if isinstance(p, str)} if isinstance(pinned, list) else set()


def _choices(context: Context, block: Block, name: str = "options") -> tuple[list[dict[str, Any]], list[str]]:
    answers = context.question.answers
    ids = _ids(block, name, len(answers))
    pinned = _pinned(block)
    options = [_option(context, i, a, pinned, f"answer {n + 1}") for n, (i, a) in enumerate(zip(ids, answers))]
    right = [i for i, a in zip(ids, answers) if a.fraction > 1e-9]
    return options, right


def _single(context: Context, block: Block) -> dict[str, Any]:
    options, right = _choices(context, block)
    if len(right) != 1:
        raise Mismatch(f"{len(right)} answers are marked right; a single-answer item has one")
    return {"options": options, "key": right[0]}


def _true_false(context: Context, block: Block) -> dict[str, Any]:
    by_text = {a.text.raw.strip().lower(): a for a in context.question.answers}
    if set(by_text) != {"true", "false"}:
        raise Mismatch("the answers are not 'true' and 'false'")
    data: dict[str, Any] = {"key": by_text["true"].fraction > 0.5}
    for name in ("true", "false"):
        text = context.text(by_text[name].feedback, f"feedback of '{name}'")
        if text:
            data[f"feedback_{name}"] = text
    return data


def _choice_set(context: Context, block: Block) -> dict[str, Any]:
    options, right = _choices(context, block)
    if not right:
        raise Mismatch("no answer is marked right")
    if block.type == "highlight":
        return {"segments": options, "key": right}
    data: dict[str, Any] = {"options": options, "key": right}
    if block.type == "select_n":
        data["n"] = block.shape.get("n", len(right))
    return data


def _matrix(context: Context, block: Block) -> dict[str, Any]:
    pairs = context.question.pairs
    rows = [p for p in pairs if p.question.raw.strip()]
    row_ids = _ids(block, "rows", len(rows))
    texts: list[str] = []
    for pair in pairs:
        if pair.answer not in texts:
            texts.append(pair.answer)
    seen = _ids(block, "columns", len(texts))
    column_of = dict(zip(texts, seen))
    order = block.shape.get("column_order", seen)
    if not isinstance(order, list) or sorted(order) != sorted(seen):
        raise Mismatch("the block's column order does not list the question's columns")
    feedback = block.shape.get("feedback", {})
    feedback = feedback if isinstance(feedback, dict) else {}
    text_of = {cid: context.fix(text) for text, cid in column_of.items()}
    columns = [
        {"id": cid, "text": text_of[cid], **({"feedback": feedback[f"c:{cid}"]} if f"c:{cid}" in feedback else {})}
        for cid in order
    ]
    out_rows = []
    for index, (row_id, pair) in enumerate(zip(row_ids, rows)):
        row: dict[str, Any] = {"id": row_id, "text": context.text(pair.question, f"subquestion {index + 1}")}
        if f"r:{row_id}" in feedback:
            row["feedback"] = feedback[f"r:{row_id}"]
        out_rows.append(row)
    return {"rows": out_rows, "columns": columns, "key": {rid: column_of[p.answer] for rid, p in zip(row_ids, rows)}}


def _gap_choices(context: Context, gap: Gap, ids: list[str] | None, pinned: set[str]) -> tuple[list[Any], list[Any]]:
    texts = [context.fix(context.converted_text(SourceText(a.text, "html"), "a gap").text) for a in gap.alternatives]
    if ids is None:
        return texts, [t for t, a in zip(texts, gap.alternatives) if abs(a.fraction - 1) < 1e-6]
    if len(ids) != len(texts):
        raise Mismatch(f"a gap has {len(texts)} choices but the block lists {len(ids)} options")
    options = []
    for option_id, text, alt in zip(ids, texts, gap.alternatives):
        option: dict[str, Any] = {"id": option_id, "text": text}
        if alt.feedback:
            option["feedback"] = context.fix(context.converted_text(SourceText(alt.feedback, "html"), "a gap").text)
        if option_id in pinned:
            option["pinned"] = True
        options.append(option)
    return options, [i for i, a in zip(ids, gap.alternatives) if abs(a.fraction - 1) < 1e-6]


def _sentence(context: Context, block: Block) -> dict[str, Any]:
    question = context.question
    raw = question.text.raw
    gaps = find_gaps(raw, question.text.line)
    for gap in gaps:
        check_gap(gap, question.text.line)
    if block.type == "bowtie":
        if len(gaps) != 5:
            raise Mismatch(f"a bow-tie has 5 drop-downs; the question has {len(gaps)}")
        pinned = _pinned(block)
        data: dict[str, Any] = {}
        for slot, gap_index in (("condition", 0), ("actions", 1), ("parameters", 3)):
            options, key = _gap_choices(
                context, gaps[gap_index], _ids(block, slot, len(gaps[gap_index].alternatives)), pinned
            )
            data[slot] = {"options": options, "key": key}
        stem, _ = cloze_parts(raw, [(g.start, g.end, "{{g}}") for g in gaps], context)
        data["stem"] = context.fix("\n".join(stem))
        return data
    blank_ids = _ids(block, "blanks", len(gaps))
    blanks = []
    for blank_id, gap in zip(blank_ids, gaps):
        texts, right = _gap_choices(context, gap, None, set())
        if len(right) != 1:
            raise Mismatch(f"blank '{blank_id}' has {len(right)} right answers; a blank has one")
        blanks.append({"id": blank_id, "options": texts, "key": right[0]})
    stem, sentence = cloze_parts(raw, [(g.start, g.end, "{{" + b + "}}") for g, b in zip(gaps, blank_ids)], context)
    return {"stem": context.fix("\n".join(stem)), "sentence": context.fix(sentence), "blanks": blanks}


def _ordering(context: Context, block: Block) -> dict[str, Any]:
    answers = context.question.answers
    ids = _ids(block, "order", len(answers))
    pinned = _pinned(block)
    by_id = {i: _option(context, i, a, pinned, f"item {n + 1}") for n, (i, a) in enumerate(zip(ids, answers))}
    order = block.shape.get("options", ids)
    if not isinstance(order, list) or sorted(order) != sorted(ids):
        raise Mismatch("the block's option order does not list the question's items")
    key = [i for _, i in sorted(zip((a.fraction for a in answers), ids))]
    grading = context.question.options.get("gradingtype", "").upper()
    scoring = {"ABSOLUTE_POSITION": "per_position", "ALL_OR_NOTHING": "all_or_nothing"}.get(grading)
    if scoring is None:
        raise Mismatch(f"the grading type is {grading or 'missing'}, not one clinquiz exported")
    return {"options": [by_id[i] for i in order], "key": key, "scoring": scoring}


_FAMILIES = {
    "single": ("multichoice", _single),
    "true_false": ("truefalse", _true_false),
    "select_all": ("multichoice", _choice_set),
    "select_n": ("multichoice", _choice_set),
    "highlight": ("multichoice", _choice_set),
    "matrix": ("matching", _matrix),
    "cloze": ("cloze", _sentence),
    "dropdown_rationale": ("cloze", _sentence),
    "bowtie": ("cloze", _sentence),
    "ordering": ("ordering", _ordering),
}


def restore(question: Question, block: Block) -> tuple[dict[str, Any], Context]:
    """The item clinquiz exported as `question`; Mismatch if the question no longer fits `block`."""
    qtype, builder = _FAMILIES[block.type]
    if question.qtype != qtype:
        raise Mismatch(f"a {block.type} item is exported as a Moodle {qtype} question, not {question.qtype}")
    texts = block.texts
    context = Context(question, fix=lambda text: texts.get(text, text))
    data: dict[str, Any] = {"id": block.id, "type": block.type}
    if block.version != 1:
        data["version"] = block.version
    if block.type not in ("cloze", "dropdown_rationale", "bowtie"):
        data["stem"] = context.text(question.text, "question text")
    data.update(builder(context, block))
    rationale = context.text(question.general_feedback, "general feedback")
    if rationale:
        data["rationale"] = rationale
    data["objectives"] = list(block.objectives)
    data["tags"] = block.tags.model_dump(exclude_defaults=True)
    data["difficulty"] = block.difficulty
    data["audience"] = block.audience
    data["citations"] = [c.model_dump() for c in block.citations]
    if block.lint_waivers:
        data["lint_waivers"] = [w.model_dump() for w in block.lint_waivers]
    if not (data["citations"] and data["objectives"] and rationale):
        data["draft"] = True
    return data, context
