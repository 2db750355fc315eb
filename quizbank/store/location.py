"""Where the records database lives when no path is given.

Outside the repository on purpose: reinstalling or cleaning the checkout must never delete
learners' records.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """``$CLINQUIZ_DB``, else ``$XDG_DATA_HOME/clinquiz/clinquiz.sqlite3`` (``~/.local/share/...``)."""
    configured = os.environ.get("CLINQUIZ_DB", "").strip()
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(data_home) / "clinquiz" / "clinquiz.sqlite3"
