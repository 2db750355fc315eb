"""The instructor dashboard's Voila server: Voila with token authentication that cannot be off.

Run as ``python -m widgets.server.instructor notebooks/instructor.ipynb [voila options]``
with the token in the environment variable CLINQUIZ_INSTRUCTOR_TOKEN (not on the command
line, where every local user could read it in the process list).

How the protection works: Voila 0.5 on jupyter_server 2 serves the notebook through
``@tornado.web.authenticated`` handlers and authenticates with jupyter_server's
IdentityProvider, which accepts a request carrying the token (``?token=…`` or an
``Authorization: token …`` header) and then sets an HttpOnly login cookie for that
browser. Plain ``voila`` turns authentication off unless ``--token`` is given; this
server refuses to start without a token of at least MIN_TOKEN_LENGTH characters, so a
request without it is redirected to the login form (the page) or refused with 403 (the
kernel API and its websocket), and no kernel is ever started for it. The token is taken
out of the environment before any kernel starts, and request logs scrub it (see
widgets.server.voila_app, whose fixes this server has too).

The login and logout pages are clinquiz's own (widgets.server.instructor_login). Several
instructors: CLINQUIZ_INSTRUCTOR_TOKENS may name a file of ``name:token`` lines (read once at
start; widgets.server.login_rules.parse_tokens), each token opening the same dashboard.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import IdentityProvider
from traitlets import Type

from widgets.server.instructor_login import InstructorIdentityProvider, LoginPage, LogoutPage
from widgets.server.login_rules import MIN_TOKEN_LENGTH, TokensFileError, merged_tokens, parse_tokens
from widgets.server.voila_app import ClinquizVoila

TOKEN_ENV = "CLINQUIZ_INSTRUCTOR_TOKEN"
TOKENS_FILE_ENV = "CLINQUIZ_INSTRUCTOR_TOKENS"


class TokenMissing(SystemExit):
    """The server was asked to start without a usable token."""


class InstructorVoila(ClinquizVoila):
    """Voila that always requires the instructor's token."""

    name = "clinquiz-instructor"
    instructor_tokens: dict[str, str]

    identity_provider_class = Type(
        default_value=InstructorIdentityProvider,
        klass=IdentityProvider,
        config=True,
        help="Token authentication with every instructor's token (widgets.server.instructor_login).",
    )

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        given: str = self.token or ""  # type: ignore[has-type]  # set by Voila's config
        token = os.environ.pop(TOKEN_ENV, "").strip() or given.strip()
        if len(token) < MIN_TOKEN_LENGTH:
            raise TokenMissing(
                f"the instructor server needs a token of at least {MIN_TOKEN_LENGTH} characters in {TOKEN_ENV}"
            )
        self.token = token
        self.instructor_tokens = merged_tokens(token, _tokens_file(os.environ.pop(TOKENS_FILE_ENV, "")))
        self.auto_token = False
        # The login form must not offer to replace the token with a password saved in a config file.
        self.config.PasswordIdentityProvider.allow_password_change = False

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()
        provider = self.identity_provider
        if isinstance(provider, InstructorIdentityProvider):
            provider.tokens = self.instructor_tokens
        provider.login_handler_class = LoginPage
        provider.logout_handler_class = LogoutPage
        provider.cookie_options = {**provider.cookie_options, "samesite": "Lax"}
        if not provider.auth_enabled:  # belt and braces: never serve without auth
            raise TokenMissing("token authentication is not enabled")
        return settings


def _tokens_file(path: str) -> list[tuple[str, str]]:
    if not path.strip():
        return []
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise TokenMissing(f"{TOKENS_FILE_ENV}: cannot read {path}: {exc.strerror}") from exc
    try:
        return list(parse_tokens(text, path).items())
    except TokensFileError as exc:
        raise TokenMissing(str(exc)) from exc


def main(argv: list[str] | None = None) -> None:
    """Start the instructor server (blocks until stopped)."""
    InstructorVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
