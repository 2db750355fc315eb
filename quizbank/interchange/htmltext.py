"""HTML to plain text for imports, plain text to HTML for exports.

`html_to_text` reads HTML the way a browser shows it: tags go, entities are unescaped, runs of
white space become one space, `<br>` a line break and each paragraph (p, div, li, ...) a line of
its own. Images, links' addresses, media and scripts do not survive; they are listed as notes so
that the loss report can name them. `text_to_html` is its inverse for text without doubled,
leading or trailing spaces (the Moodle export records the exact text of any other).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
}  # fmt: skip
_SKIP = {"script", "style", "template", "head", "title", "noscript"}
_MEDIA = {"audio", "video", "source", "iframe", "object", "embed", "track"}
_SPACE = re.compile(r"[ \t\n\r\f\v\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_PARAGRAPH = "\x00"  # a marker no text can hold (control characters are removed first)


@dataclass
class Converted:
    """Plain text made from HTML, by paragraph, and what the conversion dropped."""

    paragraphs: list[str]
    dropped: list[str] = field(default_factory=list)  # e.g. "image logo.jpg", "link to http://..."

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped: list[str] = []
        self.skipping = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in _SKIP:
            self.skipping += 1
            self.dropped.append(f"<{tag}> content")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            self.dropped.append(f"image {named.get('src') or named.get('alt') or '(no source)'}")
        elif tag in _MEDIA:
            self.dropped.append(f"{tag} {named.get('src') or named.get('data') or '(no source)'}")
        elif tag == "a":
            self.links.append(named.get("href"))
        elif tag in ("td", "th"):
            self.parts.append(" ")
        if tag in _BLOCK:
            self.parts.append(_PARAGRAPH)
            if tag == "li":
                self.parts.append("• ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skipping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and not href.startswith("#"):
                self.dropped.append(f"link to {href} (its text is kept)")
        if tag in _BLOCK:
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_SPACE.sub(" ", data))


def clean(text: str) -> tuple[str, bool]:
    """`text` without control characters (line and paragraph separators become line breaks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    cleaned = _CONTROL.sub("", text.replace("\x85", "\n"))
    return cleaned, cleaned != text.replace("\x85", "\n")


def _lines(text: str) -> list[str]:
    """Paragraph text split into its lines, each with single spaces and no space at either end."""
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def html_to_text(source: str) -> Converted:
    """The plain text a browser would show for the HTML `source`, by paragraph."""
    source, had_controls = clean(source)
    reader = _Reader()
    reader.feed(source)
    reader.close()
    paragraphs: list[str] = []
    for chunk in "".join(reader.parts).split(_PARAGRAPH):
        lines = _lines(_CONTROL.sub("", chunk))  # a character reference can name a control character
        if lines:
            paragraphs.append(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)))
    dropped = reader.dropped + (["control characters"] if had_controls else [])
    return Converted(paragraphs, dropped)


def plain_to_text(source: str) -> Converted:
    """Plain text (or Markdown, or Moodle auto-format without tags) tidied like `html_to_text` does."""
    source, had_controls = clean(source)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(_lines(source)))
    return Converted([text] if text else [], ["control characters"] if had_controls else [])


def text_to_html(text: str) -> str:
    """Plain text as HTML: `& < >` and braces escaped (braces are Moodle's cloze and filter syntax)."""
    escaped = html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\n", "<br>")


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Several plain-text paragraphs as HTML paragraphs."""
    return "".join(f"<p>{text_to_html(p)}</p>" for p in paragraphs)
