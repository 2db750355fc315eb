"""Export items as GIFT, the text format Moodle imports.

GIFT has no cloze with several gaps, so only a one-blank cloze goes (as a missing-word
question); drop-down rationale and bow-tie items are skipped. Weights are Moodle's grades, as in
the Moodle XML export; ordering uses the ordering question type's GIFT form (`{>N ALL ...}`),
which has no room for a rationale or feedback. The item id is the question name and `// [id:]`.
"""

from __future__ import annotations

from quizbank import models as m
from quizbank.interchange.export_notes import Notes, TypeRule
from quizbank.interchange.moodle_grades import percent, share
from quizbank.interchange.report import Loss

RULES = {
    "select_n": TypeRule(
        "converted",
        "select exactly N",
        "a multiple-response question, +100/N per right answer and 0 per wrong one: the same score for every "
        "response clinquiz accepts, but Moodle does not stop a learner ticking more than N",
    ),
    "highlight": TypeRule(
        "kept",
        "the chart note",
        "the segments become the answers of a multiple-response question (clinquiz's +1/-1 scoring)",
    ),
    "cloze": TypeRule(
        "kept",
        "blanks",
        "a cloze with one blank becomes a missing-word question; GIFT has no question with several gaps, so those are skipped",
    ),
    "dropdown_rationale": TypeRule("skipped", "the whole item", "GIFT has no question with two linked gaps"),
    "bowtie": TypeRule("skipped", "the whole item", "GIFT has no question with several drop-downs"),
    "ordering": TypeRule(
        "kept", "rationale and option feedback", "GIFT's ordering block holds only the items, one per line"
    ),
}
COMMON = [
    Loss(
        "citations, objectives, tags, difficulty, audience and option ids",
        "GIFT has no place for them; the item id is the question name and its // [id:...]",
    )
]
_RESERVED = {
    "\\": "\\\\",
    "~": "\\~",
    "=": "\\=",
    "#": "\\#",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "",
}


def escape(text: str) -> str:
    """Text with GIFT's reserved characters escaped (Moodle's repchar)."""
    out = "".join(_RESERVED.get(ch, ch) for ch in text)
    return "[plain]" + out if out.startswith("[") else out


def _head(item: m.Item) -> str:
    return f"// question: {item.id} (clinquiz {item.type})\n// [id:{item.id}]\n::{item.id}::[plain]"


def _general(item: m.Item) -> str:
    return f"\t####{escape(item.rationale)}\n" if item.rationale else ""


def _choices(item: m.SingleItem | m.SelectAllItem | m.SelectNItem | m.HighlightItem, notes: Notes) -> str | None:
    options = item.segments if isinstance(item, m.HighlightItem) else item.options
    if any(o.pinned for o in options):
        notes.lose(item, "pinned options", "GIFT cannot pin an answer or turn shuffling off")
    lines = []
    if isinstance(item, m.SingleItem):
        marks = {o.id: "=" if o.id == item.key else "~%0%" for o in options}
    else:
        count = item.n if isinstance(item, m.SelectNItem) else len(item.key)
        grade = share(count)
        if grade is None:
            notes.skip(item, f"Moodle's grades have no 1/{count}, so its answers cannot share the marks evenly")
            return None
        wrong = "0" if isinstance(item, m.SelectNItem) else percent(-grade)
        marks = {o.id: f"~%{percent(grade)}%" if o.id in item.key else f"~%{wrong}%" for o in options}
    for option in options:
        feedback = f"#{escape(option.feedback)}" if option.feedback else ""
        lines.append(f"\t{marks[option.id]}{escape(option.text)}{feedback}\n")
    return _head(item) + escape(item.stem) + "{\n" + "".join(lines) + _general(item) + "}\n"


