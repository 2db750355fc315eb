"""Who can reach the instructor's server without its token.

Extends tests/browser/dashboard/test_dashboard_servers.py (which checks the instructor page, a
made-up kernel id on the kernel API and websocket, and the student server refusing the
instructor notebook) with what it does not try:

- a *live* instructor kernel (its id learnt from an authorised page): without the token no
  request reaches it, whatever is forged around the request (an ``_xsrf`` cookie and
  header of the client's own choosing, the student server's cookies, the v1 websocket
  protocol, a foreign ``Origin`` with the instructor's own login cookie);
- every other route jupyter_server and Voila know (listings, contents, files, static,
  metrics, trees, terminals, path tricks): nothing served without the token;
- the login form does not redirect to another site;
- the student server cannot reach an instructor kernel at all.

Learner against learner is in test_access_records.py.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
import websocket

from tests.hardening import fuzz_wire as fw

TIMEOUT = 60
V1 = "v1.kernel.websocket.jupyter.org"


def get(url: str, **kwargs: Any) -> requests.Response:
    return requests.get(url, allow_redirects=False, timeout=TIMEOUT, **kwargs)


def refused(response: requests.Response) -> bool:
    """Not served: a redirect to the login form, or 403/404/405, and nothing of the dashboard in the body."""
    if "cq-" in response.text or "kernelId" in response.text or "widget-state" in response.text:
        return False
    if response.status_code in (301, 302, 303, 307):
        location = response.headers.get("Location", "")
        return location.startswith("/login") or location.startswith("/voila/files/")
    return response.status_code in (401, 403, 404, 405)


@pytest.fixture(scope="module")
def instructor_kernel(servers: Any) -> str:
    """A live instructor kernel: the dashboard page opened with the token."""
    response = get(servers.instructor_login_url)
    assert response.status_code == 200
    return fw.kernel_id_in(response.text)


@pytest.mark.browser
def test_a_live_instructor_kernel_is_out_of_reach_without_the_token(servers: Any, instructor_kernel: str) -> None:
    base, port = servers.instructor_url, servers.options.instructor_port
    kernel = instructor_kernel
    student_cookies = requests.Session()
    student_cookies.get(servers.student_url, timeout=TIMEOUT)  # whatever the student server hands out
    forged_xsrf = {"Cookie": "_xsrf=forged", "X-XSRFToken": "forged"}
    renamed = {
        "Cookie": "; ".join(
            f"{k.replace(str(servers.options.quiz_port), str(port))}={v}" for k, v in student_cookies.cookies.items()
        )
    }
    for headers in (
        {},
        forged_xsrf,
        renamed,
        {"Authorization": f"token {servers.token[:-2]}"},
        {"Authorization": "token "},
        {"Authorization": f"Basic {servers.token}"},
    ):
        assert get(f"{base}api/kernels/{kernel}", headers=headers).status_code == 403, headers
        for method, path in (
            ("DELETE", f"api/kernels/{kernel}"),
            ("POST", f"api/kernels/{kernel}/restart"),
            ("POST", f"api/kernels/{kernel}/interrupt"),
            ("POST", f"voila/api/shutdown/{kernel}"),
            ("POST", "api/kernels"),
            ("POST", "api/sessions"),
        ):
            response = requests.request(method, base + path, headers=headers, timeout=TIMEOUT, allow_redirects=False)
            assert response.status_code in (403, 404, 405), (method, path, headers, response.status_code)
        for protocols in (None, [V1]):
            with pytest.raises(websocket.WebSocketBadStatusException) as refusal:
                websocket.create_connection(
                    f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels",
                    timeout=TIMEOUT,
                    subprotocols=protocols,
                    header=[f"{k}: {v}" for k, v in headers.items()],
                )
            assert refusal.value.status_code == 403
    # The kernel is still there and still the instructor's: the token opens it.
    status = get(f"{base}api/kernels/{kernel}", headers={"Authorization": f"token {servers.token}"})
    assert status.status_code == 200 and status.json()["id"] == kernel


@pytest.mark.browser
def test_the_instructors_own_login_cookie_does_not_work_from_another_site(servers: Any, instructor_kernel: str) -> None:
    """A page on another site the instructor visits cannot drive the dashboard's kernel with the instructor's cookie."""
    session = requests.Session()
    assert session.get(servers.instructor_login_url, timeout=TIMEOUT).status_code == 200
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    port = servers.options.instructor_port
    url = f"ws://127.0.0.1:{port}/api/kernels/{instructor_kernel}/channels"
    with pytest.raises(websocket.WebSocketBadStatusException) as refusal:
        websocket.create_connection(
            url, timeout=TIMEOUT, header=[f"Cookie: {cookie}"], origin="http://evil.example.com"
        )
    assert refusal.value.status_code == 403
    same_site = websocket.create_connection(
        url, timeout=TIMEOUT, header=[f"Cookie: {cookie}"], origin=f"http://127.0.0.1:{port}"
    )
    same_site.close()  # the same cookie from the dashboard's own origin is accepted: the refusal above is the origin


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "api/kernels",
        "api/sessions",
        "api/contents",
        "api/contents/instructor.ipynb",
        "api/kernelspecs",
        "api/status",
        "api/me",
        "api/config/notebook",
        "api/terminals",
        "api/nbconvert",
        "api/spec.yaml",
        "metrics",
        "tree",
        "lab",
        "files/instructor.ipynb",
        "voila/files/instructor.ipynb",
        "voila/files/class_seed.py",
        "voila/tree",
        "voila/render/instructor.ipynb",
        "voila/query/00000000-0000-0000-0000-000000000000",
        "notebooks/instructor.ipynb",
        "voila/files/..%2f..%2fvoila.json",
        "voila/files/%2e%2e/%2e%2e/README.md",
        "voila/static/..%2f..%2fvoila.json",
        "static/../voila.json",
        "api/kernels/../sessions",
        "voila/api/shutdown/x",
        "?notebook=quiz.ipynb",
    ],
)
def test_nothing_else_on_the_instructor_server_is_served_without_the_token(servers: Any, path: str) -> None:
    response = get(servers.instructor_url + path)
    assert refused(response), (path, response.status_code, response.headers.get("Location"), response.text[:200])
    assert servers.token not in response.text and str(servers.db) not in response.text


@pytest.mark.browser
def test_the_login_form_never_sends_the_browser_to_another_site(servers: Any) -> None:
    for target in ("http://evil.example.com/", "//evil.example.com/", "/\\evil.example.com", "https:evil.example.com"):
        response = requests.post(
            servers.instructor_url + "login",
            data={"token": servers.token, "next": target},
            timeout=TIMEOUT,
            allow_redirects=False,
            headers={"Cookie": "_xsrf=x"},
            params={"_xsrf": "x"},
        )
        location = response.headers.get("Location", "")
        assert response.status_code == 302, (target, response.status_code)  # logged in with the token ...
        assert not location.startswith(("http://evil", "//", "/\\", "https:")), (target, location)  # ... sent home


@pytest.mark.browser
def test_the_student_server_cannot_reach_an_instructor_kernel(servers: Any, instructor_kernel: str) -> None:
    port = servers.options.quiz_port
    assert get(f"{servers.student_url}api/kernels/{instructor_kernel}").status_code in (302, 403, 404)
    with pytest.raises(websocket.WebSocketBadStatusException) as refusal:
        websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{instructor_kernel}/channels", timeout=TIMEOUT)
    assert refusal.value.status_code in (403, 404)
