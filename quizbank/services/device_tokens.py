"""Device tokens: what a browser keeps (in an HttpOnly cookie) so its learner needs nothing typed next time.

A token names the learner, a random device id and when it was issued, signed with HMAC-SHA256
under the server's signing key (a 0600 file next to the records database, created on first
use). A token is good while its signature holds *and* its device row in the store is not
revoked: signing out, or the instructor resetting the learner's secret, revokes it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from quizbank.store.api import RecordsStore

COOKIE_NAME = "clinquiz_device"
COOKIE_DAYS = 400  # the longest a browser keeps a cookie
_VERSION = "v1"


@dataclass(frozen=True)
class DeviceClaim:
    """What a well-signed token says: the learner, the device and when it was issued (epoch s)."""

    learner_id: str
    device_id: str
    issued_at: int


def signing_key(path: Path) -> bytes:
    """The key in `path`, created (32 random bytes, owner-only) when there is none yet."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return _read_key(path)
    with os.fdopen(handle, "w") as file:
        file.write(secrets.token_hex(32) + "\n")
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise ValueError(f"the signing key {path} is too short; delete it to make a new one (devices sign in again)")
    return text.encode("ascii")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, b"clinquiz-device\0" + payload, hashlib.sha256).digest()


def make_token(key: bytes, claim: DeviceClaim) -> str:
    """The signed token for `claim` (cookie-safe text)."""
    payload = f"{_VERSION}|{claim.learner_id}|{claim.device_id}|{claim.issued_at}".encode()
    return f"{_b64(payload)}.{_b64(_signature(key, payload))}"


def read_token(key: bytes, token: str) -> DeviceClaim | None:
    """The claim of a token whose signature is good under `key`, else None (tampered, forged, malformed)."""
    try:
        encoded, signature = str(token).strip().split(".")
        payload = _unb64(encoded)
        if not hmac.compare_digest(_unb64(signature), _signature(key, payload)):
            return None
        version, learner_id, device_id, issued = payload.decode("utf-8").split("|")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if version != _VERSION or not learner_id or not device_id or not issued.isdigit():
        return None
    return DeviceClaim(learner_id, device_id, int(issued))


def issue_device(store: RecordsStore, key: bytes, learner_id: str, now: float) -> str:
    """A new device for the learner: its row in the store and its signed token."""
    claim = DeviceClaim(learner_id, secrets.token_hex(16), int(now))
    store.add_device(claim.device_id, learner_id, float(claim.issued_at))
    return make_token(key, claim)


def verified_claim(store: RecordsStore, key: bytes, token: str) -> DeviceClaim | None:
    """The token's claim when its signature is good and its device is still the learner's, else None."""
    claim = read_token(key, token)
    if claim is None or not store.device_active(claim.device_id, claim.learner_id, float(claim.issued_at)):
        return None
    return claim
