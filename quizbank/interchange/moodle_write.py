"""Export items as Moodle XML, scored as clinquiz scores them, with clinquiz's own fields kept.

single -> multichoice (one answer 100%); true_false -> truefalse; select_all and highlight ->
multichoice with several answers, right ones +100/k and wrong ones -100/k (Moodle floors the
total at 0, as clinquiz does); select_n -> the same with +100/n and 0 (Moodle cannot cap the
picks at n); matrix -> matching (a column no row needs is a distractor answer); cloze and
drop-down rationale -> cloze with drop-down gaps; bow-tie -> cloze with 5 drop-downs (each action
and parameter drop-down accepts either right answer); ordering -> ordering, graded
ABSOLUTE_POSITION or ALL_OR_NOTHING. Citations, objectives, tags, ids and the exact type go in
the clinquiz block (block.py) at the end of the general feedback.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from quizbank import models as m
from quizbank.interchange import block as clinquiz_block
from quizbank.interchange.cloze_gaps import gap_text, write_gap
from quizbank.interchange.export_notes import Notes, TypeRule
from quizbank.interchange.htmltext import html_to_text, text_to_html
from quizbank.interchange.moodle_grades import percent, share
from quizbank.interchange.report import Loss
from quizbank.interchange.safexml import xml_bytes

RULES = {
    "select_n": TypeRule(
        "converted",
        "select exactly N",
        "a Moodle multiple-response question with +100/N for each right answer and 0 for a wrong one: the same "
        "score for every response clinquiz accepts, but Moodle does not stop a learner ticking more than N",
    ),
    "highlight": TypeRule(
        "kept",
        "the chart note",
        "the segments become the answers of a multiple-response question (+100/k right, -100/k wrong, floored at 0: "
        "clinquiz's score); the note is no longer one passage to click in",
    ),
    "dropdown_rationale": TypeRule(
        "converted",
        "one point only when both parts are right",
        "a Moodle cloze question with 2 drop-downs gives half marks for one right drop-down; Moodle cannot tie them",
    ),
    "bowtie": TypeRule(
        "converted",
        "the bow-tie",
        "a Moodle cloze question with 5 drop-downs (condition, 2 actions, 2 parameters), each action and parameter "
        "drop-down accepting either right answer: the same score for every response clinquiz accepts, but Moodle "
        "does not stop the same action being chosen twice, which then scores twice",
    ),
}
COMMON: list[Loss] = []  # the block carries every clinquiz field
CATEGORY_ROOT = "$course$/clinquiz"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        element.text = text
    return element


def _text(parent: etree._Element, tag: str, html: str, fmt: str = "html") -> etree._Element:
    holder = _sub(parent, tag, format=fmt)
    _sub(holder, "text", html)
    return holder


class _Question:
    """One Moodle question being written, and the exact texts its block must carry."""

    def __init__(self, item: m.Item, qtype: str, notes: Notes):
        self.item = item
        self.notes = notes
        self.element = etree.Element("question", type=qtype)
        self.texts: dict[str, str] = {}
        self.shape: dict[str, Any] = {}

    def html(self, text: str, *, gap: bool = False) -> str:
        """`text` as HTML, remembering the exact text when Moodle would give back another."""
        written = gap_text(text) if gap else text_to_html(text)
        back = html_to_text(written).text
        if back != text:
            if self.texts.get(back, text) != text:
                self.notes.lose(
                    self.item,
                    f"the text '{text}'",
                    "two texts differ only in spaces; one comes back changed from Moodle",
                )
            self.texts[back] = text
        return written

    def para(self, text: str) -> str:
        return f"<p>{self.html(text)}</p>"

    def answer(self, fraction: float, text: str, feedback: str | None) -> None:
        answer = _sub(self.element, "answer", fraction=percent(fraction), format="html")
        _sub(answer, "text", self.para(text))
        _text(answer, "feedback", self.para(feedback) if feedback else "")

    def finish(self, stem_html: str) -> etree._Element:
        """The question element: name, text, general feedback with the block, then the type's parts."""
        item = self.item
        data: dict[str, Any] = {
            "clinquiz": 1,
            "id": item.id,
            "type": item.type,
            **({"version": item.version} if item.version != 1 else {}),
            "objectives": list(item.objectives),
            "tags": item.tags.model_dump(exclude_defaults=True),
            "difficulty": item.difficulty,
            "audience": item.audience,
            "citations": [c.model_dump() for c in item.citations],
            **({"lint_waivers": [w.model_dump() for w in item.lint_waivers]} if item.lint_waivers else {}),
            "shape": self.shape,
        }
        rationale = self.para(item.rationale) if item.rationale else ""
        if self.texts:
            data["texts"] = self.texts
        header = etree.Element("header")
        _sub(_sub(header, "name"), "text", item.id)
        _text(header, "questiontext", stem_html)
        _text(header, "generalfeedback", rationale + clinquiz_block.encode(data))
        for tag, value in (
            ("defaultgrade", "1.0000000"),
            ("penalty", "0.0000000"),
            ("hidden", "0"),
            ("idnumber", item.id),
        ):
            _sub(header, tag, value)
        for position, element in enumerate(list(header)):
            self.element.insert(position, element)
        return self.element


