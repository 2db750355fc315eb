"""The quiz's browser-test helpers (tests/browser/conftest.py), loaded as a module under its own name.

Reused here rather than copied: free_port, CHROMIUM, CHROMIUM_ARGS, and RecordingPage (a
page that records its requests and refuses any to an outside host).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
NAME = "clinquiz_browser_helpers"


def load() -> ModuleType:
    """tests/browser/conftest.py as a module (loaded once)."""
    if NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(NAME, REPO / "tests" / "browser" / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[NAME]
