"""Read a YAML file safely into plain Python values, remembering where each value stood.

Only the safe subset of YAML is accepted: no tags that build objects, no anchors or
aliases (so no alias bombs), one document, bounded size and nesting. Plain scalars are
resolved by a small YAML 1.2 core rule set, so YAML 1.1 look-alikes such as ``yes``,
``off``, ``010``, ``0x1F``, ``1:10`` and ``2016-07-14`` stay text instead of turning
silently into booleans, numbers or dates.

The values are built straight from libyaml's event stream, without PyYAML's recursive
composer: nesting is counted as the events arrive, so a file of 100,000 ``[`` is
refused at its 33rd level instead of exhausting the C stack.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from quizbank.errors import BankError, Problem
from quizbank.yamlbuild import MAX_DEPTH, Builder, Located, Path_, TooDeep, field_name
from quizbank.yamldepth import too_deep
from quizbank.yamlerrors import NOT_PRINTABLE, line_col, syntax_error, unprintable

MAX_BYTES = 1_000_000

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a bank file as text, refusing what is too large, binary or not UTF-8."""
    name = display or str(path)
    return decode(read_bytes(path, name), name)


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """Read a bank file's bytes, refusing a file that is too large."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BankError([Problem(name, 0, 0, _too_big(size))])
        return path.read_bytes()
    except OSError as exc:
        raise BankError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}")]) from None


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes; a bank file may be at most {MAX_BYTES:,} bytes, so split it into smaller files"


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), refusing NUL bytes, bad bytes and control characters."""
    if len(raw) > MAX_BYTES:
        raise BankError([Problem(name, 0, 0, _too_big(len(raw)))])
    wide = next((what for bom, what in _WIDE_BOMS if raw.startswith(bom)), None)
    if wide is not None:  # Windows Notepad's "Unicode" is UTF-16: every other byte is NUL
        raise BankError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the file is saved as {wide} text; save it as UTF-8 (for example from a 'Save as' dialog)",
                )
            ]
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line, col = line_col(raw, at)
        raise BankError(
            [
                Problem(
                    name,
                    line,
                    col,
                    "the file contains a NUL byte; is it really a text file? Save it as plain UTF-8 text",
                )
            ]
        )
    skip = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # a byte-order mark
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, skip + exc.start)
        raise BankError(
            [
                Problem(
                    name,
                    line,
                    col,
                    "the file is not valid UTF-8 text here; save it as UTF-8 (for example from a 'Save as' dialog)",
                )
            ]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd in ("\x85", "\u2028", "\u2029"):  # NEL, LINE and PARAGRAPH SEPARATOR: line breaks to the YAML
        if odd in text:  # reader but not to the loader or most editors, so every line after one would be off
            raise unprintable(text, text.index(odd), name)
    return text


def load_yaml(text: str, name: str) -> Located:
    """Parse one YAML document into plain values with their positions."""
    deep = too_deep(text, MAX_DEPTH)
    if deep is not None:  # read up to there first, so that this reader's limit fires before libyaml's
        try:
            _parse(text[: deep + 1], name)
        except TooDeep:
            raise
        except BankError:
            pass  # the prefix broke off somewhere else: the whole text says what is wrong
    return _parse(text, name)


def _parse(text: str, name: str) -> Located:
    builder = Builder(name)
    loader = Loader(text)
    try:
        builder.run(loader)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, name, builder) from None
    except yaml.reader.ReaderError:  # a character YAML does not allow; the reader names only an offset
        found = NOT_PRINTABLE.search(text)
        if found is None:  # pragma: no cover - the reader refuses nothing else
            raise BankError(
                [Problem(name, 0, 0, "the file contains a character that is not allowed in YAML text")]
            ) from None
        raise unprintable(text, found.start(), name) from None
    except yaml.YAMLError as exc:
        raise BankError([Problem(name, 0, 0, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    return builder.located


__all__ = ["MAX_BYTES", "MAX_DEPTH", "Located", "Path_", "decode", "field_name", "load_yaml", "read_bytes", "read_text"]
