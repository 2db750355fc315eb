"""How values are kept in columns: JSON text, epoch seconds, hashed keys."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def dump_json(value: Any) -> str | None:
    """Compact, key-sorted JSON text; None stays NULL."""
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def load_json(text: str | None) -> Any:
    """The value a JSON column holds; NULL is None."""
    return None if text is None else json.loads(text)


@functools.cache
def _field_names(record: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(record))


def record_from_row(
    record: type[R], row: Mapping[str, Any], *, json_columns: Iterable[str] = (), flags: Iterable[str] = ()
) -> R:
    """A record dataclass from a row, each field read from the column of its name; the
    `json_columns` decoded, the `flags` (0/1 columns) as booleans."""
    values = {name: row[name] for name in _field_names(record)}
    for name in json_columns:
        values[name] = load_json(values[name])
    for name in flags:
        values[name] = bool(values[name])
    return record(**values)


def hash_key(key: str) -> str:
    """The stored form of an instructor key (the key itself is never stored)."""
    return hashlib.sha256(key.encode()).hexdigest()


def timestamp(value: datetime | float) -> float:
    """Epoch seconds from a datetime or a number."""
    return value.timestamp() if isinstance(value, datetime) else float(value)
