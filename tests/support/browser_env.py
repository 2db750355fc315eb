"""Whether the browser tests can run on this machine: Playwright importable and Chromium present."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

# Debian's chromium, which `make test` and .ci/run install; another path can be given.
CHROMIUM = Path(os.environ.get("CLINQUIZ_CHROMIUM", "/usr/bin/chromium"))
# How the tests and the benchmarks start it: headless on a shared machine, never calling out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def browser_missing() -> str | None:
    """Why browser tests cannot run here (worded for the person reading the skip), or None."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: `make test` installs it (or pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Chromium is not at {CHROMIUM}: `make test` installs Debian's chromium (or set CLINQUIZ_CHROMIUM)"
    return None
