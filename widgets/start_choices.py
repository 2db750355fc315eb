"""What the learner chooses on the start screen, and reading defaults from the page address.

A class link such as `/?mode=exam&seed=ward3&length=10&audience=nursing` pre-fills the
start screen (Voila passes the query string to the kernel as QUERY_STRING). Anything
that does not fit is ignored: the address is typed by people and can be forged.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from urllib.parse import parse_qs

AUDIENCES = ("nursing", "pharmacy", "both")
MODES = ("practice", "exam")
SEED_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
SEED_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MAX_LENGTH = 200


@dataclass(frozen=True)
class StartChoices:
    """The start screen's choices. Empty topic/objective mean all; length 0 means all."""

    audience: str = "both"
    topic: str = ""
    objective: str = ""
    length: int = 10
    mode: str = "practice"
    seed: str = ""


def new_seed() -> str:
    """A short random quiz code that is easy to read aloud (no 0/o, 1/l/i)."""
    return "".join(secrets.choice(SEED_ALPHABET) for _ in range(6))


def valid_seed(text: str) -> str | None:
    """The seed if it is 1-32 letters, digits, '-' or '_', else None."""
    text = text.strip()
    return text if SEED_RE.match(text) else None


def from_query(query: str, base: StartChoices | None = None) -> StartChoices:
    """Start-screen defaults from a URL query string; unknown or bad values are ignored."""
    choices = base or StartChoices()
    values = {k: v[-1] for k, v in parse_qs(query or "", keep_blank_values=False).items() if v}
    if values.get("audience") in AUDIENCES:
        choices = replace(choices, audience=values["audience"])
    if values.get("mode") in MODES:
        choices = replace(choices, mode=values["mode"])
    length = values.get("length", "")
    if length.isdigit() and 0 <= int(length) <= MAX_LENGTH:
        choices = replace(choices, length=int(length))
    if values.get("length") == "all":
        choices = replace(choices, length=0)
    seed = valid_seed(values.get("seed", ""))
    if seed:
        choices = replace(choices, seed=seed)
    for name in ("topic", "objective"):
        if re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,79}", values.get(name, "")):
            choices = (
                replace(choices, topic=values[name]) if name == "topic" else replace(choices, objective=values[name])
            )
    return choices