def _pinned(question: _Question, options: list[m.Option]) -> bool:
    pinned = [o.id for o in options if o.pinned]
    if pinned:
        question.shape["pinned"] = pinned
        question.notes.lose(
            question.item,
            f"pinned option(s) {', '.join(pinned)}",
            "Moodle cannot pin one answer; answer shuffling is off for this question",
        )
    return bool(pinned)


def _multichoice(
    item: m.SingleItem | m.SelectAllItem | m.SelectNItem | m.HighlightItem, notes: Notes
) -> etree._Element | None:
    options = item.segments if isinstance(item, m.HighlightItem) else item.options
    question = _Question(item, "multichoice", notes)
    question.shape["options"] = [o.id for o in options]
    if isinstance(item, m.SingleItem):
        fractions = {o.id: 1.0 if o.id == item.key else 0.0 for o in options}
    else:
        count = item.n if isinstance(item, m.SelectNItem) else len(item.key)
        grade = share(count)
        if grade is None:
            notes.skip(
                item,
                f"Moodle's grades have no 1/{count} (they stop at 1/10, then 1/20), so its answers cannot share the marks evenly",
            )
            return None
        wrong = 0.0 if isinstance(item, m.SelectNItem) else -grade
        fractions = {o.id: grade if o.id in item.key else wrong for o in options}
        if isinstance(item, m.SelectNItem):
            question.shape["n"] = item.n
    _sub(question.element, "single", "true" if isinstance(item, m.SingleItem) else "false")
    shuffle = not isinstance(item, m.HighlightItem) and not _pinned(question, options)
    _sub(question.element, "shuffleanswers", "1" if shuffle else "0")
    _sub(question.element, "answernumbering", "abc" if not isinstance(item, m.HighlightItem) else "none")
    _sub(question.element, "showstandardinstruction", "0")
    for option in options:
        question.answer(fractions[option.id], option.text, option.feedback)
    return question.finish(question.para(item.stem))


def _true_false(item: m.TrueFalseItem, notes: Notes) -> etree._Element:
    question = _Question(item, "truefalse", notes)
    for value, feedback in ((True, item.feedback_true), (False, item.feedback_false)):
        answer = _sub(
            question.element, "answer", fraction="100" if item.key is value else "0", format="moodle_auto_format"
        )
        _sub(answer, "text", "true" if value else "false")
        _text(answer, "feedback", question.para(feedback) if feedback else "")
    return question.finish(question.para(item.stem))


def _matrix(item: m.MatrixItem, notes: Notes) -> etree._Element | None:
    texts = [c.text for c in item.columns]
    if len(set(texts)) < len(texts):
        notes.skip(item, "two columns have the same text, and Moodle's matching merges answers with the same text")
        return None
    question = _Question(item, "matching", notes)
    _sub(question.element, "shuffleanswers", "true")
    column = {c.id: c for c in item.columns}
    seen: list[str] = []
    for row in item.rows:
        sub = _text(question.element, "subquestion", question.para(row.text))
        _sub(_sub(sub, "answer"), "text", column[item.key[row.id]].text)
        if item.key[row.id] not in seen:
            seen.append(item.key[row.id])
    for extra in (c for c in item.columns if c.id not in seen):
        sub = _text(question.element, "subquestion", "")
        _sub(_sub(sub, "answer"), "text", extra.text)
        seen.append(extra.id)
    question.shape.update(rows=[r.id for r in item.rows], columns=seen, column_order=[c.id for c in item.columns])
    feedback = {f"r:{r.id}": r.feedback for r in item.rows if r.feedback} | {
        f"c:{c.id}": c.feedback for c in item.columns if c.feedback
    }
    if feedback:
        question.shape["feedback"] = feedback
        notes.lose(
            item,
            "feedback on rows or columns",
            "Moodle's matching has no such feedback; it is kept in the clinquiz block only",
        )
    for text in texts:
        if text != text.strip():
            question.texts[text.strip()] = text
        if "\n" in text:
            notes.lose(item, f"the column text '{text}'", "Moodle shows a matching answer on one line")
    return question.finish(question.para(item.stem))


