"""Write bank YAML and output files: text quoted, nothing half-written.

YAML goes out through PyYAML's safe dumper (a SafeDumper that only adds double quotes around
text values, so `yes`, `010`, `1:10` and `null` stay text for any YAML reader), Unicode as
itself, fields in the bank's usual order. Every output file is written to a temporary file
beside it and renamed over the target only when complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from quizbank.errors import BankError, Problem

FIELD_ORDER = (
    "id", "type", "version", "draft", "stem", "sentence", "n", "options", "segments", "rows", "columns",
    "blanks", "condition", "actions", "parameters", "key", "scoring", "feedback_true", "feedback_false",
    "rationale", "objectives", "tags", "difficulty", "audience", "citations", "imported_from", "lint_waivers",
)  # fmt: skip


class _Text(str):
    """A text value (never a mapping key), written in double quotes."""


class QuotingSafeDumper(yaml.SafeDumper):
    """PyYAML's SafeDumper, writing text values in double quotes."""


def _represent_text(dumper: yaml.SafeDumper, data: _Text) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


QuotingSafeDumper.add_representer(_Text, _represent_text)


def _prepared(value: Any) -> Any:
    if isinstance(value, str):
        return _Text(value)
    if isinstance(value, dict):
        return {str(k): _prepared(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepared(v) for v in value]
    return value


def ordered_item(item: dict[str, Any]) -> dict[str, Any]:
    """An item's fields in the order bank authors write them (unknown fields last)."""
    known = {k: item[k] for k in FIELD_ORDER if k in item}
    return {**known, **{k: v for k, v in item.items() if k not in known}}


def bank_yaml(items: list[dict[str, Any]], header: str = "") -> str:
    """A bank file holding `items`: `schema_version: 1` first, then the items."""
    document = {"schema_version": 1, "items": [ordered_item(i) for i in items]}
    body = yaml.dump(
        _prepared(document), Dumper=QuotingSafeDumper, allow_unicode=True, sort_keys=False, width=4096, indent=2
    )
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` by a temporary file and a rename; BankError if the folder is not writable."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BankError([Problem(str(path), 0, 0, f"the folder {folder} does not exist; nothing was written")])
    if path.is_dir():
        raise BankError([Problem(str(path), 0, 0, "is a folder; give a file name to write; nothing was written")])
    handle = None
    try:
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".part", delete=False)
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except OSError as exc:
        if handle is not None:
            Path(handle.name).unlink(missing_ok=True)
        raise BankError(
            [Problem(str(path), 0, 0, f"cannot write the file: {exc.strerror or exc}; nothing was written")]
        ) from None
