"""Import a Moodle XML or GIFT file as a clinquiz bank file of draft items, with a loss report.

The whole input is read and converted first; only when every question has either become an
item or been reported as skipped is the YAML written (by a temporary file and a rename). A
question broken by its own format's rules stops the import with a Problem naming its line, as
Moodle's importer would; nothing is written then. Items clinquiz itself exported come back as
they were (see restore.py), ready when their citations came back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from quizbank.bankfile import BankFile
from quizbank.errors import BankError, Problem
from quizbank.interchange import block as clinquiz_block
from quizbank.interchange.gift_read import MAX_GIFT_BYTES, read_gift
from quizbank.interchange.htmltext import html_to_text
from quizbank.interchange.ids import IdMaker, slug, topic_of
from quizbank.interchange.mapping import map_question
from quizbank.interchange.mapping_text import Skipped
from quizbank.interchange.moodle_read import read_moodle_xml
from quizbank.interchange.report import Entry, Loss, LossReport, Outcome
from quizbank.interchange.restore import Mismatch, restore
from quizbank.interchange.safexml import MAX_XML_BYTES, read_limited
from quizbank.interchange.source import Question, QuestionError
from quizbank.interchange.yamlout import bank_yaml, write_atomic
from quizbank.models import Item
from quizbank.yamlread import MAX_BYTES, load_yaml

ImportFormat = Literal["moodle-xml", "gift"]
IMPORT_FORMATS: tuple[ImportFormat, ...] = ("moodle-xml", "gift")
_ITEM: TypeAdapter[Item] = TypeAdapter(Item)


class NothingImported(BankError):
    """No question of the file could become an item; `report` says why for each."""

    def __init__(self, problems: list[Problem], report: LossReport):
        super().__init__(problems)
        self.report = report


@dataclass(frozen=True)
class ImportResult:
    """The items made from a file, the loss report, and the bank YAML that holds the items."""

    items: tuple[Item, ...]
    report: LossReport
    yaml_text: str


def _label(question: Question) -> str:
    return f"'{question.name}'" if question.name else "(unnamed question)"


def _problem(name: str, raw_lines: list[str], question: Question, error: QuestionError) -> Problem:
    line = error.line or question.line
    column = error.column
    text = raw_lines[line - 1] if 0 < line <= len(raw_lines) else ""
    if not column:
        found = text.find(error.needle) if error.needle else -1
        column = found + 1 if found >= 0 else len(text) - len(text.lstrip()) + 1
    return Problem(name, line, column, f"question {_label(question)} ({question.qtype}): {error.message}")


def _validated(data: dict[str, Any]) -> Item:
    try:
        return _ITEM.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "the item"
        raise ValueError(f"{where}: {first['msg']}") from None


def _imported_from(question: Question) -> dict[str, str]:
    found: dict[str, str] = {"format": question.source}
    for key, value in (("name", question.name), ("idnumber", question.idnumber), ("category", question.category)):
        if value:
            found[key] = value[:100] if key == "idnumber" else value[:4000]
    return found


def _wanted_id(question: Question, index: int) -> str:
    name = html_to_text(question.name).text if question.name and "<" in question.name else question.name
    for source in (question.idnumber, name):
        if source and slug(source):
            return slug(source)
    return f"{question.qtype or 'question'}-{index}"


def _restored(question: Question, ids: IdMaker) -> tuple[Item, list[Loss]] | list[Loss]:
    """The clinquiz item the question carries, or the losses saying why it could not be restored."""
    assert question.block is not None
    try:
        found = clinquiz_block.parse(question.block)
        data, context = restore(question, found)
        data["id"] = ids.claim(found.id)
        item = _validated(data)
    except (Mismatch, ValueError, QuestionError, KeyError, TypeError, AttributeError) as exc:  # a forged block
        message = exc.message if isinstance(exc, QuestionError) else str(exc)
        if isinstance(exc, (KeyError, TypeError, AttributeError)):
            message = f"the block does not fit the question ({type(exc).__name__}: {exc})"
        return [Loss("clinquiz block", f"{message}; imported as a Moodle question instead")]
    losses = context.finish()
    if item.id != found.id:
        losses.append(Loss("item id", f"'{found.id}' is already used in this file; written as '{item.id}'"))
    return item, losses


def _one(question: Question, index: int, ids: IdMaker) -> tuple[Item | None, Entry | None]:
    """One question as an item (or None when skipped) and its report entry (None when nothing was lost)."""
    early: list[Loss] = []
    if question.block is not None:
        restored = _restored(question, ids)
        if isinstance(restored, tuple):
            item, losses = restored
            entry = Entry(_label(question), question.qtype, "kept", tuple(losses), (item.id,), question.line)
            return item, entry if losses else None
        early = restored
    try:
        mapped = map_question(question)
    except Skipped as skipped:
        return None, Entry(
            _label(question), question.qtype, "skipped", tuple(early + skipped.losses), (), question.line
        )
    wanted = _wanted_id(question, index)
    data = {
        "id": ids.claim(wanted),
        "draft": True,
        **mapped.data,
        "tags": {"topic": topic_of(question.category)},
        "difficulty": "medium",
        "audience": "both",
        "imported_from": _imported_from(question),
    }
    losses = early + mapped.losses
    if data["id"] != wanted:
        losses.append(Loss("item id", f"'{wanted}' is already used in this file; written as '{data['id']}'"))
    try:
        item = _validated(data)
    except ValueError as exc:
        ids.taken.discard(data["id"])
        why = f"it does not make a valid clinquiz item ({exc})"
        return None, Entry(
            _label(question),
            question.qtype,
            "skipped",
            tuple([Loss("the whole question", why), *losses]),
            (),
            question.line,
        )
    outcome: Outcome = "converted" if mapped.converted else "kept"
    return item, Entry(
        _label(question), question.qtype, outcome, tuple(losses), (item.id,), question.line
    ) if losses else None


def _dump(items: list[Item], name: str, fmt: str) -> str:
    header = (
        f"Imported by `quizbank import {fmt}` from {Path(name).name}.\n"
        "Items without citations are drafts (draft: true): add a citation, an objective and a rationale,\n"
        "check tags (drug defaults to anakinra), difficulty and audience, then remove draft: true."
    )
    text = bank_yaml(
        [
            item.model_dump(mode="python", exclude_defaults=True, exclude_none=True) | {"type": item.type}
            for item in items
        ],
        header,
    )
    text = re.sub(r"^(\s*)draft: false\n", "", text, flags=re.M)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise BankError(
            [
                Problem(
                    name,
                    0,
                    0,
                    f"the items make more than {MAX_BYTES:,} bytes of YAML, more than a bank file may hold; split the input file",
                )
            ]
        )
    BankFile.model_validate(load_yaml(text, "(the imported YAML)").data)  # what is written loads
    return text


def convert(path: Path, fmt: ImportFormat) -> ImportResult:
    """Read and convert the file at `path`; BankError (and nothing written) if it is unsafe or broken."""
    name = str(path)
    raw = read_limited(path, name, MAX_XML_BYTES if fmt == "moodle-xml" else MAX_GIFT_BYTES)
    questions = read_moodle_xml(raw, name) if fmt == "moodle-xml" else read_gift(raw, name)
    raw_lines = raw.decode("utf-8", "replace").splitlines()
    ids = IdMaker()
    items: list[Item] = []
    entries: list[Entry] = []
    problems: list[Problem] = []
    for index, question in enumerate(questions, 1):
        try:
            item, entry = _one(question, index, ids)
        except QuestionError as exc:
            problems.append(_problem(name, raw_lines, question, exc))
            continue
        if item is not None:
            items.append(item)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise BankError(problems)
    report = LossReport("import", fmt, name, tuple(i.id for i in items), len(questions), tuple(entries))
    if not items:
        message = f"none of the {len(questions)} question(s) can become a clinquiz item (the loss report says why); nothing was written"
        raise NothingImported(
            [Problem(name, 0, 0, message if questions else "the file holds no questions; nothing was written")], report
        )
    return ImportResult(tuple(items), report, _dump(items, name, fmt))


def import_file(path: Path, fmt: ImportFormat, out: Path | None = None) -> ImportResult:
    """Convert the file at `path` and, if `out` is given, write the bank YAML there (atomically)."""
    result = convert(path, fmt)
    if out is not None:
        write_atomic(out, result.yaml_text.encode("utf-8"))
    return result
