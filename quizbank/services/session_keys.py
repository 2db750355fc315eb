"""Instructor keys the instructor server can show again: each key is made from the join code with a
secret kept in a file of its own next to the records (mode 0600), so the key itself is never stored
(the records keep only its hash) and a copy of the database alone holds no key.

Sessions made before this (or by a store without the secret) keep a random key; the list
shows them without a key and they open with the key the instructor saved.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

SECRET_NAME = "instructor-keys.secret"
SECRET_BYTES = 32


def secret_path(db_path: Path) -> Path:
    """Where the key secret of the records at `db_path` lives."""
    return db_path.parent / SECRET_NAME


def load_or_create_secret(path: Path) -> bytes:
    """The secret in `path`, made (owner-only) the first time; two processes racing get the same one."""
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    secret = secrets.token_bytes(SECRET_BYTES)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret.hex())
    return secret


class SessionKeys:
    """Makes a session's instructor key from its join code."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @classmethod
    def beside(cls, db_path: Path) -> SessionKeys:
        """The keys of the records at `db_path` (the secret file is made when missing)."""
        return cls(load_or_create_secret(secret_path(db_path)))

    def key_for(self, code: str) -> str:
        """The instructor key of session `code` (32 URL-safe characters)."""
        digest = hmac.new(self._secret, b"clinquiz-instructor-key:" + code.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode("ascii")
