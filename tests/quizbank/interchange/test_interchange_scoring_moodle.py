"""Property test: Moodle's rules, on the exported Moodle XML and on Moodle's reading of the GIFT
export, give clinquiz's score for random responses (test_interchange_scoring_qti.py: QTI and Canvas).

For random items of the shipped bank and random responses clinquiz accepts, the fraction from
`quizbank.scoring.score` is compared with a small, independent implementation of the target
format's rule (Moodle's question types, a QTI 2.2 response-processing interpreter, Canvas's
question types, Moodle's reading of GIFT) applied to the exported file, parsed back here.
Types an export converts with a different rule are checked against that documented rule."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.quizbank.interchange.scoring_property_support import (
    SETTINGS,
    _clinquiz,
    _export,
    _items,
    _plain,
    responses,
)

from quizbank import models as m
from quizbank.interchange.gift_read import read_gift

# -- Moodle's rules, on the exported Moodle XML ------------------------------------------------------


@lru_cache(maxsize=1)
def _moodle() -> dict[str, etree._Element]:
    root = etree.fromstring(_export("moodle-xml"))
    return {q.findtext("idnumber") or "": q for q in root if q.get("type") != "category"}


def _gaps(question_html: str) -> list[list[tuple[str, float]]]:
    """Each embedded MULTICHOICE gap as (answer text, fraction) pairs."""
    found = []
    for body in re.findall(r"\{\d+:MULTICHOICE(?:_S)?:([^}]*)\}", question_html):
        alternatives = []
        for part in body.split("~"):
            mark = re.match(r"%(-?[0-9.]+)%", part)
            assert mark, part
            answer = part[mark.end() :].split("#")[0]
            alternatives.append((_plain(answer), float(mark.group(1)) / 100))
        found.append(alternatives)
    return found


def _moodle_fraction(item: m.Item, response: Any) -> float:
    question = _moodle()[item.id]
    qtype = question.get("type")
    answers = [
        (_plain(a.findtext("text") or ""), float(a.get("fraction") or 0) / 100) for a in question.findall("answer")
    ]
    if qtype == "multichoice":
        options = item.segments if isinstance(item, m.HighlightItem) else item.options  # type: ignore[union-attr]
        text_of = {o.id: o.text for o in options}
        by_text = dict(answers)
        if question.findtext("single") == "true":
            return by_text[text_of[response]]
        return min(1.0, max(0.0, sum(by_text[text_of[r]] for r in response)))
    if qtype == "truefalse":
        return dict(answers)["true" if response else "false"]
    if qtype == "matching":
        assert isinstance(item, m.MatrixItem)
        stems = [(_plain(s.findtext("text") or ""), s.findtext("answer/text")) for s in question.findall("subquestion")]
        stems = [s for s in stems if s[0]]
        column = {c.id: c.text for c in item.columns}
        row_text = {r.id: r.text for r in item.rows}
        chosen = {row_text[r]: column[c] for r, c in response.items()}
        return sum(chosen.get(stem) == answer for stem, answer in stems) / len(stems)
    if qtype == "ordering":
        assert isinstance(item, m.OrderingItem)
        position = {text: round(fraction * 100) for text, fraction in answers}  # an ordering's fraction is a position
        text_of = {o.id: o.text for o in item.options}
        right = [position[text_of[option]] == place for place, option in enumerate(response, 1)]
        if question.findtext("gradingtype") == "ABSOLUTE_POSITION":
            return sum(right) / len(right)
        assert question.findtext("gradingtype") == "ALL_OR_NOTHING"
        return float(all(right))
    assert qtype == "cloze"
    gaps = _gaps(question.findtext("questiontext/text") or "")
    if isinstance(item, m.BowtieItem):
        # option ids repeat across the three slots ("a" in each), so texts are looked up per slot
        text_of = {
            name: {o.id: o.text for o in getattr(item, name).options} for name in ("condition", "actions", "parameters")
        }
        picks = [
            ("condition", response["condition"][:1]),
            ("actions", response["actions"][:1]),
            ("actions", response["actions"][1:2]),
            ("parameters", response["parameters"][:1]),
            ("parameters", response["parameters"][1:2]),
        ]
        chosen = [text_of[slot][p[0]] if p else None for slot, p in picks]
    else:
        order = [found.group(1) for found in m.BLANK_RE.finditer(item.sentence)]  # type: ignore[union-attr]
        chosen = [response.get(blank) for blank in order]
    return sum(dict(gap).get(choice, 0.0) if choice is not None else 0.0 for gap, choice in zip(gaps, chosen)) / len(
        gaps
    )


@SETTINGS
@given(data=st.data())
def test_moodle_xml_scores_as_clinquiz(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from([i for i in _items() if i.type != "dropdown_rationale"]))
    response = data.draw(responses(item))
    assert abs(_moodle_fraction(item, response) - _clinquiz(item, response)) < 1e-4


@SETTINGS
@given(data=st.data())
def test_moodle_drop_down_rationale_follows_the_reported_rule(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from([i for i in _items() if isinstance(i, m.RationaleItem)]))
    response = data.draw(responses(item))
    right = sum(response.get(b.id) == b.key for b in item.blanks)
    assert abs(_moodle_fraction(item, response) - right / 2) < 1e-4  # half marks per drop-down, as reported
    assert _clinquiz(item, response) == (1.0 if right == 2 else 0.0)


# -- Moodle's reading of the GIFT export -----------------------------------------------------------


@lru_cache(maxsize=1)
def _gift() -> dict[str, Any]:
    return {q.idnumber: q for q in read_gift(_export("gift"), "bank.gift.txt")}


def _gift_fraction(item: m.Item, response: Any) -> float:
    question = _gift()[item.id]
    answers = [(a.text.raw, a.fraction) for a in question.answers]
    if question.qtype == "truefalse":
        return dict(answers)["true" if response else "false"]
    if question.qtype == "ordering":
        assert isinstance(item, m.OrderingItem)
        text_of = {o.id: o.text for o in item.options}
        position = dict(answers)
        right = [position[text_of[option]] == place for place, option in enumerate(response, 1)]
        return sum(right) / len(right) if question.options["gradingtype"] == "ABSOLUTE_POSITION" else float(all(right))
    if question.qtype == "matching":
        assert isinstance(item, m.MatrixItem)
        rows, columns = {r.id: r.text for r in item.rows}, {c.id: c.text for c in item.columns}
        chosen = {rows[r]: columns[c] for r, c in response.items()}
        stems = [(p.question.raw, p.answer) for p in question.pairs if p.question.raw]
        return sum(chosen.get(s) == a for s, a in stems) / len(stems)
    by_text = dict(answers)
    if isinstance(item, m.ClozeItem):
        chosen = response.get(item.blanks[0].id)
        return by_text[chosen] if chosen is not None else 0.0
    options = item.segments if isinstance(item, m.HighlightItem) else item.options  # type: ignore[union-attr]
    text_of = {o.id: o.text for o in options}
    if question.single:
        return by_text[text_of[response]]
    return min(1.0, max(0.0, sum(by_text[text_of[r]] for r in response)))


@SETTINGS
@given(data=st.data())
def test_gift_scores_as_clinquiz(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from([i for i in _items() if i.id in _gift()]))
    response = data.draw(responses(item))
    assert abs(_gift_fraction(item, response) - _clinquiz(item, response)) < 1e-4