def _true_false(item: m.TrueFalseItem) -> str:
    right, wrong = (item.feedback_true, item.feedback_false) if item.key else (item.feedback_false, item.feedback_true)
    feedback = ""
    if wrong or right:
        feedback = "#" + escape(wrong or "") + (f"#{escape(right)}" if right else "")
    general = f"####{escape(item.rationale)}" if item.rationale else ""
    return _head(item) + escape(item.stem) + "{" + ("TRUE" if item.key else "FALSE") + feedback + general + "}\n"


def _matrix(item: m.MatrixItem, notes: Notes) -> str | None:
    if len({c.text for c in item.columns}) < len(item.columns):
        notes.skip(item, "two columns have the same text, and Moodle's matching merges answers with the same text")
        return None
    if any("->" in r.text or "->" in c.text for r in item.rows for c in item.columns):
        notes.skip(item, "a row or column text holds '->', which GIFT reads as the pair's arrow")
        return None
    if any(r.feedback for r in item.rows) or any(c.feedback for c in item.columns):
        notes.lose(item, "feedback on rows or columns", "Moodle's matching has no such feedback")
    text = {c.id: c.text for c in item.columns}
    lines = [f"\t={escape(r.text)} -> {escape(text[item.key[r.id]])}\n" for r in item.rows]
    used = set(item.key.values())
    lines += [f"\t= -> {escape(c.text)}\n" for c in item.columns if c.id not in used]
    return _head(item) + escape(item.stem) + "{\n" + "".join(lines) + _general(item) + "}\n"


def _cloze(item: m.ClozeItem, notes: Notes) -> str | None:
    if len(item.blanks) != 1:
        notes.skip(item, f"it has {len(item.blanks)} blanks; GIFT has no question with several gaps")
        return None
    blank = item.blanks[0]
    before, _, after = m.BLANK_RE.sub("\x00", item.sentence).partition("\x00")
    lines = [f"\t{'=' if o == blank.key else '~%0%'}{escape(o)}\n" for o in blank.options]
    text = escape(item.stem + "\n" + before)
    return _head(item) + text + "{\n" + "".join(lines) + _general(item) + "}" + escape(after) + "\n"


def _ordering(item: m.OrderingItem, notes: Notes) -> str | None:
    by_id = {o.id: o for o in item.options}
    if any(ch in o.text for o in item.options for ch in "{}\n") or any(o.text.strip() != o.text for o in item.options):
        notes.skip(
            item,
            "an item to order holds a brace, a line break or outer spaces, which GIFT's ordering block cannot hold",
        )
        return None
    if item.rationale:
        notes.lose(item, "rationale", "GIFT's ordering block would read it as one more item to order")
    if any(o.feedback for o in item.options):
        notes.lose(item, "option feedback", "GIFT's ordering block holds only the items")
    grading = "ABSOLUTE_POSITION" if item.scoring == "per_position" else "ALL_OR_NOTHING"
    lines = "".join(f"{by_id[i].text}\n" for i in item.key)
    return _head(item) + escape(item.stem) + f"{{>{len(item.key)} ALL VERTICAL {grading} SHOW\n" + lines + "}\n"


def write(items: list[m.Item], notes: Notes) -> bytes:
    """The GIFT file holding `items` (those it cannot hold are recorded in `notes`)."""
    out: list[str] = []
    topic = None
    for item in items:
        if isinstance(item, (m.SingleItem, m.SelectAllItem, m.SelectNItem, m.HighlightItem)):
            text = _choices(item, notes)
        elif isinstance(item, m.TrueFalseItem):
            text = _true_false(item)
        elif isinstance(item, m.MatrixItem):
            text = _matrix(item, notes)
        elif isinstance(item, m.ClozeItem):
            text = _cloze(item, notes)
        elif isinstance(item, m.OrderingItem):
            text = _ordering(item, notes)
        else:
            notes.skipped.add(item.id)
            continue
        if text is None:
            continue
        if item.tags.topic != topic:
            topic = item.tags.topic
            out.append(f"$CATEGORY: $course$/clinquiz/{topic}\n")
        out.append(text)
    return "\n".join(out).encode("utf-8")
