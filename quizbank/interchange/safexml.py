"""Parse XML that someone else wrote, refusing what could attack the reader.

lxml reads with entities unresolved, no network, no DTD loading or validation and the default
(not huge) limits; a document type declaration, an entity declaration or reference, or an
oversized file is refused outright, so no billion-laughs or external-entity trick gets anywhere.
Every refusal is a BankError naming the file, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from quizbank.errors import BankError, Problem

MAX_XML_BYTES = 50_000_000  # Moodle exports carry images as base64, so a real file can be large
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


def parser() -> etree.XMLParser:
    """The XML parser for untrusted input: no entities, no network, no DTD, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=True,
    )


def line_col(raw: bytes, at: int) -> tuple[int, int]:
    """1-based line and column of byte offset `at`."""
    line = raw.count(b"\n", 0, at) + 1
    start = raw.rfind(b"\n", 0, at) + 1
    return line, len(raw[start:at].decode("utf-8", "replace")) + 1


def read_limited(path: Path, name: str, limit: int) -> bytes:
    """The bytes of `path`, refusing a file larger than `limit`."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise BankError([Problem(name, 0, 0, f"the file is {size:,} bytes; at most {limit:,} bytes are read")])
        return path.read_bytes()
    except OSError as exc:
        raise BankError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}")]) from None


def parse_xml(raw: bytes, name: str) -> etree._Element:
    """The root element of the XML document `raw`; BankError for anything unsafe or malformed."""
    if len(raw) > MAX_XML_BYTES:
        raise BankError([Problem(name, 0, 0, f"the file is {len(raw):,} bytes; at most {MAX_XML_BYTES:,} are read")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise BankError([Problem(name, 1, 1, "the file is UTF-16 or UTF-32 text; expected XML in UTF-8")])
    first = _FIRST_ELEMENT.search(raw)
    found = _DOCTYPE.search(raw, 0, first.start() if first else len(raw))  # the prolog, not CDATA text
    if found:
        line, col = line_col(raw, found.start())
        what = (
            "a document type declaration (<!DOCTYPE ...>)"
            if found.group(1).upper() == b"DOCTYPE"
            else "an entity declaration"
        )
        raise BankError(
            [Problem(name, line, col, f"the file contains {what}, which is refused (entities and DTDs are not read)")]
        )
    try:
        root = etree.fromstring(raw, parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        message = str(exc.msg or exc).split(", line ")[0]
        raise BankError([Problem(name, line or 1, col or 1, f"not well-formed XML: {message}")]) from None
    except ValueError as exc:  # e.g. an encoding declaration lxml does not know
        raise BankError([Problem(name, 1, 1, f"not readable as XML: {exc}")]) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise BankError([Problem(name, 1, 1, "the file declares a document type, which is refused")])
    for node in root.iter(etree.Entity):
        raise BankError(
            [
                Problem(
                    name, node.sourceline or 0, 0, f"the entity reference &{node.name}; is refused; write the character"
                )
            ]
        )
    return root


def xml_bytes(element: etree._Element, *, pretty: bool = True) -> bytes:
    """`element` as a UTF-8 XML document with its declaration."""
    data: bytes = etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)
    return data
