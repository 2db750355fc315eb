"""The instructor server's own pages, rendered on the server: the login form and "logged out".

Plain HTML with clinquiz's look (the same colours and type as the dashboard), no script,
no outside request; every text put into it is escaped here.
"""

from __future__ import annotations

from html import escape

STYLE = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  font-size: 16px; line-height: 1.45; color: #1a1a1a; background: #f6f7f9; }
main { max-width: 30rem; margin: 8vh auto 2rem; padding: 1.5rem 1.75rem; background: #fff;
  border: 1px solid #c9c9c9; border-radius: 10px; box-sizing: border-box; }
.brand { margin: 0 0 .25rem; font-weight: 700; color: #0b2e59; letter-spacing: .02em; }
h1 { font-size: 1.5em; margin: .2em 0 .6em; }
p { margin: .45em 0; }
.muted { color: #4a4a4a; font-size: .92em; }
label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
input[type=password] { width: 100%; box-sizing: border-box; height: 44px; font-size: 16px; padding: 0 .6rem;
  border: 1px solid #767676; border-radius: 6px; }
input[type=password]:focus, button:focus, a:focus { outline: 3px solid #1a5fb4; outline-offset: 2px; }
button { margin-top: 1rem; height: 44px; padding: 0 1.2rem; font-size: 16px; font-weight: 600; color: #fff;
  background: #1a5fb4; border: 0; border-radius: 6px; cursor: pointer; }
.alert { margin: 1rem 0 0; padding: .6rem .8rem; border: 2px solid #b3261e; border-radius: 6px; background: #fde7e7; }
a { color: #0b4f9c; }
"""

WRONG_TOKEN = "That token is not right. Check it and try again."


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} - clinquiz</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<main>\n<p class="brand">clinquiz</p>\n{body}\n</main>\n</body>\n</html>\n'
    )


def login_html(action: str, xsrf_form_html: str, error: str | None = None) -> str:
    """The login form posting to `action`; `xsrf_form_html` is tornado's hidden _xsrf field; `error` in an alert."""
    alert = f'<p class="alert" role="alert">{escape(error)}</p>' if error else ""
    return _page(
        "Instructor login",
        "<h1>Instructor login</h1>\n"
        "<p>Log in to see your class sessions, their live views and reports.</p>\n"
        f'<form method="post" action="{escape(action)}">\n{xsrf_form_html}\n'
        '<label for="token">Instructor token</label>\n'
        '<input type="password" id="token" name="token" autocomplete="current-password" required'
        ' aria-describedby="token-help">\n'
        '<p id="token-help" class="muted">clinquiz printed the token when it started, on the line '
        "&quot;Instructor token&quot;. If your department gave you a token of your own, use that.</p>\n"
        f"{alert}\n"
        '<button type="submit">Log in</button>\n</form>',
    )


def logged_out_html(login_url: str) -> str:
    """The page after logging out, with the way back in."""
    return _page(
        "Logged out",
        "<h1>You are logged out</h1>\n"
        "<p>This browser needs the token again to see your class sessions.</p>\n"
        f'<p><a href="{escape(login_url)}">Log in again</a></p>',
    )
