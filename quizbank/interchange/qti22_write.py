"""Export items as a QTI 2.2 package: imsmanifest.xml and one assessmentItem per item.

Each item's responseProcessing is written out (no template), so any QTI engine scores it as
clinquiz does: SCORE in clinquiz points, MAXSCORE the item's most points. select_all and
highlight map +1/-1 with lowerBound 0; select_n caps the choices at n; matrix maps each right
(row, column) pair to 1; cloze adds 1 per right inline choice; drop-down rationale needs both;
ordering counts the positions (`index`) or matches the whole order; bow-tie sums three mappings.
"""

from __future__ import annotations

from lxml import etree

from quizbank import models as m
from quizbank.interchange.export_notes import Notes, TypeRule
from quizbank.interchange.report import Loss
from quizbank.interchange.safexml import xml_bytes
from quizbank.interchange.zipout import package
from quizbank.scoring import max_points

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
RULES = {
    "select_n": TypeRule("exact", "select exactly N", "a choice interaction with maxChoices N, +1 per right choice"),
    "highlight": TypeRule(
        "exact", "the chart note", "a hottext interaction in one paragraph, mapped +1/-1 with lowerBound 0"
    ),
    "dropdown_rationale": TypeRule("exact", "both parts", "two inline choices; SCORE is 1 only when both match"),
    "bowtie": TypeRule(
        "kept",
        "the bow-tie layout",
        "three choice interactions (condition, actions, parameters) in a column, scored as clinquiz scores them",
    ),
}
COMMON = [
    Loss(
        "citations, objectives, tags, difficulty and audience",
        "QTI items have no standard place for them; they are not exported",
    )
]


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _para(parent: etree._Element, text: str, tag: str = "p") -> etree._Element:
    """A paragraph of `text`, its line breaks as <br/>."""
    element = _el(parent, tag)
    _lines(element, text)
    return element


def _lines(element: etree._Element, text: str) -> None:
    first, *rest = text.split("\n")
    last: etree._Element | None = None
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + first
    else:
        element.text = (element.text or "") + first
    for line in rest:
        br = _el(element, "br")
        br.tail = line


def _base(parent: etree._Element, base_type: str, value: str) -> etree._Element:
    return _el(parent, "baseValue", value, baseType=base_type)


def _declare(
    item_el: etree._Element, identifier: str, cardinality: str, base_type: str, correct: list[str]
) -> etree._Element:
    declaration = _el(
        item_el, "responseDeclaration", identifier=identifier, cardinality=cardinality, baseType=base_type
    )
    holder = _el(declaration, "correctResponse")
    for value in correct:
        _el(holder, "value", value)
    return declaration


def _mapping(declaration: etree._Element, entries: list[tuple[str, float]], lower: bool) -> None:
    attrs = {"defaultValue": "0"} | ({"lowerBound": "0"} if lower else {})
    mapping = _el(declaration, "mapping", **attrs)
    for key, value in entries:
        _el(mapping, "mapEntry", mapKey=key, mappedValue=f"{value:g}")


def _set_score(parent: etree._Element, value: float | None = None) -> etree._Element:
    """setOutcomeValue SCORE: to `value`, or (when None) returning the element to fill with an expression."""
    setter = _el(parent, "setOutcomeValue", identifier="SCORE")
    if value is not None:
        _base(setter, "float", f"{value:g}")
    return setter


def _add_one_if(processing: etree._Element) -> etree._Element:
    """A responseCondition adding 1 to SCORE; returns the responseIf to put the condition in (first)."""
    branch = _el(_el(processing, "responseCondition"), "responseIf")
    return branch


def _finish_add(branch: etree._Element) -> None:
    summed = _el(_set_score(branch), "sum")
    _el(summed, "variable", identifier="SCORE")
    _base(summed, "float", "1")


def _match(
    parent: etree._Element, response: str, correct: str | None = None, base: tuple[str, str] | None = None
) -> None:
    match = _el(parent, "match")
    _el(match, "variable", identifier=response)
    if base is not None:
        _base(match, *base)
    else:
        _el(match, "correct", identifier=correct or response)


def _choices(
    parent: etree._Element, response: str, options: list[m.Option], prefix: str, max_choices: int, shuffle: bool = True
) -> None:
    interaction = _el(
        parent,
        "choiceInteraction",
        responseIdentifier=response,
        shuffle="true" if shuffle else "false",
        maxChoices=str(max_choices),
    )
    for option in options:
        choice = _el(
            interaction, "simpleChoice", identifier=prefix + option.id, **({"fixed": "true"} if option.pinned else {})
        )
        _lines(choice, option.text)


