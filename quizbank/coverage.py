"""Which passages of each source document no item cites."""

from __future__ import annotations

from dataclasses import dataclass

from quizbank.loader import Bank
from quizbank.sources import Passage

MIN_OVERLAP = 20


@dataclass(frozen=True)
class SectionCoverage:
    """How many passages of one section the bank cites, and which it does not."""

    source: str
    section: str
    title: str
    quizzable: bool
    cited: int
    uncited: tuple[Passage, ...]

    @property
    def covered(self) -> bool:
        return self.cited > 0 or not self.quizzable


def _overlaps(passage: Passage, spans: list[tuple[int, int]]) -> bool:
    """A quote cites a passage when it lies inside it, covers it, or shares MIN_OVERLAP characters.

    (A short quote inside a long passage cites it; a quote that only runs a few characters
    over a passage's edge into the next one does not cite that next one.)
    """
    for start, end in spans:
        need = min(MIN_OVERLAP, passage.end - passage.start, end - start)
        if min(end, passage.end) - max(start, passage.start) >= max(need, 1):
            return True
    return False


def coverage(bank: Bank) -> list[SectionCoverage]:
    """Coverage of every section of every source, in document order."""
    spans: dict[str, list[tuple[int, int]]] = {source: [] for source in bank.sources}
    for item in bank.items.values():
        for citation in item.citations:
            spans[citation.source].extend(bank.sources[citation.source].find(citation.quote))
    report = []
    for document in bank.sources.values():
        for section in document.sections:
            passages = [p for p in document.passages if p.section == section.id]
            uncited = tuple(p for p in passages if not _overlaps(p, spans[document.id]))
            report.append(
                SectionCoverage(
                    document.id, section.id, section.title, section.quizzable, len(passages) - len(uncited), uncited
                )
            )
    return report
