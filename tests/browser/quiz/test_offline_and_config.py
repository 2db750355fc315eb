"""The page asks nothing of outside hosts, and Voila runs with the repo's configuration:
sources stripped, no tracebacks to clients, idle kernels culled, a strict CSP."""

from __future__ import annotations

import json
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import expect
from tests.support.pages import is_loopback
from tests.support.voila import REPO, VoilaServer

pytestmark = pytest.mark.browser

URL_ATTRIBUTES = {"src", "href", "action", "poster", "srcset", "data", "formaction"}


class Links(HTMLParser):
    """Every URL-valued attribute in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.urls.append((tag, name, value))


def fetch(url: str) -> tuple[str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8"), dict(response.headers)


def outside(url: str) -> bool:
    return url.startswith("//") or (re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) is not None and not is_loopback(url))


def test_every_request_of_a_quiz_goes_to_loopback(recording, voila_url):
    page = recording.page
    ui.open_quiz(page, voila_url)
    ui.start_quiz(page, "practice", "offline-1")
    for number in range(1, 4):
        ui.spec_on_screen(page).right(page)
        ui.wait_answered(page, number)
        page.get_by_role("button", name="Check answer").click()
        expect(ui.quiz(page).locator(".cq-verdict")).to_be_visible()
        ui.go_next(page)
    assert len(recording.requests) > 20
    assert any(u.startswith("ws://127.0.0.1") for u in recording.requests), "the kernel websocket was not seen"
    assert [u for u in recording.requests if not is_loopback(u)] == []


def test_served_page_links_nothing_outside_and_sets_a_strict_csp(voila_url):
    html, headers = fetch(voila_url)
    parser = Links()
    parser.feed(html)
    assert parser.urls, "no links found: the parser is not looking at the page"
    assert [u for u in parser.urls if outside(u[2])] == []
    assert not re.search(r"""url\(\s*['"]?(https?:)?//""", html), "a stylesheet imports from another host"
    assert not re.search(r"""import\(\s*['"]https?://""", html), "a script imports from another host"
    csp = headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "connect-src 'self'", "object-src 'none'"):
        assert directive in csp
    # Sources are stripped: the notebook's code is not in the page.
    assert "bank_from_environment" not in html
    assert "QuizRunner(" not in html


def test_csp_stops_outside_requests_even_if_one_slipped_into_the_page(recording, voila_url):
    page = recording.page
    ui.open_quiz(page, voila_url)
    blocked = page.evaluate(
        """() => new Promise(resolve => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', e => {
                seen.push(e.blockedURI);
                if (seen.length === 2) resolve(seen);
            });
            const link = document.createElement('link');
            link.rel = 'stylesheet';
            link.href = 'https://cdn.example.invalid/style.css';
            document.head.appendChild(link);
            const img = document.createElement('img');
            img.src = 'https://img.example.invalid/pixel.png';
            document.body.appendChild(img);
        })"""
    )
    assert sorted(blocked) == ["https://cdn.example.invalid/style.css", "https://img.example.invalid/pixel.png"]
    assert recording.outside == []  # the browser never even asked


def test_no_traceback_reaches_the_client_when_a_cell_fails():
    server = VoilaServer(Path("/nonexistent/clinquiz-bank"), "voila-broken-bank.log")
    try:
        html, _ = fetch(server.url)
    finally:
        server.stop()
    assert "There was an error when executing cell" in html
    for secret in ("Traceback", "BankError", "bank_from_environment", "/nonexistent/clinquiz-bank", ".py"):
        assert secret not in html


def test_repo_voila_configuration(voila_server):
    fetch(voila_server.url)  # a kernel has started, so the culler has announced itself
    config = json.loads((REPO / "voila.json").read_text())
    voila = config["VoilaConfiguration"]
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    assert voila["template"] == "clinquiz"
    culling = config["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 and culling["cull_interval"] > 0
    log = voila_server.log_path.read_text()
    assert f"Culling kernels with idle durations > {culling['cull_idle_timeout']} seconds" in log
    # make serve runs the launcher, which points Voila at the repo's template and voila.json
    launcher = (REPO / "widgets" / "server" / "launcher.py").read_text()
    assert 'TEMPLATES = REPO / "notebooks" / "jupyter-data"' in launcher
    assert 'env["JUPYTER_PATH"]' in launcher
    assert '"--Voila.config_file_paths={REPO}"' in launcher
    assert "-m widgets.server" in (REPO / "Makefile").read_text()
