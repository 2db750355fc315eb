"""What the quiz notebook needs from its environment: the bank and the start-screen defaults.

CLINQUIZ_BANK names a bank folder (default: the shipped anakinra bank); QUERY_STRING is
the page address's query, which Voila hands to the kernel (e.g. `?mode=exam&seed=ward3`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from quizbank.loader import Bank, load_bank
from widgets.start_choices import StartChoices, from_query


def bank_from_environment(environ: Mapping[str, str] = os.environ) -> Bank:
    """The bank in CLINQUIZ_BANK (a folder of YAML files), else the shipped bank."""
    folder = environ.get("CLINQUIZ_BANK", "").strip()
    return load_bank([Path(folder)]) if folder else load_bank()


def defaults_from_environment(environ: Mapping[str, str] = os.environ) -> StartChoices:
    """Start-screen defaults from the page's query string."""
    return from_query(environ.get("QUERY_STRING", ""))
