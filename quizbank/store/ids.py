"""Identifiers the store hands out or accepts: learner and attempt ids, class join codes."""

from __future__ import annotations

import secrets

# Join codes avoid characters people misread or mistype: 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V, G/6.
CODE_ALPHABET = "ACDEFHJKMNPQRTWXY34679"
CODE_LENGTH = 6
MAX_ID_LENGTH = 200


def new_learner_id() -> str:
    """An unguessable learner id: whoever holds it can read that learner's records."""
    return secrets.token_urlsafe(16)


def new_attempt_id() -> str:
    """A fresh random attempt id."""
    return secrets.token_hex(16)


def new_join_code() -> str:
    """A random join code such as ``K7Q-4MP``."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{chars[:3]}-{chars[3:]}"


def normalize_code(text: str) -> str | None:
    """A typed join code in canonical form (``k7q 4mp`` -> ``K7Q-4MP``), or None if it cannot be one."""
    chars = "".join(c for c in str(text).upper() if c not in " -_\t")
    if len(chars) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in chars):
        return None
    return f"{chars[:3]}-{chars[3:]}"


def check_id(value: str, what: str) -> str:
    """`value` when it is usable as an id; ValueError naming `what` otherwise."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise ValueError(f"{what} must be non-empty text of at most {MAX_ID_LENGTH} characters")
    return value
