"""Read a GIFT file into source questions (see source.py), as Moodle's GIFT importer reads it.

Questions are separated by blank lines; `//` lines are comments (`// [id:...]` and `// [tag:...]`
are read); `$CATEGORY:` sets the category; `::name::`, a `[html]`-style format, then one
`{...}` answer block: `{}` essay, `{T}`/`{FALSE}` true/false, `~`/`=` choices with `%50%`
weights and `#feedback`, `->` matching, `#` numerical, `>N` ordering, `####` general feedback.
`\\:`, `\\#`, `\\=`, `\\{`, `\\}`, `\\~`, `\\n` and `\\\\` are escapes. What Moodle would refuse, and what
it would silently misread (an unclosed brace, a second answer block, an unknown ordering option),
is an error naming the line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizbank.errors import BankError, Problem
from quizbank.interchange.report import Loss
from quizbank.interchange.source import Answer, Pair, Question, SourceText, TextFormat

MAX_GIFT_BYTES = 5_000_000
_ESCAPES = {":": "\ufdd0", "#": "\ufdd1", "=": "\ufdd2", "{": "\ufdd3", "}": "\ufdd4", "~": "\ufdd5", "n": "\ufdd6"}
_BACK = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
_FORMATS: dict[str, TextFormat] = {"html": "html", "moodle": "moodle", "plain": "plain", "markdown": "markdown"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_ORDER_SLOTS = (
    ("selecttype", {"ALL", "EXACT", "RANDOM", "REL", "CONTIGUOUS", "CONTIG"}),
    ("layouttype", {"HORIZONTAL", "HORI", "H", "1", "VERTICAL", "VERT", "V", "0"}),
    ("gradingtype", {
        "ALL_OR_NOTHING", "ABSOLUTE_POSITION", "ABSOLUTE", "ABS", "RELATIVE_NEXT_EXCLUDE_LAST",
        "RELATIVE_NEXT_INCLUDE_LAST", "RELATIVE_ONE_PREVIOUS_AND_NEXT", "RELATIVE_ALL_PREVIOUS_AND_NEXT",
        "RELATIVE_TO_CORRECT", "RELATIVE", "REL", "LONGEST_ORDERED_SUBSET", "LONGEST_CONTIGUOUS_SUBSET",
    }),
    ("showgrading", {"SHOW", "TRUE", "YES", "1", "HIDE", "FALSE", "NO", "0"}),
    ("numberingstyle", {"NONE", "ABC", "ABCD", "123", "III", "IIII"}),
)  # fmt: skip
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class _Error(Exception):
    def __init__(self, message: str, at: int):
        super().__init__(message)
        self.message = message
        self.at = at


def _post(text: str) -> str:
    """Placeholders back to the characters they stand for."""
    return "".join(_BACK.get(ch, ch) for ch in text)


@dataclass
class _Block:
    """One question's lines: the text (escapes as placeholders) and where each character came from."""

    text: str
    origin: list[tuple[int, int]]  # (line, column) of each character of `text`
    idnumber: str | None
    tags: list[str]

    def where(self, at: int) -> tuple[int, int]:
        if not self.origin:
            return (0, 0)
        return self.origin[min(max(at, 0), len(self.origin) - 1)]


def _block(lines: list[tuple[int, str]]) -> _Block:
    text: list[str] = []
    origin: list[tuple[int, int]] = []
    idnumber, tags = None, []
    for number, line in lines:
        stripped = line.strip()
        if stripped.startswith("//"):
            for kind, value in re.findall(r"\[(id|tag):([^\]]*)\]", stripped):
                if kind == "id":
                    idnumber = value.strip() or idnumber
                elif value.strip():
                    tags.append(value.strip())
            continue
        if text:
            text.append("\n")
            origin.append((number, 1))
        indent = len(line) - len(line.lstrip())
        column, at = indent, 0
        while at < len(stripped):
            ch = stripped[at]
            if ch == "\\" and at + 1 < len(stripped) and (stripped[at + 1] in _ESCAPES or stripped[at + 1] == "\\"):
                text.append("\\" if stripped[at + 1] == "\\" else _ESCAPES[stripped[at + 1]])
                origin.append((number, column + 1))
                at, column = at + 2, column + 2
                continue
            text.append(ch)
            origin.append((number, column + 1))
            at, column = at + 1, column + 1
    return _Block("".join(text), origin, idnumber, tags)


