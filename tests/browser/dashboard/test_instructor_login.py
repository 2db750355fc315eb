"""clinquiz's own login page on the instructor server, tried in Chromium as an outsider would."""

from __future__ import annotations

import re

import pytest
import requests

from tests.support import dashboard_ui as ui
from tests.support.axe import assert_accessible
from tests.support.browser_api import expect
from tests.support.voila import SCREENSHOTS

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_right_token_in_the_form_reaches_the_dashboard(servers, new_page):
    page = new_page().page
    page.goto(servers.instructor_url)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("heading", name="Instructor login")).to_be_visible()
    assert "jupyter server list" not in page.content() and "8888" not in page.content()
    shoot(page, "login-page")
    assert_accessible(page, "instructor login")
    page.get_by_label("Instructor token").fill(servers.token)
    page.get_by_role("button", name="Log in").click()
    ui.open_dashboard(page, servers.instructor_url)
    expect(ui.dash(page).get_by_role("link", name="Log out")).to_be_visible()
    ui.dash(page).get_by_role("link", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    assert_accessible(page, "instructor logged out")
    page.goto(servers.instructor_url)
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_a_wrong_token_stays_on_the_login_page_and_starts_no_kernel(servers, new_page):
    before = ui.kernels(servers.instructor.pid)
    page = new_page().page
    page.goto(servers.instructor_url)
    page.get_by_label("Instructor token").fill(servers.token[:-1] + "x")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("That token is not right. Check it and try again.")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator(".cq-dash")).to_have_count(0)
    shoot(page, "login-wrong-token")
    assert_accessible(page, "instructor login with a wrong token")
    assert not set(ui.kernels(servers.instructor.pid)) - set(before)  # no kernel for the visitor


def test_next_to_another_host_is_refused(servers, new_page):
    page = new_page().page
    page.goto(servers.instructor_url + "login?next=" + requests.utils.quote("//evil.example/steal", safe=""))
    page.get_by_label("Instructor token").fill(servers.token)
    page.get_by_role("button", name="Log in").click()  # a recording page refuses any outside request
    ui.open_dashboard(page, servers.instructor_url)
    assert page.url.startswith(servers.instructor_url)


def test_a_post_without_the_xsrf_field_or_with_many_wrong_tokens_is_refused(servers):
    url = servers.instructor_url + "login"
    headers = {"Origin": servers.instructor_url.rstrip("/")}
    bare = requests.post(url, data={"token": servers.token}, headers=headers, allow_redirects=False, timeout=60)
    assert bare.status_code == 403 and "username-" not in bare.headers.get("Set-Cookie", "")
    session = requests.Session()
    form = session.get(url, timeout=60).text
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    statuses = [
        session.post(
            url,
            data={"_xsrf": xsrf, "token": f"wrong-{n}-" * 3},
            headers={**headers, "X-Forwarded-For": "1"},
            timeout=60,
        ).status_code
        for n in range(7)
    ]
    # At most five wrong tokens a minute from one address (one came from the test before): then 429.
    assert statuses[0] == 401 and statuses[-2:] == [429, 429] and statuses == sorted(statuses)
    # Even the right token waits now: the limit is not a hint about which token is right.
    held = session.post(
        url, data={"_xsrf": xsrf, "token": servers.token}, headers=headers, allow_redirects=False, timeout=60
    )
    assert held.status_code == 429
