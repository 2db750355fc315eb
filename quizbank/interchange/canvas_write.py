"""Export items as the QTI 1.2 zip that Canvas imports (Canvas's own export layout).

Canvas scores by the `question_type` of each item: multiple_answers_question gives points/k per
right answer chosen and takes points/k off per wrong one, floored at 0 (clinquiz's select-all
rule); matching_question and multiple_dropdowns_question score per row and per drop-down. So
single, true_false, select_all, matrix and cloze keep clinquiz's score; highlight keeps it as a
multiple-answers question; select_n, drop-down rationale and per-position ordering (a matching
of each step to its position) are converted; bow-tie and all-or-nothing ordering are skipped.
"""

from __future__ import annotations

import html

from lxml import etree

from quizbank import models as m
from quizbank.interchange.export_notes import Notes, TypeRule
from quizbank.interchange.htmltext import paragraphs_to_html, text_to_html
from quizbank.interchange.report import Loss
from quizbank.interchange.safexml import xml_bytes
from quizbank.interchange.zipout import package
from quizbank.scoring import max_points

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QUIZ = "clinquiz-export"
RULES = {
    "select_n": TypeRule(
        "converted",
        "select exactly N",
        "a multiple-answers question: Canvas takes points/N off for each wrong answer chosen and does not cap the "
        "picks at N (clinquiz gives 1 per right pick and nothing off)",
    ),
    "highlight": TypeRule(
        "kept", "the chart note", "a multiple-answers question: the same +1/-1 score, but not one passage to click in"
    ),
    "dropdown_rationale": TypeRule(
        "converted",
        "one point only when both parts are right",
        "Canvas's multiple drop-downs give half the points for one right drop-down",
    ),
    "bowtie": TypeRule(
        "skipped",
        "the whole item",
        "Canvas drop-downs have one right answer each, while a bow-tie takes its two actions (and parameters) in either order",
    ),
    "ordering": TypeRule(
        "converted",
        "ordering",
        "Canvas quizzes have no ordering question: a per-position item becomes a matching of each step to its position "
        "(the same score for every order, but Canvas lets two steps take one position); an all-or-nothing item is skipped",
    ),
}
COMMON = [
    Loss(
        "citations, objectives, tags, difficulty and audience",
        "Canvas's QTI has no place for them; they are not exported",
    )
]


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def _mattext(parent: etree._Element, text_html: str) -> None:
    _el(_el(parent, "material"), "mattext", text_html, texttype="text/html")


def _field(parent: etree._Element, label: str, entry: str) -> None:
    field = _el(parent, "qtimetadatafield")
    _el(field, "fieldlabel", label)
    _el(field, "fieldentry", entry)


