"""Where a page's learner comes from: the server, never the page.

An `IdentitySource` looks at the page request's details and names the learner, or nothing.
`page_identity` asks the sources in order:

1. `HubSource`: on JupyterHub the hub user is the learner, and nothing on the page can change it.
2. `DeviceCookieSource`: standalone, the signed device cookie the sign-in page set
   (quizbank.services.signin), checked again here: its signature, and its device row not revoked.

An LMS launch (LTI 1.3) would be one more source, placed before the device cookie.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Literal, Protocol

from quizbank.config import settings
from quizbank.services.device_tokens import COOKIE_NAME, signing_key, verified_claim
from quizbank.services.learners import Identity, hub_identity
from quizbank.store.api import RecordsStore

How = Literal["hub", "device"]


@dataclass(frozen=True)
class PageIdentity:
    """The learner of a page and how the server knows them (a hub user cannot sign out)."""

    identity: Identity
    how: How


class IdentitySource(Protocol):
    """One way the server can know who is asking for a page."""

    def identify(self, environ: Mapping[str, str]) -> PageIdentity | None:
        """The learner of the request whose details are `environ`, or None when this source does not know."""
        ...


def request_cookie(environ: Mapping[str, str], name: str = COOKIE_NAME) -> str:
    """The value of cookie `name` in the request's Cookie header (Voila's ``HTTP_COOKIE``), or ""."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(environ.get("HTTP_COOKIE", ""))
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel is not None else ""


class HubSource:
    """The JupyterHub user of the server (JUPYTERHUB_USER)."""

    def identify(self, environ: Mapping[str, str]) -> PageIdentity | None:
        """The hub user, when the server runs as one."""
        identity = hub_identity(environ)
        return PageIdentity(identity, "hub") if identity is not None else None


class DeviceCookieSource:
    """The learner a verified device cookie names (the store opened only when there is a cookie)."""

    def __init__(self, open_store: Callable[[], RecordsStore]) -> None:
        self.open_store = open_store

    def identify(self, environ: Mapping[str, str]) -> PageIdentity | None:
        """The cookie's learner when its signature and device row hold, else None."""
        token = request_cookie(environ)
        if not token:
            return None
        store = self.open_store()
        claim = verified_claim(store, signing_key(settings(environ).signing_key_path), token)
        if claim is None:
            return None
        learner = store.get_learner(claim.learner_id)
        if learner is None:
            return None
        return PageIdentity(Identity(learner.learner_id, learner.display_name), "device")


def hub_mode(environ: Mapping[str, str]) -> bool:
    """True when the server runs as a JupyterHub user: nobody signs in on a page."""
    return hub_identity(environ) is not None


def page_identity(
    environ: Mapping[str, str],
    open_store: Callable[[], RecordsStore],
    sources: Sequence[IdentitySource] | None = None,
) -> PageIdentity | None:
    """The page's learner from the first source that knows them (hub user, then device cookie), or None."""
    for source in sources if sources is not None else (HubSource(), DeviceCookieSource(open_store)):
        found = source.identify(environ)
        if found is not None:
            return found
    return None
