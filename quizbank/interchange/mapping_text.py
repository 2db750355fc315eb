"""Texts of a source question as clinquiz plain text, noting what the conversion drops."""

from __future__ import annotations

import re
from collections.abc import Callable

from quizbank.interchange.htmltext import Converted, html_to_text, plain_to_text
from quizbank.interchange.report import Loss
from quizbank.interchange.source import Question, SourceText

_BLANK = re.compile(r"\{\{\s*[a-z0-9][a-z0-9._-]*\s*\}\}")


def convert(text: SourceText) -> Converted:
    """`text` as plain text by its format (Moodle auto-format may hold HTML, and keeps line breaks)."""
    if text.format == "html":
        return html_to_text(text.raw)
    if text.format == "moodle" and re.search(r"<[A-Za-z/!]", text.raw):
        return html_to_text(text.raw.replace("\n", "<br>"))
    return plain_to_text(text.raw)


class Skipped(Exception):
    """A question that cannot become an item; `losses` say why."""

    def __init__(self, losses: list[Loss]):
        super().__init__("; ".join(loss.why for loss in losses))
        self.losses = losses


class Context:
    """Converts the texts of one question and gathers its losses for the report."""

    def __init__(self, question: Question, fix: Callable[[str], str] | None = None):
        self.question = question
        self.losses: list[Loss] = list(question.dropped)
        self.converted = False  # scored by a different rule than the source's
        self._fix = fix or (lambda text: text)
        self._dropped: list[str] = []
        self._markdown: set[str] = set()
        self._own_formats: set[str] = set()

    def lose(self, what: str, why: str, *, rule: bool = False) -> None:
        """Record a loss; `rule` when clinquiz now scores the question differently."""
        self.losses.append(Loss(what, why))
        self.converted = self.converted or rule

    def converted_text(self, text: SourceText | None, where: str) -> Converted:
        """The conversion of `text` (empty for None), its drops noted under `where`."""
        if text is None:
            return Converted([])
        result = convert(text)
        for dropped in result.dropped:
            self._dropped.append(f"{dropped.replace('@@PLUGINFILE@@/', '')} ({where})")
        if text.format == "markdown":
            self._markdown.add(where)
        if text.own_format:
            self._own_formats.add(text.format)
        return result

    def text(self, text: SourceText | None, where: str) -> str:
        """`text` as clinquiz plain text ('' for None or for a text of only images)."""
        return self._fix(self.converted_text(text, where).text)

    def fix(self, text: str) -> str:
        """A converted text, replaced by the exact text a clinquiz block recorded for it (if any)."""
        return self._fix(text)

    def skip(self, why: str) -> Skipped:
        """The Skipped exception for this question, with its other losses too."""
        return Skipped([Loss("the whole question", why), *self.finish()])

    def finish(self) -> list[Loss]:
        """Every loss of the question, the conversion's included."""
        losses = list(self.losses)
        if self._dropped:
            losses.append(
                Loss(
                    "images, media and link addresses: " + ", ".join(self._dropped),
                    "clinquiz items are plain text; the rest of each text is kept",
                )
            )
        if self._markdown:
            losses.append(
                Loss(
                    "Markdown formatting (" + ", ".join(sorted(self._markdown)) + ")",
                    "kept as written: clinquiz text is plain",
                )
            )
        if self._own_formats:
            marks = ", ".join(f"[{f}]" for f in sorted(self._own_formats))
            losses.append(
                Loss(
                    f"text format markers {marks} on answers or feedback",
                    "clinquiz text is plain: [html] text was converted to plain text, the others kept as written",
                )
            )
        return losses


def cloze_parts(html: str, pieces: list[tuple[int, int, str]], context: Context) -> tuple[list[str], str]:
    """The stem paragraphs and the sentence of a cloze question whose gaps become `pieces`.

    `pieces` are (start, end, replacement) spans of `html`, each replacement a `{{blank}}` marker or
    HTML text. The paragraphs before the first one holding a marker are the stem. Neither is
    passed through the context's fix: the caller fixes the joined stem and the sentence.
    """
    out: list[str] = []
    at = 0
    for start, end, replacement in sorted(pieces):
        out.append(html[at:start].replace("{{", "{ {"))
        out.append(replacement)
        at = end
    out.append(html[at:].replace("{{", "{ {"))
    converted = context.converted_text(SourceText("".join(out), "html"), "question text")
    paragraphs = converted.paragraphs
    first = next((i for i, p in enumerate(paragraphs) if _BLANK.search(p)), len(paragraphs))
    return paragraphs[:first], "\n".join(paragraphs[first:])
