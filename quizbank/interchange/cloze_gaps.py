"""Moodle's embedded-answer (cloze) syntax: `{1:MULTICHOICE:=right#feedback~wrong}` in question text.

Read as Moodle's own parser reads it (question/type/multianswer): a gap is `{weight:TYPE:` then
alternatives separated by `~`, each an optional `=` or `%n%` mark, the answer, and `#feedback`;
a `~`, `#` or `}` ends a part unless a backslash (or, in answers, `&`) stands before it.
Written so that no character of the text can end a part: they go in as HTML character references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizbank.interchange.source import QuestionError

_KINDS = {
    "NUMERICAL": "numerical", "NM": "numerical",
    "MULTICHOICE": "dropdown", "MC": "dropdown", "MULTICHOICE_S": "dropdown", "MCS": "dropdown",
    "MULTICHOICE_V": "vertical", "MCV": "vertical", "MULTICHOICE_VS": "vertical", "MCVS": "vertical",
    "MULTICHOICE_H": "horizontal", "MCH": "horizontal", "MULTICHOICE_HS": "horizontal", "MCHS": "horizontal",
    "SHORTANSWER": "shortanswer", "SA": "shortanswer", "MW": "shortanswer",
    "SHORTANSWER_C": "shortanswer", "SAC": "shortanswer", "MWC": "shortanswer",
    "MULTIRESPONSE": "multiresponse", "MR": "multiresponse", "MULTIRESPONSE_H": "multiresponse",
    "MRH": "multiresponse", "MULTIRESPONSE_S": "multiresponse", "MRS": "multiresponse",
    "MULTIRESPONSE_HS": "multiresponse", "MRHS": "multiresponse",
}  # fmt: skip
_START = re.compile(r"\{([0-9]*):(" + "|".join(sorted(_KINDS, key=len, reverse=True)) + r")(:|\})")
_FRACTION = re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%")
_NUMBER = re.compile(
    r"^-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)(:-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?))?$"
)


@dataclass
class Alternative:
    """One answer of a gap: its text (HTML), Moodle fraction and feedback (HTML)."""

    text: str
    fraction: float
    feedback: str | None
    marked: bool  # it had a mark (= or %n%)


@dataclass
class Gap:
    """One embedded subquestion and where it stands in the question text."""

    start: int
    end: int
    weight: int
    moodle_type: str
    kind: str  # dropdown, vertical, horizontal, shortanswer, numerical, multiresponse
    alternatives: list[Alternative]

    @property
    def source(self) -> str:
        return f"{{{self.weight}:{self.moodle_type}:...}}"


def _ends(text: str, at: int, stops: str, amp: bool) -> bool:
    if text[at] not in stops:
        return False
    before = text[:at]
    if before.endswith("\\"):
        return False
    return not (amp and (before.endswith("&") or before.endswith("&amp;")))


def _part(text: str, at: int, stops: str, amp: bool) -> int:
    """Index where the part starting at `at` ends (at a stop character, or the end of the text)."""
    while at < len(text) and not _ends(text, at, stops, amp):
        at += 1
    return at


def _unescape(text: str) -> str:
    return text.replace("\\}", "}").replace("\\#", "#").replace("\\~", "~")


def find_gaps(html: str, line: int = 0) -> list[Gap]:
    """Every gap in the question text `html`; QuestionError for a gap Moodle would refuse."""
    gaps: list[Gap] = []
    at = 0
    while (found := _START.search(html, at)) is not None:
        weight = int(found.group(1) or "1")
        moodle_type = found.group(2)
        kind = _KINDS[moodle_type]
        where = line + html.count("\n", 0, found.start())
        if found.group(3) == "}" or html[found.end() : found.end() + 1] == "}":
            raise QuestionError(
                f"the gap {found.group(0)}... has no answers; write it as {{1:{moodle_type}:=right answer~wrong answer}}",
                where,
                needle=found.group(0),
            )
        alternatives: list[Alternative] = []
        pos = found.end()
        while True:
            mark = html[pos : pos + 1]
            fraction, marked = 0.0, True
            if mark == "=":
                fraction, pos = 1.0, pos + 1
            elif (percent := _FRACTION.match(html, pos)) is not None:
                fraction, pos = float(percent.group(1).replace(",", ".")) / 100, percent.end()
            else:
                marked = False
            end = _part(html, pos, "~#}", amp=True)
            answer = html[pos:end]
            feedback = None
            if end < len(html) and html[end] == "#":
                stop = _part(html, end + 1, "~}", amp=False)
                feedback, end = _unescape(html[end + 1 : stop]), stop
            if end >= len(html):
                raise QuestionError(f"the gap {found.group(0)}... is not closed with }}", where, needle=found.group(0))
            if not answer:
                raise QuestionError(f"the gap {found.group(0)}... has an empty answer", where, needle=found.group(0))
            alternatives.append(Alternative(_unescape(answer), fraction, feedback, marked))
            pos = end + 1
            if html[end] == "}":
                break
        gaps.append(Gap(found.start(), pos, weight, moodle_type, kind, alternatives))
        at = pos
    return gaps


def check_gap(gap: Gap, line: int) -> None:
    """QuestionError when the gap breaks Moodle's rules (qtype_multianswer_validate_question)."""
    name = gap.source
    needle = f"{{{gap.weight}:{gap.moodle_type}"
    if gap.kind == "numerical":
        for alt in gap.alternatives:
            value = alt.text.strip()
            if value != "*" and not _NUMBER.match(value):
                raise QuestionError(
                    f"the NUMERICAL gap {name} has the answer '{value}', which is not a number", line, needle=needle
                )
    if gap.kind in ("dropdown", "vertical", "horizontal", "multiresponse") and len(gap.alternatives) < 2:
        only = gap.alternatives[0].text if gap.alternatives else ""
        raise QuestionError(
            f"the {gap.moodle_type} gap {name} has only one choice ('{only}'); a drop-down needs at least 2 choices",
            line,
            needle=needle,
        )
    if gap.kind == "multiresponse":
        if not any(a.fraction > 0 for a in gap.alternatives):
            raise QuestionError(f"no choice of the gap {name} is right (none has a positive mark)", line, needle=needle)
    elif not any(abs(a.fraction - 1) < 1e-7 for a in gap.alternatives):
        raise QuestionError(
            f"no answer of the gap {name} is fully right (none is marked = or %100%)", line, needle=needle
        )


_GAP_ESCAPES = {"&": "&#38;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;", "#": "&#35;", "~": "&#126;", "\\": "&#92;"}  # fmt: skip


def gap_text(text: str) -> str:
    """Plain text written inside a gap: no character of it can end an answer or a feedback."""
    return "".join(_GAP_ESCAPES.get(ch, ch) for ch in text).replace("\n", "<br>")


def write_gap(alternatives: list[tuple[str, float, str | None]], moodle_type: str = "MULTICHOICE_S") -> str:
    """A gap with plain-text alternatives (text, fraction 0 to 1, feedback), each with its mark."""
    parts = []
    for text, fraction, feedback in alternatives:
        mark = f"%{round(fraction * 100, 5):g}%"
        parts.append(mark + gap_text(text) + (f"#{gap_text(feedback)}" if feedback else ""))
    return "{1:" + moodle_type + ":" + "~".join(parts) + "}"
