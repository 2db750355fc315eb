"""The source documents: their manifest, normalised text, sections and passages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from quizbank.errors import BankError, Problem
from quizbank.models import Id, Strict
from quizbank.yamlread import decode, field_name, load_yaml

SOURCES_DIR = Path(__file__).parent / "sources"

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2022": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def normalise(text: str) -> str:
    """Fold case, typographic quotes, dashes, bullets and runs of white space."""
    if not text.isascii():  # every character _TRANSLATE folds is outside ASCII
        text = text.translate(_TRANSLATE)
    return " ".join(text.split()).casefold()


class SectionEntry(Strict):
    """A section of a document as the manifest declares it."""

    id: Id
    title: str
    start: str
    headings: list[str] = []
    quizzable: bool = True


class SourceEntry(Strict):
    """One document in the manifest."""

    id: Id
    file: str
    title: str
    publisher: str
    date: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    sections: list[SectionEntry]


class Manifest(Strict):
    """The sources manifest file."""

    schema_version: int
    sources: list[SourceEntry]


@dataclass(frozen=True)
class Passage:
    """A sentence or bullet of a document, located in its normalised text."""

    source: str
    section: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A titled part of a document."""

    id: str
    title: str
    quizzable: bool


@dataclass(frozen=True)
class SourceDocument:
    """A source document with its normalised text, sections and passages."""

    id: str
    title: str
    publisher: str
    date: str
    text: str
    normalised: str
    sections: tuple[Section, ...]
    passages: tuple[Passage, ...]

    def contains(self, quote: str) -> bool:
        """Whether the normalised quote occurs in the normalised text."""
        needle = normalise(quote)
        return bool(needle) and needle in self.normalised

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Spans of the normalised text where the normalised quote occurs."""
        needle = normalise(quote)
        spans: list[tuple[int, int]] = []
        if not needle:
            return spans
        at = self.normalised.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = self.normalised.find(needle, at + 1)
        return spans


def _split_passages(line: str) -> list[str]:
    stripped = line.strip().lstrip("\u2022").strip()
    if not stripped:
        return []
    return [part for part in _SENTENCE_END.split(stripped) if part.strip()]


def _build(entry: SourceEntry, text: str, manifest_name: str) -> SourceDocument:
    lines = text.split("\n")
    starts: list[tuple[int, SectionEntry]] = []
    for section in entry.sections:
        found = [i for i, line in enumerate(lines) if section.start in line]
        if len(found) != 1:
            how = "no line" if not found else f"{len(found)} lines"
            raise BankError(
                [Problem(manifest_name, 0, 0, f"source '{entry.id}' section '{section.id}': start text matches {how}")]
            )
        starts.append((found[0], section))
    starts.sort(key=lambda pair: pair[0])
    normalised = normalise(text)
    passages: list[Passage] = []
    cursor = 0
    for index, (first, section) in enumerate(starts):
        last = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        headings = {normalise(h) for h in section.headings}
        for line in lines[first:last]:
            for part in _split_passages(line):
                norm = normalise(part)
                at = normalised.find(norm, cursor)
                if at < 0:  # pragma: no cover - the split only removes white space
                    continue
                cursor = at + len(norm)
                if norm in headings or norm.endswith(":"):
                    continue
                passages.append(Passage(entry.id, section.id, part.strip(), at, at + len(norm)))
    sections = tuple(Section(s.id, s.title, s.quizzable) for _, s in starts)
    return SourceDocument(
        entry.id, entry.title, entry.publisher, entry.date, text, normalised, sections, tuple(passages)
    )


@lru_cache(maxsize=4)
def load_sources(directory: Path = SOURCES_DIR) -> dict[str, SourceDocument]:
    """Load every document in the manifest, checking each file's SHA-256."""
    manifest_path = directory / "sources.yaml"
    name = str(manifest_path)
    try:
        raw_manifest = manifest_path.read_bytes()
    except OSError as exc:
        raise BankError([Problem(name, 0, 0, f"cannot read the sources manifest: {exc.strerror or exc}")]) from None
    located = load_yaml(decode(raw_manifest, name), name)
    try:
        manifest = Manifest.model_validate(located.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            path = tuple(error["loc"])
            line, col = located.where(path)
            problems.append(
                Problem(name, line, col, f"invalid sources manifest: {error['msg']}", None, field_name(path) or None)
            )
        raise BankError(problems) from None
    documents: dict[str, SourceDocument] = {}
    for entry in manifest.sources:
        try:
            raw = (directory / entry.file).read_bytes()
        except OSError as exc:
            raise BankError(
                [Problem(name, 0, 0, f"source '{entry.id}': cannot read {entry.file}: {exc.strerror or exc}")]
            ) from None
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry.sha256:
            raise BankError(
                [
                    Problem(
                        name,
                        0,
                        0,
                        f"source '{entry.id}': {entry.file} is not the original document (its SHA-256 is "
                        f"{digest[:12]}..., the manifest says {entry.sha256[:12]}...); restore the original",
                    )
                ]
            )
        documents[entry.id] = _build(entry, raw.decode("utf-8"), name)
    return documents
