"""Property test: a QTI 2.2 response-processing interpreter, and Canvas's question types on the
exported QTI 1.2, give clinquiz's score for random responses (test_interchange_scoring_moodle.py:
Moodle XML and GIFT). How the properties are built: see that module."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.quizbank.interchange.scoring_property_support import (
    Q12,
    QTI,
    SETTINGS,
    _clinquiz,
    _items,
    _plain,
    _zip,
    responses,
)

from quizbank import models as m

# -- a QTI 2.2 response-processing interpreter -----------------------------------------------------


class _Qti:
    def __init__(self, root: etree._Element, responses: dict[str, Any]):
        self.declarations = {d.get("identifier"): d for d in root.findall(f"{QTI}responseDeclaration")}
        self.values: dict[str, Any] = dict(responses)
        for outcome in root.findall(f"{QTI}outcomeDeclaration"):
            default = outcome.findtext(f"{QTI}defaultValue/{QTI}value")
            self.values[outcome.get("identifier") or ""] = float(default) if default is not None else None
        processing = root.find(f"{QTI}responseProcessing")
        assert processing is not None
        for rule in processing:
            self.rule(rule)

    def rule(self, rule: etree._Element) -> None:
        tag = etree.QName(rule).localname
        if tag == "setOutcomeValue":
            self.values[rule.get("identifier") or ""] = self.expr(rule[0])
        elif tag == "responseCondition":
            for branch in rule:
                kind = etree.QName(branch).localname
                if kind == "responseElse" or self.expr(branch[0]) is True:
                    for inner in branch[(0 if kind == "responseElse" else 1) :]:
                        self.rule(inner)
                    return
        else:
            raise AssertionError(f"unexpected rule {tag}")

    def correct(self, identifier: str) -> Any:
        declaration = self.declarations[identifier]
        values = [v.text for v in declaration.findall(f"{QTI}correctResponse/{QTI}value")]
        cardinality = declaration.get("cardinality")
        return (
            values[0] if cardinality == "single" else (list(values) if cardinality == "ordered" else frozenset(values))
        )

    def expr(self, node: etree._Element) -> Any:
        tag = etree.QName(node).localname
        if tag == "variable":
            value = self.values.get(node.get("identifier") or "")
            return frozenset(value) if isinstance(value, set) else value
        if tag == "correct":
            return self.correct(node.get("identifier") or "")
        if tag == "baseValue":
            return float(node.text or "") if node.get("baseType") == "float" else node.text
        if tag == "match":
            left, right = (self.expr(child) for child in node)
            return None if left is None or right is None else left == right
        if tag == "and":
            parts = [self.expr(child) for child in node]
            return None if None in parts else all(parts)
        if tag == "sum":
            parts = [self.expr(child) for child in node]
            return None if None in parts else float(sum(parts))
        if tag == "index":
            container = self.expr(node[0])
            n = int(node.get("n") or "")
            return container[n - 1] if container and len(container) >= n else None
        if tag == "mapResponse":
            identifier = node.get("identifier") or ""
            mapping = self.declarations[identifier].find(f"{QTI}mapping")
            assert mapping is not None
            entries = {e.get("mapKey"): float(e.get("mappedValue") or "") for e in mapping}
            value = self.values.get(identifier)
            chosen = set(value) if isinstance(value, (set, frozenset, list)) else ({value} if value else set())
            total = sum(entries.get(v, float(mapping.get("defaultValue", "0"))) for v in chosen)
            if mapping.get("lowerBound") is not None:
                total = max(total, float(mapping.get("lowerBound") or ""))
            if mapping.get("upperBound") is not None:
                total = min(total, float(mapping.get("upperBound") or ""))
            return total
        if tag == "multiple":
            return None
        raise AssertionError(f"unexpected expression {tag}")


def _qti_responses(root: etree._Element, item: m.Item, response: Any) -> dict[str, Any]:
    if isinstance(item, m.SingleItem):
        return {"RESPONSE": "O_" + response}
    if isinstance(item, m.TrueFalseItem):
        return {"RESPONSE": "O_" + ("true" if response else "false")}
    if isinstance(item, (m.SelectAllItem, m.SelectNItem)):
        return {"RESPONSE": {"O_" + r for r in response}}
    if isinstance(item, m.HighlightItem):
        return {"RESPONSE": {"S_" + r for r in response}}
    if isinstance(item, m.MatrixItem):
        return {"RESPONSE": {f"R_{r} C_{c}" for r, c in response.items()}}
    if isinstance(item, m.OrderingItem):
        return {"RESPONSE": ["O_" + r for r in response]}
    if isinstance(item, m.BowtieItem):
        prefix = {"condition": "C_", "actions": "A_", "parameters": "P_"}
        return {f"RESPONSE_{name.upper()}": {prefix[name] + r for r in picks} for name, picks in response.items()}
    found: dict[str, Any] = {}
    blank_texts = {b.id: b for b in item.blanks}  # type: ignore[union-attr]
    order = [x.group(1) for x in m.BLANK_RE.finditer(item.sentence)]  # type: ignore[union-attr]
    for blank_id, interaction in zip(order, root.iter(f"{QTI}inlineChoiceInteraction")):
        if blank_id in response:
            by_text = {c.text: c.get("identifier") for c in interaction}
            assert set(by_text) == set(blank_texts[blank_id].options)
            found[interaction.get("responseIdentifier") or ""] = by_text[response[blank_id]]
    return found


@SETTINGS
@given(data=st.data())
def test_qti22_scores_as_clinquiz(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(list(_items())))
    response = data.draw(responses(item))
    root = etree.fromstring(_zip("qti22")[f"items/{item.id}.xml"])
    run = _Qti(root, _qti_responses(root, item, response))
    assert abs(run.values["SCORE"] / run.values["MAXSCORE"] - _clinquiz(item, response)) < 1e-9


# -- Canvas's question types, on the exported QTI 1.2 ----------------------------------------------


@lru_cache(maxsize=1)
def _canvas() -> dict[str, etree._Element]:
    root = etree.fromstring(_zip("canvas-qti")["clinquiz-export/clinquiz-export.xml"])
    return {i.get("title") or "": i for i in root.iter(f"{Q12}item")}


def _canvas_fraction(item: m.Item, response: Any) -> float:
    question = _canvas()[item.id]
    qtype = question.findtext(f".//{Q12}fieldentry")
    lids = question.findall(f"{Q12}presentation/{Q12}response_lid")

    def labels(lid: etree._Element) -> dict[str, str]:
        return {
            _plain(lab.findtext(f".//{Q12}mattext") or ""): lab.get("ident") or ""
            for lab in lid.iter(f"{Q12}response_label")
        }

    conditions = question.findall(f"{Q12}resprocessing/{Q12}respcondition")
    if qtype in ("multiple_choice_question", "true_false_question", "multiple_answers_question"):
        by_text = labels(lids[0])
        if isinstance(item, m.TrueFalseItem):
            chosen = {by_text["True" if response else "False"]}
        else:
            options = item.segments if isinstance(item, m.HighlightItem) else item.options  # type: ignore[union-attr]
            text_of = {o.id: o.text for o in options}
            chosen = {by_text[text_of[r]] for r in ([response] if isinstance(response, str) else response)}
        scoring = next(c for c in conditions if c.find(f"{Q12}setvar") is not None)
        if qtype == "multiple_answers_question":
            right = {v.text for v in scoring.findall(f"{Q12}conditionvar/{Q12}and/{Q12}varequal")}
            return max(
                0.0, (len(chosen & right) - len(chosen - right)) / len(right)
            )  # Canvas's rule, divided by the right answers
        return float(chosen == {scoring.findtext(f"{Q12}conditionvar/{Q12}varequal")})
    right_of = {
        c.find(f".//{Q12}varequal").get("respident"): c.findtext(f".//{Q12}varequal")
        for c in conditions
        if c.find(f"{Q12}setvar") is not None
    }
    if qtype == "multiple_dropdowns_question":
        assert isinstance(item, (m.ClozeItem, m.RationaleItem))
        hits = 0
        for lid in lids:
            blank = lid.findtext(f"{Q12}material/{Q12}mattext")
            chosen_text = response.get(blank)
            hits += chosen_text is not None and labels(lid)[chosen_text] == right_of[lid.get("ident")]
        return hits / len(lids)
    assert qtype == "matching_question"
    if isinstance(item, m.OrderingItem):
        text_of = {o.id: o.text for o in item.options}
        chosen = {text_of[option]: f"Position {place}" for place, option in enumerate(response, 1)}
    else:
        assert isinstance(item, m.MatrixItem)
        rows, columns = {r.id: r.text for r in item.rows}, {c.id: c.text for c in item.columns}
        chosen = {rows[r]: columns[c] for r, c in response.items()}
    hits = 0
    for lid in lids:
        row = _plain(lid.findtext(f"{Q12}material/{Q12}mattext") or "")
        if row in chosen:
            hits += labels(lid)[chosen[row]] == right_of[lid.get("ident")]
    return hits / len(lids)


@SETTINGS
@given(data=st.data())
def test_canvas_scores_as_clinquiz(data: st.DataObject) -> None:
    exact = [i for i in _items() if i.id in _canvas() and i.type not in ("select_n", "dropdown_rationale")]
    item = data.draw(st.sampled_from(exact))
    response = data.draw(responses(item))
    assert abs(_canvas_fraction(item, response) - _clinquiz(item, response)) < 1e-4


@SETTINGS
@given(data=st.data())
def test_canvas_select_n_follows_the_reported_rule(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from([i for i in _items() if isinstance(i, m.SelectNItem)]))
    response = data.draw(responses(item))
    right = len(set(response) & set(item.key))
    assert abs(_canvas_fraction(item, response) - max(0.0, (right - (len(response) - right)) / item.n)) < 1e-9
    assert _clinquiz(item, response) == right / item.n
