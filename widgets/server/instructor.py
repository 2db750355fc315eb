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
"""

from __future__ import annotations

import os
import sys
from typing import Any

from widgets.server.voila_app import ClinquizVoila

TOKEN_ENV = "CLINQUIZ_INSTRUCTOR_TOKEN"
MIN_TOKEN_LENGTH = 16


class TokenMissing(SystemExit):
    """The server was asked to start without a usable token."""


class InstructorVoila(ClinquizVoila):
    """Voila that always requires the instructor's token."""

    name = "clinquiz-instructor"

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        given: str = self.token or ""  # type: ignore[has-type]  # set by Voila's config
        token = os.environ.pop(TOKEN_ENV, "").strip() or given.strip()
        if len(token) < MIN_TOKEN_LENGTH:
            raise TokenMissing(
                f"the instructor server needs a token of at least {MIN_TOKEN_LENGTH} characters in {TOKEN_ENV}"
            )
        self.token = token
        self.auto_token = False
        # The login form must not offer to replace the token with a password saved in a config file.
        self.config.PasswordIdentityProvider.allow_password_change = False

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()
        if not self.identity_provider.auth_enabled:  # belt and braces: never serve without auth
            raise TokenMissing("token authentication is not enabled")
        return settings


def main(argv: list[str] | None = None) -> None:
    """Start the instructor server (blocks until stopped)."""
    InstructorVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