def _item(item: m.Item, notes: Notes) -> etree._Element:
    root = etree.Element(_q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} https://purl.imsglobal.org/spec/qti/v2p2/schema/xsd/imsqti_v2p2p4.xsd")
    root.set("identifier", "item-" + item.id)
    root.set("title", item.id)
    root.set("adaptive", "false")
    root.set("timeDependent", "false")
    declarations: list[etree._Element] = []
    body = etree.Element(_q("itemBody"))
    processing = etree.Element(_q("responseProcessing"))
    feedback: dict[str, str] = {}  # modal feedback identifier -> text
    feedback_from: list[str] = []  # responses whose chosen identifiers show their feedback
    _para(body, item.stem)

    def declare(identifier: str, cardinality: str, base_type: str, correct: list[str]) -> etree._Element:
        declaration = _declare(etree.Element("holder"), identifier, cardinality, base_type, correct)
        declarations.append(declaration)
        return declaration

    if isinstance(item, (m.SingleItem, m.TrueFalseItem)):
        if isinstance(item, m.SingleItem):
            options, key = item.options, "O_" + item.key
        else:
            options = [
                m.Option(id="true", text="True", feedback=item.feedback_true),
                m.Option(id="false", text="False", feedback=item.feedback_false),
            ]
            key = "O_" + ("true" if item.key else "false")
        declare("RESPONSE", "single", "identifier", [key])
        _choices(body, "RESPONSE", options, "O_", 1, shuffle=isinstance(item, m.SingleItem))
        condition = _el(processing, "responseCondition")
        branch = _el(condition, "responseIf")
        _match(branch, "RESPONSE")
        _set_score(branch, 1)
        _set_score(_el(condition, "responseElse"), 0)
        feedback.update({"O_" + o.id: o.feedback for o in options if o.feedback})
        feedback_from.append("RESPONSE")
    elif isinstance(item, (m.SelectAllItem, m.SelectNItem, m.HighlightItem)):
        options = item.segments if isinstance(item, m.HighlightItem) else item.options
        prefix = "S_" if isinstance(item, m.HighlightItem) else "O_"
        declaration = declare("RESPONSE", "multiple", "identifier", [prefix + k for k in item.key])
        wrong = 0.0 if isinstance(item, m.SelectNItem) else -1.0
        _mapping(declaration, [(prefix + o.id, 1.0 if o.id in item.key else wrong) for o in options], lower=True)
        if isinstance(item, m.HighlightItem):
            interaction = _el(body, "hottextInteraction", responseIdentifier="RESPONSE", maxChoices="0")
            paragraph = _el(interaction, "p")
            for index, segment in enumerate(options):
                if index:
                    (paragraph[-1]).tail = " "
                hot = _el(paragraph, "hottext", identifier=prefix + segment.id)
                _lines(hot, segment.text)
        else:
            _choices(body, "RESPONSE", options, prefix, item.n if isinstance(item, m.SelectNItem) else 0)
        _el(_set_score(processing), "mapResponse", identifier="RESPONSE")
        feedback.update({prefix + o.id: o.feedback for o in options if o.feedback})
        feedback_from.append("RESPONSE")
    elif isinstance(item, m.MatrixItem):
        pairs = [f"R_{r.id} C_{item.key[r.id]}" for r in item.rows]
        declaration = declare("RESPONSE", "multiple", "directedPair", pairs)
        _mapping(declaration, [(p, 1.0) for p in pairs], lower=True)
        interaction = _el(
            body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true", maxAssociations=str(len(item.rows))
        )
        rows, columns = _el(interaction, "simpleMatchSet"), _el(interaction, "simpleMatchSet")
        for row in item.rows:
            _lines(_el(rows, "simpleAssociableChoice", identifier="R_" + row.id, matchMax="1"), row.text)
        for column in item.columns:
            _lines(
                _el(columns, "simpleAssociableChoice", identifier="C_" + column.id, matchMax=str(len(item.rows))),
                column.text,
            )
        _el(_set_score(processing), "mapResponse", identifier="RESPONSE")
        if any(r.feedback for r in item.rows) or any(c.feedback for c in item.columns):
            notes.lose(
                item,
                "feedback on rows or columns",
                "not exported: QTI modal feedback here follows whole responses, not rows",
            )
    elif isinstance(item, (m.ClozeItem, m.RationaleItem)):
        blanks = {b.id: (n, b) for n, b in enumerate(item.blanks, 1)}
        paragraph = _el(body, "p")
        at = 0
        conditions: list[tuple[str, str]] = []
        for found in m.BLANK_RE.finditer(item.sentence):
            _lines(paragraph, item.sentence[at : found.start()])
            number, blank = blanks[found.group(1)]
            response = f"RESPONSE_{number}"
            key = f"B{number}_C{blank.options.index(blank.key) + 1}"
            declare(response, "single", "identifier", [key])
            interaction = _el(paragraph, "inlineChoiceInteraction", responseIdentifier=response, shuffle="true")
            for index, text in enumerate(blank.options, 1):
                _el(interaction, "inlineChoice", text, identifier=f"B{number}_C{index}")
            conditions.append((response, key))
            at = found.end()
        _lines(paragraph, item.sentence[at:])
        if isinstance(item, m.RationaleItem):
            branch = _el(_el(processing, "responseCondition"), "responseIf")
            both = _el(branch, "and")
            for response, _ in conditions:
                _match(both, response)
            _set_score(branch, 1)
        else:
            for response, _ in conditions:
                branch = _add_one_if(processing)
                _match(branch, response)
                _finish_add(branch)
    elif isinstance(item, m.OrderingItem):
        declare("RESPONSE", "ordered", "identifier", ["O_" + k for k in item.key])
        interaction = _el(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        for option in item.options:
            _lines(_el(interaction, "simpleChoice", identifier="O_" + option.id), option.text)
        if item.scoring == "all_or_nothing":
            branch = _el(_el(processing, "responseCondition"), "responseIf")
            _match(branch, "RESPONSE")
            _set_score(branch, 1)
        else:
            for position, option_id in enumerate(item.key, 1):
                branch = _add_one_if(processing)
                match = _el(branch, "match")
                _el(_el(match, "index", n=str(position)), "variable", identifier="RESPONSE")
                _base(match, "identifier", "O_" + option_id)
                _finish_add(branch)
        if any(o.feedback for o in item.options):
            notes.lose(
                item, "option feedback", "not exported: QTI feedback cannot follow an ordered response's members"
            )
    else:
        assert isinstance(item, m.BowtieItem)
        summed = _el(_set_score(processing), "sum")
        for name, prefix in (("condition", "C_"), ("actions", "A_"), ("parameters", "P_")):
            slot: m.BowtieSlot = getattr(item, name)
            response = f"RESPONSE_{name.upper()}"
            declaration = declare(response, "multiple", "identifier", [prefix + k for k in slot.key])
            _mapping(declaration, [(prefix + o.id, 1.0) for o in slot.options if o.id in slot.key], lower=True)
            _para(
                body,
                {"condition": "The condition:", "actions": "Actions to take:", "parameters": "Parameters to monitor:"}[
                    name
                ],
            )
            _choices(body, response, slot.options, prefix, len(slot.key))
            _el(summed, "mapResponse", identifier=response)
            feedback.update({prefix + o.id: o.feedback for o in slot.options if o.feedback})
            feedback_from.append(response)
    for declaration in declarations:
        root.append(declaration)
    for identifier, cardinality, base_type, default in (
        ("SCORE", "single", "float", "0"),
        ("MAXSCORE", "single", "float", f"{max_points(item):g}"),
        ("FEEDBACK", "multiple", "identifier", None),
    ):
        outcome = _el(root, "outcomeDeclaration", identifier=identifier, cardinality=cardinality, baseType=base_type)
        if default is not None:
            _el(_el(outcome, "defaultValue"), "value", default)
    root.append(body)
    setter = _el(processing, "setOutcomeValue", identifier="FEEDBACK")
    gathered = _el(setter, "multiple")
    for response in feedback_from:
        _el(gathered, "variable", identifier=response)
    _base(gathered, "identifier", "RATIONALE")
    root.append(processing)
    if item.rationale:
        feedback["RATIONALE"] = item.rationale
    for identifier, text in feedback.items():
        _para(_el(root, "modalFeedback", outcomeIdentifier="FEEDBACK", showHide="show", identifier=identifier), text)
    return root


def _manifest(ids: list[str]) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "xsi": XSI}, identifier="clinquiz-qti22")
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} http://www.imsglobal.org/xsd/qti/qtiv2p2/qtiv2p2_imscpv1p2_v1p0.xsd")
    metadata = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.2 Package"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    etree.SubElement(root, f"{{{CP}}}organizations")
    resources = etree.SubElement(root, f"{{{CP}}}resources")
    for item_id in ids:
        href = f"items/{item_id}.xml"
        resource = etree.SubElement(
            resources, f"{{{CP}}}resource", identifier=f"res-{item_id}", type="imsqti_item_xmlv2p2", href=href
        )
        etree.SubElement(resource, f"{{{CP}}}file", href=href)
    return xml_bytes(root)


def write(items: list[m.Item], notes: Notes) -> bytes:
    """The QTI 2.2 zip package holding `items`."""
    files = {f"items/{item.id}.xml": xml_bytes(_item(item, notes), pretty=False) for item in items}
    return package({"imsmanifest.xml": _manifest([i.id for i in items]), **files})