def _formatted(text: str, default: TextFormat, line: int = 0) -> SourceText:
    """Moodle's parse_text_with_format: an optional leading [format], then the text."""
    text = text.strip()
    found = re.match(r"^\[([a-z]+)\]", text)
    if found and found.group(1) in _FORMATS:
        fmt = _FORMATS[found.group(1)]
        return SourceText(_post(text[found.end() :]).strip(), fmt, line, own_format=fmt != default)
    return SourceText(_post(text).strip(), default, line)


def _split_feedback(answer: str, default: TextFormat, line: int) -> tuple[SourceText, SourceText | None]:
    text, _, feedback = answer.partition("#")
    return _formatted(text, default, line), (_formatted(feedback, default, line) if feedback.strip() else None)


def _weight(answer: str) -> tuple[float, str, str]:
    found = _WEIGHT.match(answer)
    if not found:
        return 0.0, "", answer
    end = answer.index("%", 1)
    raw = answer[1:end]
    digits = raw.lstrip("-")
    sign = -1.0 if digits != raw else 1.0
    return sign * float(digits) / 100, raw, answer[end + 1 :]


def _choices(question: Question, body: str, line: int) -> None:
    question.qtype = "multichoice"
    question.single = "=" in body
    parts = body.replace("=", "~=").split("~")
    if parts and not parts[0].strip():
        parts.pop(0)
    if len(parts) < 2:
        raise _Error("a multiple-choice answer block needs at least 2 answers (~wrong =right)", -1)
    fmt = question.text.format
    for part in parts:
        part = part.strip()
        if part.startswith("="):
            fraction, raw, part = 1.0, "100", part[1:]
        else:
            fraction, raw, part = _weight(part)
        text, feedback = _split_feedback(part, fmt, line)
        question.answers.append(Answer(text, fraction, feedback, line, raw or ("0" if fraction == 0 else "")))


def _pairs(question: Question, body: str, line: int) -> None:
    question.qtype = "matching"
    parts = body.split("=")
    if parts and not parts[0].strip():
        parts.pop(0)
    for part in parts:
        if "->" not in part:
            raise _Error(f"the matching pair '{_post(part).strip()}' has no '->'; write =question -> answer", -1)
        left, _, right = part.partition("->")
        question.pairs.append(Pair(_formatted(left, question.text.format, line), _post(right).strip(), line))
    if len(question.pairs) < 2:
        raise _Error("a matching question needs at least 2 pairs (=question -> answer)", -1)


def _truefalse(question: Question, body: str, line: int) -> None:
    question.qtype = "truefalse"
    answer, *feedback = body.split("#", 2)
    is_true = answer.strip() in ("T", "TRUE")
    wrong = _formatted(feedback[0], question.text.format, line) if feedback and feedback[0].strip() else None
    right = _formatted(feedback[1], question.text.format, line) if len(feedback) > 1 and feedback[1].strip() else None
    true_fb, false_fb = (right, wrong) if is_true else (wrong, right)
    question.answers = [
        Answer(SourceText("true", "plain"), 1.0 if is_true else 0.0, true_fb, line, "100" if is_true else "0"),
        Answer(SourceText("false", "plain"), 0.0 if is_true else 1.0, false_fb, line, "0" if is_true else "100"),
    ]


def _numerical(question: Question, body: str) -> None:
    question.qtype = "numerical"
    answers = body[1:].split("~", 1)[0].split("=")
    for answer in (a.strip() for a in answers):
        if not answer:
            continue
        answer = _weight(answer)[2].partition("#")[0].strip()
        for part in re.split(r"\.\.|:", _post(answer)):
            if part.strip() != "*" and not _NUMBER.match(part.strip()):
                raise _Error(f"the numerical answer '{_post(answer)}' is not a number (expected 3, 3:0.5 or 1..5)", -1)


def _ordering(question: Question, body: str, line: int) -> None:
    question.qtype = "ordering"
    header, *items = body.split("\n")
    found = re.match(r"^>\s*(\d+)\s*(.*)$", header.strip())
    if found is None:
        raise _Error("an ordering block starts with >N (the number of items to show)", -1)
    tokens = found.group(2).split()
    for slot, allowed in _ORDER_SLOTS:
        if tokens and tokens[0].upper() in allowed:
            question.options[slot] = tokens.pop(0).upper()
    if tokens:
        raise _Error(
            f"unknown ordering option '{_post(tokens[0])}' after >{found.group(1)}; expected select type, layout, grading type, SHOW/HIDE and numbering style, in that order",
            -1,
        )
    lines = [item.strip() for item in items if item.strip()]
    count = int(found.group(1))
    question.options["selectcount"] = str(count if 2 < count <= len(lines) else min(6, len(lines)))
    question.options.setdefault("selecttype", "RANDOM")
    for position, item in enumerate(lines, 1):
        question.answers.append(
            Answer(SourceText(_post(item), question.text.format, line), float(position), None, line, str(position))
        )


