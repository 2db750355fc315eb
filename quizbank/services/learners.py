"""Who the learner is, the same way on every page: a typed student id (or name), or the JupyterHub user.

A classroom without logins has only what the learner types. The stored learner id is
derived from it deterministically (normalised: Unicode NFKC, spaces collapsed, case
folded), so typing the same id next week, or on another page (quiz, cases, refresher),
brings back the same records; it is a hash, so the records database never holds the typed
id as a key. The display name (what the instructor sees) is kept apart: the text as typed,
tidied. When the server runs as a JupyterHub user, that user is the learner on every page
and what is typed does not count.

Anyone who types the same id gets the same records: the pages say so, and ask for a
student id rather than a first name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from quizbank.config import settings
from quizbank.store import Store

MIN_LENGTH = 2
MAX_LENGTH = 60
MAX_NAME = 100  # a name given apart from the id (the one on the refresher's statement)
PUNCTUATION = " .-_'@"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SPACES = re.compile(r"\s+")


class IdentityProblem(ValueError):
    """The typed text cannot identify a learner; the message is fit to show."""


@dataclass(frozen=True)
class Identity:
    """The stored learner id and the name shown for it."""

    learner_id: str
    display_name: str


def tidy(text: str) -> str:
    """The typed text with compatible characters unified and white space collapsed."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def _allowed(char: str) -> bool:
    return char.isalnum() or char in PUNCTUATION or unicodedata.category(char).startswith("M")


def _shown(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def check_typed(text: str) -> str:
    """The tidied text, or IdentityProblem saying plainly what is wrong."""
    cleaned = tidy(text)
    if not cleaned:
        raise IdentityProblem("Please type your student id or your name.")
    if len(cleaned) < MIN_LENGTH:
        raise IdentityProblem(f"That is too short: use at least {MIN_LENGTH} characters.")
    if len(cleaned) > MAX_LENGTH:
        raise IdentityProblem(f"That is too long: use at most {MAX_LENGTH} characters.")
    bad = sorted({_shown(c) for c in cleaned if not _allowed(c)})
    if bad:
        raise IdentityProblem("Use only letters, digits, spaces and . - _ ' @ (not " + " ".join(bad[:6]) + ").")
    if not any(c.isalnum() for c in cleaned):
        raise IdentityProblem("Your id needs at least one letter or digit.")
    return cleaned


def learner_id_for(cleaned: str, namespace: str = "typed") -> str:
    """The stored learner id for a tidied id: the same text (any case, any spacing) gives the same id."""
    key = f"clinquiz-learner-v1\0{namespace}\0{cleaned.casefold()}"
    return f"{namespace}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"


def identity_from_text(text: str) -> Identity:
    """The learner a typed id names (IdentityProblem when it cannot name one)."""
    cleaned = check_typed(text)
    return Identity(learner_id_for(cleaned), cleaned)


def hub_identity(environ: Mapping[str, str] | None = None) -> Identity | None:
    """The JupyterHub user, when the server runs as one (then nobody is asked to type an id)."""
    user = tidy(settings(environ).hub_user)[:MAX_LENGTH]
    return Identity(learner_id_for(user, "hub"), user) if user else None


def identify(typed: str, environ: Mapping[str, str] | None = None) -> Identity:
    """The learner of a page: the JupyterHub user when there is one, else the typed id (IdentityProblem)."""
    return hub_identity(environ) or identity_from_text(typed)


def sign_in(store: Store, typed: str, name: str, environ: Mapping[str, str] | None = None) -> Identity:
    """The learner of `typed` (see `identify`) under the name given, recorded in `store`.

    A blank name keeps the one saved before; a new learner must give one (IdentityProblem
    says so), since it is what their statement of completion shows.
    """
    identity = identify(typed, environ)
    given = tidy(name)[:MAX_NAME]
    if not given:
        known = store.get_learner(identity.learner_id)
        if known is None:
            raise IdentityProblem(
                "New here: please also type your name as it should appear on your statement of completion."
            )
        given = known.display_name
    store.ensure_learner(identity.learner_id, given)
    return Identity(identity.learner_id, given)