class _Item:
    def __init__(self, section: etree._Element, item: m.Item, question_type: str, answer_ids: list[str]):
        self.element = _el(section, "item", ident=f"q-{item.id}", title=item.id)
        meta = _el(_el(self.element, "itemmetadata"), "qtimetadata")
        _field(meta, "question_type", question_type)
        _field(meta, "points_possible", f"{max_points(item):g}")
        _field(meta, "original_answer_ids", ",".join(answer_ids))
        self.presentation = _el(self.element, "presentation")
        self.feedback: dict[str, str] = {}
        self.item = item

    def responses(self) -> etree._Element:
        processing = _el(self.element, "resprocessing")
        _el(_el(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
        if self.item.rationale:
            condition = _el(processing, "respcondition", **{"continue": "Yes"})
            _el(_el(condition, "conditionvar"), "other")
            _el(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
            self.feedback["general_fb"] = self.item.rationale
        return processing

    def answer_feedback(
        self, processing: etree._Element, ident: str, text: str | None, respident: str = "response1"
    ) -> None:
        if not text:
            return
        condition = _el(processing, "respcondition", **{"continue": "Yes"})
        _el(_el(condition, "conditionvar"), "varequal", ident, respident=respident)
        _el(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{ident}_fb")
        self.feedback[f"{ident}_fb"] = text

    def finish(self) -> None:
        for ident, text in self.feedback.items():
            _mattext(_el(_el(self.element, "itemfeedback", ident=ident), "flow_mat"), paragraphs_to_html([text]))


def _choice(
    section: etree._Element,
    item: m.SingleItem | m.TrueFalseItem | m.SelectAllItem | m.SelectNItem | m.HighlightItem,
    notes: Notes,
) -> None:
    if isinstance(item, m.TrueFalseItem):
        options = [
            m.Option(id="true", text="True", feedback=item.feedback_true),
            m.Option(id="false", text="False", feedback=item.feedback_false),
        ]
        key = ["true" if item.key else "false"]
        qtype = "true_false_question"
    else:
        options = item.segments if isinstance(item, m.HighlightItem) else item.options
        key = [item.key] if isinstance(item, m.SingleItem) else list(item.key)
        qtype = "multiple_choice_question" if isinstance(item, m.SingleItem) else "multiple_answers_question"
        if any(o.pinned for o in options):
            notes.lose(
                item, "pinned options", "Canvas shuffles all answers or none (a quiz setting); it cannot pin one"
            )
    ids = [f"{item.id}-{o.id}" for o in options]
    written = _Item(section, item, qtype, ids)
    _mattext(written.presentation, paragraphs_to_html([item.stem]))
    lid = _el(
        written.presentation,
        "response_lid",
        ident="response1",
        rcardinality="Single" if qtype != "multiple_answers_question" else "Multiple",
    )
    choices = _el(lid, "render_choice")
    for ident, option in zip(ids, options):
        _mattext(_el(choices, "response_label", ident=ident), text_to_html(option.text))
    processing = written.responses()
    for ident, option in zip(ids, options):
        written.answer_feedback(processing, ident, option.feedback)
    condition = _el(processing, "respcondition", **{"continue": "No"})
    holder = _el(condition, "conditionvar")
    if qtype == "multiple_answers_question":
        both = _el(holder, "and")
        for ident, option in zip(ids, options):
            if option.id in key:
                _el(both, "varequal", ident, respident="response1")
            else:
                _el(_el(both, "not"), "varequal", ident, respident="response1")
    else:
        _el(holder, "varequal", ids[[o.id for o in options].index(key[0])], respident="response1")
    _el(condition, "setvar", "100", action="Set", varname="SCORE")
    written.finish()


def _matching(
    section: etree._Element,
    item: m.Item,
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    key: dict[str, str],
    stem: str,
) -> None:
    written = _Item(section, item, "matching_question", [r for r, _ in rows])
    _mattext(written.presentation, paragraphs_to_html([stem]))
    for row_id, text in rows:
        lid = _el(written.presentation, "response_lid", ident=f"response_{row_id}")
        _mattext(lid, text_to_html(text))
        choices = _el(lid, "render_choice")
        for column_id, column_text in columns:
            _el(_el(_el(choices, "response_label", ident=column_id), "material"), "mattext", column_text)
    processing = written.responses()
    for row_id, _ in rows:
        condition = _el(processing, "respcondition")
        _el(_el(condition, "conditionvar"), "varequal", key[row_id], respident=f"response_{row_id}")
        _el(condition, "setvar", f"{100 / len(rows):.2f}", varname="SCORE", action="Add")
    written.finish()


def _dropdowns(section: etree._Element, item: m.ClozeItem | m.RationaleItem) -> None:
    ids = {b.id: [f"{item.id}-{b.id}-{n}" for n in range(1, len(b.options) + 1)] for b in item.blanks}
    written = _Item(section, item, "multiple_dropdowns_question", [i for b in item.blanks for i in ids[b.id]])
    sentence = m.BLANK_RE.sub(lambda found: f"[{found.group(1)}]", item.sentence)
    _mattext(
        written.presentation,
        paragraphs_to_html([item.stem]) + "<p>" + html.escape(sentence, quote=False).replace("\n", "<br>") + "</p>",
    )
    for blank in item.blanks:
        lid = _el(written.presentation, "response_lid", ident=f"response_{blank.id}")
        _el(_el(lid, "material"), "mattext", blank.id)
        choices = _el(lid, "render_choice")
        for ident, text in zip(ids[blank.id], blank.options):
            _mattext(_el(choices, "response_label", ident=ident), text_to_html(text))
    processing = written.responses()
    for blank in item.blanks:
        condition = _el(processing, "respcondition")
        right = ids[blank.id][blank.options.index(blank.key)]
        _el(_el(condition, "conditionvar"), "varequal", right, respident=f"response_{blank.id}")
        _el(condition, "setvar", f"{100 / len(item.blanks):.2f}", varname="SCORE", action="Add")
    written.finish()


def _meta(points: float) -> bytes:
    root = etree.Element(f"{{{META}}}quiz", nsmap={None: META, "xsi": XSI}, identifier=QUIZ)
    root.set(f"{{{XSI}}}schemaLocation", f"{META} https://canvas.instructure.com/xsd/cccv1p0.xsd")
    for tag, value in (
        ("title", "clinquiz export"),
        ("description", "Exported from a clinquiz bank."),
        ("shuffle_answers", "true"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "practice_quiz"),
        ("points_possible", f"{points:g}"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "-1"),
    ):
        etree.SubElement(root, f"{{{META}}}{tag}").text = value
    return xml_bytes(root)


def _manifest() -> bytes:
    root = etree.Element(f"{{{CC}}}manifest", nsmap={None: CC}, identifier=f"{QUIZ}-manifest")
    metadata = etree.SubElement(root, f"{{{CC}}}metadata")
    etree.SubElement(metadata, f"{{{CC}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CC}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CC}}}organizations")
    resources = etree.SubElement(root, f"{{{CC}}}resources")
    quiz = etree.SubElement(resources, f"{{{CC}}}resource", identifier=QUIZ, type="imsqti_xmlv1p2")
    etree.SubElement(quiz, f"{{{CC}}}file", href=f"{QUIZ}/{QUIZ}.xml")
    etree.SubElement(quiz, f"{{{CC}}}dependency", identifierref=f"{QUIZ}-meta")
    meta = etree.SubElement(
        resources,
        f"{{{CC}}}resource",
        identifier=f"{QUIZ}-meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{QUIZ}/assessment_meta.xml",
    )
    etree.SubElement(meta, f"{{{CC}}}file", href=f"{QUIZ}/assessment_meta.xml")
    return xml_bytes(root)


def write(items: list[m.Item], notes: Notes) -> bytes:
    """The Canvas QTI 1.2 zip package holding `items` (those it cannot hold are recorded in `notes`)."""
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI})
    section = _el(_el(root, "assessment", ident=QUIZ, title="clinquiz export"), "section", ident="root_section")
    points = 0.0
    for item in items:
        if isinstance(item, m.BowtieItem):
            notes.skipped.add(item.id)
            continue
        if isinstance(item, m.OrderingItem) and item.scoring == "all_or_nothing":
            notes.skip(item, "all-or-nothing ordering: a Canvas matching would give points per position")
            continue
        if isinstance(item, (m.SingleItem, m.TrueFalseItem, m.SelectAllItem, m.SelectNItem, m.HighlightItem)):
            _choice(section, item, notes)
        elif isinstance(item, m.MatrixItem):
            rows = [(f"{item.id}-r-{r.id}", r.text) for r in item.rows]
            columns = [(f"{item.id}-c-{c.id}", c.text) for c in item.columns]
            key = {f"{item.id}-r-{r}": f"{item.id}-c-{c}" for r, c in item.key.items()}
            _matching(section, item, rows, columns, key, item.stem)
            if any(r.feedback for r in item.rows) or any(c.feedback for c in item.columns):
                notes.lose(
                    item, "feedback on rows or columns", "not exported: Canvas matching has no per-pair feedback here"
                )
        elif isinstance(item, (m.ClozeItem, m.RationaleItem)):
            _dropdowns(section, item)
        elif isinstance(item, m.OrderingItem):
            by_id = {o.id: o for o in item.options}
            rows = [(f"{item.id}-o-{o.id}", by_id[o.id].text) for o in item.options]
            columns = [(f"{item.id}-p-{n}", f"Position {n}") for n in range(1, len(item.key) + 1)]
            key = {f"{item.id}-o-{o}": f"{item.id}-p-{n}" for n, o in enumerate(item.key, 1)}
            _matching(section, item, rows, columns, key, item.stem + "\nMatch each item to its position in the order.")
            if any(o.feedback for o in item.options):
                notes.lose(item, "option feedback", "not exported: a matching row has no feedback here")
        points += max_points(item)
    assessment = xml_bytes(root)
    return package(
        {"imsmanifest.xml": _manifest(), f"{QUIZ}/{QUIZ}.xml": assessment, f"{QUIZ}/assessment_meta.xml": _meta(points)}
    )