def _question(block: _Block, category: str | None) -> Question | str | None:
    text = block.text.strip()
    offset = len(block.text) - len(block.text.lstrip())
    line = block.where(offset)[0]
    if not text:
        return None
    if text.startswith("$CATEGORY:"):
        return _post(text[len("$CATEGORY:") :]).strip()
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise _Error("the question name opened with '::' is not closed with '::'", offset)
        name, text, offset = _post(text[2:end]).strip(), text[end + 2 :], offset + end + 2
        offset += len(text) - len(text.lstrip())
        text = text.strip()
    start, finish = text.find("{"), text.find("}")
    question = Question(
        "gift", "description", line, name=name or None, idnumber=block.idnumber, category=category, tags=block.tags
    )
    if block.tags:
        question.dropped.append(
            Loss("GIFT tags: " + ", ".join(block.tags), "clinquiz tags are topic, drug and judgment step")
        )
    if start < 0 and finish < 0:
        question.text = _formatted(text, "moodle", line)
        question.text.own_format = False
        return question
    if finish < 0:
        raise _Error("the answer block opened with '{' is not closed with '}'", offset + start)
    if start < 0 or finish < start:
        raise _Error("'}' closes an answer block that was never opened with '{'", offset + finish)
    after = text[finish + 1 :]
    if "{" in after or "}" in after:
        at = finish + 1 + min(i for i in (after.find("{"), after.find("}")) if i >= 0)
        raise _Error(
            "a second '{' or '}' after the answer block; a GIFT question has one answer block (separate questions with a blank line)",
            offset + at,
        )
    body = text[start + 1 : finish].strip()
    question_text = text[:start] + ("" if not after.strip() else "_____" + after)
    feedback_at = body.rfind("####")
    general = None
    if feedback_at >= 0:
        general, body = body[feedback_at + 4 :], body[:feedback_at].strip()
    question.text = _formatted(question_text, "moodle", line)
    question.text.own_format = False  # the question's own format, which its answers default to
    if general is not None and general.strip():
        question.general_feedback = _formatted(general, question.text.format, line)
    answer_line = block.where(offset + start)[0]
    if after.strip():
        question.dropped.append(
            Loss(
                f"text after the answer block ('{_post(after).strip()}')",
                "kept as Moodle keeps it: the question reads as a missing-word question, with _____ where the block was",
            )
        )
    try:
        _answers(question, body, answer_line)
    except _Error as exc:
        if exc.at < 0:
            exc.at = offset + start
        raise
    return question


def _answers(question: Question, body: str, line: int) -> None:
    """The question's type and answers, from its answer block (as Moodle tells the types apart)."""
    if not body:
        question.qtype = "essay"
    elif body.startswith(">") and re.match(r"^>\s*\d", body):
        _ordering(question, body, line)
    elif body.startswith("#"):
        _numerical(question, body)
    elif "~" in body:
        _choices(question, body, line)
    elif "=" in body and "->" in body:
        _pairs(question, body, line)
    elif body.partition("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        _truefalse(question, body, line)
    else:
        question.qtype = "shortanswer"


def read_gift(raw: bytes, name: str) -> list[Question]:
    """The questions of a GIFT file (categories applied); BankError naming every broken question."""
    if len(raw) > MAX_GIFT_BYTES:
        raise BankError([Problem(name, 0, 0, f"the file is {len(raw):,} bytes; at most {MAX_GIFT_BYTES:,} are read")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BankError([Problem(name, line, 1, "the file is not UTF-8 text; save it as UTF-8")]) from None
    text = _NONCHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\x00" in text:
        raise BankError(
            [
                Problem(
                    name,
                    text[: text.index("\x00")].count("\n") + 1,
                    1,
                    "the file contains a NUL byte; expected GIFT text",
                )
            ]
        )
    groups: list[list[tuple[int, str]]] = [[]]
    for number, text_line in enumerate(text.split("\n"), 1):
        if text_line.strip():
            groups[-1].append((number, text_line))
        elif groups[-1]:
            groups.append([])
    questions: list[Question] = []
    problems: list[Problem] = []
    category: str | None = None
    for lines in groups:
        if not lines:
            continue
        block = _block(lines)
        try:
            found = _question(block, category)
        except _Error as exc:
            line, column = block.where(exc.at) if exc.at >= 0 else (lines[0][0], 1)
            problems.append(Problem(name, line, column, exc.message))
            continue
        if isinstance(found, str):
            category = found or None
        elif found is not None:
            questions.append(found)
    if problems:
        raise BankError(problems)
    return questions
