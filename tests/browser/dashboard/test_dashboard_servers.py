"""The two servers at the HTTP level: the instructor's needs the token, the students' serves only the quiz.

Requests are made without following redirects, so the status each address answers
with is what is checked. The kernels a server has started are counted from its
process's children: a refused request must start none.
"""

from __future__ import annotations

import uuid

import pytest
import requests
import websocket

from tests.support import dashboard_ui as ui

pytestmark = pytest.mark.browser

TIMEOUT = 60


def get(url, **kwargs):
    return requests.get(url, allow_redirects=False, timeout=TIMEOUT, **kwargs)


def test_without_the_token_nothing_is_served_and_no_kernel_starts(servers):
    base = servers.instructor_url
    before = ui.kernels(servers.instructor.pid)
    for address, headers in [
        (base, {}),
        (base + "?token=" + "x" * 32, {}),
        (base + "?token=" + servers.token[:-1], {}),
        (base + "instructor.ipynb", {}),
        (base, {"Authorization": "token wrong-wrong-wrong-wrong"}),
        (base, {"Cookie": f"username-127-0-0-1-{servers.options.instructor_port}=forged"}),
    ]:
        response = get(address, headers=headers)
        assert response.status_code == 302, address
        assert response.headers["Location"].startswith("/login?next="), address
        assert "cq-" not in response.text and "widget-state" not in response.text
    kernel = str(uuid.uuid4())
    assert get(f"{base}api/kernels/{kernel}").status_code == 403
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(
            f"ws://127.0.0.1:{servers.options.instructor_port}/api/kernels/{kernel}/channels", timeout=TIMEOUT
        )
    assert refused.value.status_code == 403
    shutdown = requests.post(f"{base}voila/api/shutdown/{kernel}", timeout=TIMEOUT, allow_redirects=False)
    assert shutdown.status_code == 403
    assert ui.kernels(servers.instructor.pid) == before


def test_the_login_form_does_not_offer_to_set_a_password(servers):
    page = get(servers.instructor_url + "login")
    assert page.status_code == 200
    assert "new_password" not in page.text


def test_with_the_token_the_dashboard_is_served(servers):
    before = set(ui.kernels(servers.instructor.pid))
    response = get(servers.instructor_login_url)
    assert response.status_code == 200
    assert "Instructor dashboard - clinquiz" in response.text
    assert "dashboard_from_environment" not in response.text  # sources stripped
    assert servers.token not in response.text
    assert set(ui.kernels(servers.instructor.pid)) - before  # a kernel was started for this page
    header = get(servers.instructor_url, headers={"Authorization": f"token {servers.token}"})
    assert header.status_code == 200


def test_the_token_stays_out_of_the_instructor_servers_log(servers):
    get(servers.instructor_login_url)
    get(servers.instructor_url + "?token=" + servers.token + "x")
    log = servers.instructor_log.read_text(encoding="utf-8", errors="replace")
    assert "GET /" in log  # requests are logged ...
    assert servers.token not in log  # ... with the token scrubbed


@pytest.mark.parametrize(
    "path",
    [
        "instructor.ipynb",
        "notebooks/instructor.ipynb",
        "voila/render/instructor.ipynb",
        "voila/render/notebooks/instructor.ipynb",
        "voila/files/instructor.ipynb",
        "voila/files/notebooks/instructor.ipynb",
        "voila/files/../instructor.ipynb",
        "voila/tree",
        "voila/api/contents/instructor.ipynb",
        "?notebook=instructor.ipynb",
    ],
)
def test_the_student_server_never_serves_the_instructor_notebook(servers, path):
    response = requests.get(servers.student_url + path, timeout=TIMEOUT)  # redirects followed
    assert "Instructor dashboard" not in response.text
    assert "instructor.ipynb" not in response.text or response.status_code >= 400
    if path.startswith("?"):
        assert response.status_code == 200 and "Quiz - clinquiz" in response.text  # still only the quiz
    else:
        assert response.status_code in (403, 404), (path, response.status_code)


def test_the_student_server_needs_no_token_and_knows_none(servers):
    response = get(servers.student_url)
    assert response.status_code == 200 and "Quiz - clinquiz" in response.text
    assert servers.token not in response.text
