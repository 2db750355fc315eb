"""The instructor server's login: clinquiz's own login and logout pages and the tokens they accept.

Why the stock form answered 404: clinquiz serves every page with ``Referrer-Policy:
no-referrer`` (voila.json), and under that policy Chromium sends ``Origin: null`` with a form
POST. jupyter_server checks the Origin of every POST before its XSRF check
(``JupyterHandler.check_xsrf_cookie`` -> ``check_origin``) and answers a mismatch with 404
("Blocking Cross Origin API request"). The login page here is served with
``Referrer-Policy: same-origin`` (nothing leaves the server either way; the page links to no
other host), so the browser names the real origin, and the usual XSRF check (the ``_xsrf``
field against its cookie) then passes.

- InstructorIdentityProvider: jupyter_server's token provider, with several tokens (the
  server's own and, optionally, one per instructor from a ``name:token`` file), each
  compared in constant time; a login cookie names the instructor.
- LoginPage: GET shows the form (or, when logged in, goes on); POST with a right token sets
  jupyter_server's login cookie and goes to ``next`` when it is a path on this server
  (widgets.server.login_rules.safe_next), else to the dashboard; a wrong token shows the form
  again with an alert (401), one second later; too many wrong tokens get 429 for a while.
- LogoutPage: clears the login cookie and says so.
"""

from __future__ import annotations

import asyncio
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.base.handlers import JupyterHandler
from tornado.escape import url_escape
from traitlets import Dict

from widgets.server.login_page import WRONG_TOKEN, logged_out_html, login_html
from widgets.server.login_rules import WrongTokenLimit, instructor_for, safe_next

WRONG_TOKEN_DELAY_S = 1.0
LIMIT = WrongTokenLimit()  # one per server process


class InstructorIdentityProvider(PasswordIdentityProvider):
    """Token authentication with every instructor's token; the user is the instructor's name."""

    tokens = Dict(help="{token: instructor name}; set by the instructor server at start").tag(config=False)

    @property
    def auth_enabled(self) -> bool:
        return bool(self.tokens)

    def instructor(self, given: str) -> User | None:
        """The instructor whose token `given` is, as a user, or None."""
        name = instructor_for(given, self.tokens) if given else None
        return None if name is None else User(username=f"instructor-{name}", name=name, display_name=name)

    def get_token(self, handler: Any) -> str | None:
        """The token in the address or the Authorization header; never the login form's field, which
        must pass the XSRF check (a request authenticated by a token skips it)."""
        given = handler.get_query_argument("token", "")
        if not given:
            found = self.auth_header_pat.match(handler.request.headers.get("Authorization", ""))
            given = found.group(2) if found else ""
        return str(given)

    async def get_user_token(self, handler: Any) -> User | None:
        """A request carrying a right token (``?token=`` or ``Authorization: token``) is that instructor's."""
        return self.instructor(self.get_token(handler) or "")

    def process_login_form(self, handler: Any) -> User | None:
        return self.instructor(handler.get_body_argument("token", default=""))


class _OwnPage(JupyterHandler):
    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Referrer-Policy", "same-origin")  # see the module docstring
        self.set_header("Cache-Control", "no-store")

    def _next(self) -> str:
        return safe_next(self.get_argument("next", default=self.base_url), self.base_url)


class LoginPage(_OwnPage):
    """clinquiz's login form (see the module docstring)."""

    def _form(self, error: str | None = None) -> None:
        action = f"{self.base_url}login?next={url_escape(self._next())}"
        self.finish(login_html(action, self.xsrf_form_html(), error))

    @allow_unauthenticated
    def get(self) -> None:
        if self.current_user:
            self.redirect(self._next())
            return
        self._form()

    @allow_unauthenticated
    async def post(self) -> None:
        client = self.request.remote_ip or "?"
        if not LIMIT.allowed(client):
            self.log.warning("instructor login refused: too many wrong tokens from %s", client)
            self.set_status(429)
            self.set_header("Retry-After", str(LIMIT.wait_s(client)))
            self._form(f"Too many wrong tokens. Wait {LIMIT.wait_s(client)} seconds, then try again.")
            return
        user = self.identity_provider.process_login_form(self)
        if user is None:
            LIMIT.failed(client)
            self.log.warning("instructor login with a wrong token from %s", client)
            await asyncio.sleep(WRONG_TOKEN_DELAY_S)
            self.set_status(401)
            self._form(WRONG_TOKEN)
            return
        self.current_user = user
        self.identity_provider.set_login_cookie(self, user)
        self.log.info("instructor %s logged in from %s", user.name, client)
        self.redirect(self._next())


class LogoutPage(_OwnPage):
    """Clears the login cookie."""

    @allow_unauthenticated
    def get(self) -> None:
        self.identity_provider.clear_login_cookie(self)
        self.finish(logged_out_html(f"{self.base_url}login"))
