"""How values are kept in columns: JSON text, epoch seconds, hashed keys."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any


def dump_json(value: Any) -> str | None:
    """Compact, key-sorted JSON text; None stays NULL."""
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def load_json(text: str | None) -> Any:
    """The value a JSON column holds; NULL is None."""
    return None if text is None else json.loads(text)


def hash_key(key: str) -> str:
    """The stored form of an instructor key (the key itself is never stored)."""
    return hashlib.sha256(key.encode()).hexdigest()


def timestamp(value: datetime | float) -> float:
    """Epoch seconds from a datetime or a number."""
    return value.timestamp() if isinstance(value, datetime) else float(value)
