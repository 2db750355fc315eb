"""Whether this is a deep run: CLINQUIZ_DEEP=1 (what `make test-deep` sets), or `--deep` (conftest.py)."""

from __future__ import annotations

import os

DEEP_ENV = "CLINQUIZ_DEEP"


def deep() -> bool:
    """True in a deep run (10,000 examples a property instead of 200)."""
    return os.environ.get(DEEP_ENV, "") not in ("", "0")
