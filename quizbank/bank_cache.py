"""The validated bank, cached on disk, so a kernel gets it without parsing and checking it again.

`load_bank_cached()` answers from a pickle of the Bank that an earlier load validated, when the
cache was made from exactly the same bytes: the key is a SHA-256 over every bank file (name
and content), every file of the sources folder, and the code and versions that validate
(quizbank's own modules, pydantic, Python). Anything else (no cache, another key, a broken or
unreadable file, an unwritable folder) falls back to `load_bank`, and a bank with problems is
never cached, so the errors are always those of a full load.

The folder is $CLINQUIZ_CACHE_DIR, else $XDG_CACHE_HOME/clinquiz, else ~/.cache/clinquiz.
Unpickling runs code named in the file, so the folder must be writable only by the user (or
service) that serves the quiz; it is created with mode 0700.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pydantic

from quizbank import __version__
from quizbank.config import settings
from quizbank.loader import DEFAULT_BANK, Bank, bank_files, gc_paused, load_bank
from quizbank.sources import SOURCES_DIR

_CODE_DIR = Path(__file__).resolve().parent
_MAGIC = b"clinquiz-bank-cache 1\n"


def cache_dir() -> Path:
    """Where cached banks are kept (CLINQUIZ_CACHE_DIR, see quizbank.config)."""
    return settings().cache_dir


def bank_key(files: Iterable[Path]) -> str:
    """SHA-256 over the bank files, the sources and the validating code: equal keys, equal banks."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("versions", f"{__version__} {pydantic.VERSION} {sys.version} {pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted(_CODE_DIR.glob("*.py")):
        add(f"code:{path.name}", path.read_bytes())
    for path in sorted(p for p in SOURCES_DIR.iterdir() if p.is_file()):
        add(f"source:{path.name}", path.read_bytes())
    for path in files:
        add(f"bank:{path}", path.read_bytes())
    return digest.hexdigest()


def _entry(files: list[Path], directory: Path) -> Path:
    """The cache file of a bank made of these files (one per bank; a new key replaces it)."""
    where = hashlib.sha256("\0".join(str(p.resolve()) for p in files).encode()).hexdigest()[:24]
    return directory / f"bank-{where}.pickle"


def _read(entry: Path, key: str) -> Bank | None:
    try:
        with entry.open("rb") as handle:
            if handle.read(len(_MAGIC) + 65) != _MAGIC + key.encode() + b"\n":
                return None
            with gc_paused():  # a quarter of the time it takes with the collector running
                bank = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, partial or foreign file is a miss, never an error
        return None
    return bank if isinstance(bank, Bank) else None


def _write(entry: Path, key: str, bank: Bank) -> None:
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=entry.name, suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + key.encode() + b"\n")
                pickle.dump(bank, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)  # atomic: a reader sees the old file or the new one
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
        pass


def load_bank_cached(paths: Iterable[Path] | None = None, *, directory: Path | None = None) -> Bank:
    """The validated bank at `paths` (default: the shipped bank), from the cache when it is current.

    Raises BankError exactly as load_bank does; only a bank without problems is cached.
    """
    given = [DEFAULT_BANK] if paths is None else [Path(p) for p in paths]
    files = bank_files(given)
    try:
        key = bank_key(files)
    except OSError:
        return load_bank(given)  # a file cannot be read: load_bank reports it
    entry = _entry(files, directory or cache_dir())
    bank = _read(entry, key)
    if bank is None:
        bank = load_bank(given)
        if bank_key(files) == key:  # not changed while it was loaded: the bank is that of `key`
            _write(entry, key, bank)
    return bank