def _sentence(item: m.ClozeItem | m.RationaleItem, notes: Notes) -> etree._Element:
    question = _Question(item, "cloze", notes)
    blanks = {b.id: b for b in item.blanks}
    parts: list[str] = []
    marked: list[str] = []  # the sentence as the importer sees it, a marker where each gap stands
    at = 0
    for found in m.BLANK_RE.finditer(item.sentence):
        piece = text_to_html(item.sentence[at : found.start()])
        blank = blanks[found.group(1)]
        parts += [piece, write_gap([(o, 1.0 if o == blank.key else 0.0, None) for o in blank.options])]
        marked += [piece, "{{" + blank.id + "}}"]
        for text in blank.options:
            question.html(text, gap=True)
        at = found.end()
    parts.append(text_to_html(item.sentence[at:]))
    marked.append(parts[-1])
    back = html_to_text("<p>" + "".join(marked) + "</p>").text
    if back != item.sentence:
        question.texts[back] = item.sentence
    question.shape["blanks"] = [found.group(1) for found in m.BLANK_RE.finditer(item.sentence)]
    return question.finish(question.para(item.stem) + "<p>" + "".join(parts) + "</p>")


def _bowtie(item: m.BowtieItem, notes: Notes) -> etree._Element:
    question = _Question(item, "cloze", notes)
    gaps: dict[str, str] = {}
    pinned = [o.id for slot in (item.condition, item.actions, item.parameters) for o in slot.options if o.pinned]
    for name in ("condition", "actions", "parameters"):
        slot: m.BowtieSlot = getattr(item, name)
        question.shape[name] = [o.id for o in slot.options]
        for option in slot.options:
            question.html(option.text, gap=True)
            if option.feedback:
                question.html(option.feedback, gap=True)
        kind = "MULTICHOICE" if any(o.pinned for o in slot.options) else "MULTICHOICE_S"
        gaps[name] = write_gap([(o.text, 1.0 if o.id in slot.key else 0.0, o.feedback) for o in slot.options], kind)
    if pinned:
        question.shape["pinned"] = pinned
        notes.lose(
            item,
            f"pinned option(s) {', '.join(pinned)}",
            "Moodle cannot pin one choice of a drop-down; its choices are not shuffled",
        )
    body = (
        f"The condition: {gaps['condition']}<br>Actions to take: {gaps['actions']} and {gaps['actions']}"
        f"<br>Parameters to monitor: {gaps['parameters']} and {gaps['parameters']}"
    )
    return question.finish(question.para(item.stem) + f"<p>{body}</p>")


def _ordering(item: m.OrderingItem, notes: Notes) -> etree._Element:
    question = _Question(item, "ordering", notes)
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", str(len(item.options))),
        ("gradingtype", "ABSOLUTE_POSITION" if item.scoring == "per_position" else "ALL_OR_NOTHING"),
        ("showgrading", "SHOW"),
    ):
        _sub(question.element, tag, value)
    by_id = {o.id: o for o in item.options}
    for position, option_id in enumerate(item.key, 1):
        option = by_id[option_id]
        answer = _sub(question.element, "answer", fraction=str(position), format="html")
        _sub(answer, "text", question.para(option.text))
        if option.feedback:
            _text(answer, "feedback", question.para(option.feedback))
    question.shape.update(order=list(item.key), options=[o.id for o in item.options])
    if any(o.pinned for o in item.options):
        question.shape["pinned"] = [o.id for o in item.options if o.pinned]
    return question.finish(question.para(item.stem))


def write(items: list[m.Item], notes: Notes) -> bytes:
    """The Moodle XML file holding `items` (those it cannot hold are recorded in `notes`)."""
    quiz = etree.Element("quiz")
    topic = None
    for item in items:
        if isinstance(item, (m.SingleItem, m.SelectAllItem, m.SelectNItem, m.HighlightItem)):
            element = _multichoice(item, notes)
        elif isinstance(item, m.TrueFalseItem):
            element = _true_false(item, notes)
        elif isinstance(item, m.MatrixItem):
            element = _matrix(item, notes)
        elif isinstance(item, (m.ClozeItem, m.RationaleItem)):
            element = _sentence(item, notes)
        elif isinstance(item, m.BowtieItem):
            element = _bowtie(item, notes)
        else:
            element = _ordering(item, notes)
        if element is None:
            continue
        if item.tags.topic != topic:
            topic = item.tags.topic
            category = _sub(quiz, "question", type="category")
            _sub(_sub(category, "category"), "text", f"{CATEGORY_ROOT}/{topic}")
        quiz.append(element)
    return xml_bytes(quiz)
