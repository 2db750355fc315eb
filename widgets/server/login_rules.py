"""The instructor login's pure rules: where to go after logging in, how many wrong tokens are allowed,
and the instructors' tokens file. No server imports here, so every rule is tested as a table."""

from __future__ import annotations

import hmac
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MIN_TOKEN_LENGTH = 16
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_next(wanted: str | None, base_url: str = "/") -> str:
    """The page to land on after logging in: `wanted` when it is a path on this server, else `base_url`.

    Refused (so no login can send the instructor to another host): anything with a scheme or a
    host (``https://x``, ``//x``, ``/\\x``), control characters or backslashes, paths outside
    `base_url`, and the login and logout pages themselves.
    """
    if not wanted or _CONTROL.search(wanted) or not wanted.startswith("/") or wanted.startswith("//"):
        return base_url
    parts = urlsplit(wanted)
    if parts.scheme or parts.netloc or not (parts.path + "/").startswith(base_url):
        return base_url
    if parts.path.rstrip("/") in (base_url.rstrip("/") + "/login", base_url.rstrip("/") + "/logout"):
        return base_url
    return wanted


@dataclass
class WrongTokenLimit:
    """Wrong tokens allowed per client address (`per_client` in `window_s`) and in all (`overall`).

    `allowed(client)` says whether a login may be tried now; `failed(client)` counts a wrong
    token; a right token does not clear the count (a guesser who also knows one token is still
    slowed). Thread-safe; old failures are forgotten after `window_s`.
    """

    per_client: int = 5
    overall: int = 50
    window_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _by_client: dict[str, deque[float]] = field(default_factory=dict)
    _all: deque[float] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _forget(self, now: float) -> None:
        cutoff = now - self.window_s
        while self._all and self._all[0] <= cutoff:
            self._all.popleft()
        for client in list(self._by_client):
            times = self._by_client[client]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._by_client[client]

    def allowed(self, client: str) -> bool:
        """True when `client` may try a token now."""
        with self._lock:
            self._forget(self.clock())
            return self._allowed(client)

    def failed(self, client: str) -> None:
        """Count one wrong token from `client`."""
        with self._lock:
            now = self.clock()
            self._forget(now)
            self._by_client.setdefault(client, deque()).append(now)
            self._all.append(now)

    def wait_s(self, client: str) -> int:
        """Whole seconds until `client` may try again (0: now)."""
        with self._lock:
            now = self.clock()
            self._forget(now)
            if self._allowed(client):
                return 0
            mine = self._by_client.get(client, deque())
            blocking = [
                times[0] for times, limit in ((mine, self.per_client), (self._all, self.overall)) if len(times) >= limit
            ]
            return max(1, int(max(blocking) + self.window_s - now + 0.999))

    def _allowed(self, client: str) -> bool:
        return len(self._by_client.get(client, ())) < self.per_client and len(self._all) < self.overall


class TokensFileError(ValueError):
    """The instructors' tokens file cannot be used (the message names the line)."""


def parse_tokens(text: str, source: str = "tokens file") -> dict[str, str]:
    """``name:token`` lines (blank lines and ``#`` comments skipped) as {token: name}.

    Every name is short and plain, every token at least MIN_TOKEN_LENGTH characters, and no
    name or token appears twice.
    """
    tokens: dict[str, str] = {}
    names: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, token = line.partition(":")
        name, token = name.strip(), token.strip()
        where = f"{source}, line {number}"
        if not sep or not NAME_RE.match(name):
            raise TokensFileError(f"{where}: write name:token (a name of letters, digits, spaces, . _ -)")
        if len(token) < MIN_TOKEN_LENGTH:
            raise TokensFileError(f"{where}: the token for {name} is shorter than {MIN_TOKEN_LENGTH} characters")
        if name in names or token in tokens:
            raise TokensFileError(f"{where}: {name} or its token is already in the file")
        tokens[token] = name
        names.add(name)
    return tokens


def instructor_for(given: str, tokens: Mapping[str, str]) -> str | None:
    """The instructor whose token `given` is, or None; every token is compared in constant time."""
    found = None
    for token, name in tokens.items():
        if hmac.compare_digest(given.encode(), token.encode()):
            found = name
    return found


def merged_tokens(main: str, extra: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """The server's own token (named "instructor") plus the tokens file's."""
    tokens = {main: "instructor"} if main else {}
    for token, name in extra:
        tokens.setdefault(token, name)
    return tokens
