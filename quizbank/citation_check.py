"""Every citation's quote must be found in its source document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizbank.errors import Problem
from quizbank.sources import SourceDocument
from quizbank.yamlread import Located


def _longest_match(document: SourceDocument, quote: str) -> str:
    words = quote.split()
    low, high = 0, len(words)
    while low < high:
        mid = (low + high + 1) // 2
        if document.find(" ".join(words[:mid])):
            low = mid
        else:
            high = mid - 1
    return " ".join(words[:low])


def check_citations(
    item: Any, located: Located, path: tuple[Any, ...], sources: Mapping[str, SourceDocument]
) -> list[Problem]:
    """A problem for each citation of `item` (at `path`) whose source is unknown or lacks the quote."""
    problems = []
    for index, citation in enumerate(item.citations):
        where = path + ("citations", index)
        document = sources.get(citation.source)
        if document is None:
            line, col = located.where(where + ("source",))
            problems.append(
                Problem(
                    located.file,
                    line,
                    col,
                    f"unknown source '{citation.source}'; the sources are {', '.join(sorted(sources))}",
                    item.id,
                    f"citations[{index}].source",
                )
            )
            continue
        if not document.contains(citation.quote):
            line, col = located.where(where + ("quote",))
            matched = _longest_match(document, citation.quote)
            hint = f'; it matches only as far as "{matched}"' if matched else ""
            problems.append(
                Problem(
                    located.file,
                    line,
                    col,
                    f"the quote is not in '{citation.source}' (case, spaces, bullets and curly quotes "
                    f"are ignored){hint}",
                    item.id,
                    f"citations[{index}].quote",
                )
            )
    return problems
