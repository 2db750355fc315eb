"""Several instructors: a second server with a tokens file lets each token in, and refuses a bad file."""

from __future__ import annotations

import os
import re

import pytest
import requests

from tests.support.ports import free_port

from widgets.server import launcher as serve

pytestmark = pytest.mark.browser

ANA = "ana-token-0123456789abcdef"


@pytest.fixture
def two_instructors(servers, tmp_path):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"# the ward's teachers\nAna: {ANA}\n", encoding="utf-8")
    port = free_port()
    options = serve.Options(quiz_port=servers.options.quiz_port, instructor_port=port, db=servers.db)
    base = {**os.environ, "CLINQUIZ_INSTRUCTOR_TOKENS": str(tokens)}
    assert "CLINQUIZ_INSTRUCTOR_TOKENS" not in serve.student_env(options, base)
    with open(tmp_path / "tokens.log", "wb") as log:
        process = serve.start_server(
            serve.instructor_command(options), serve.instructor_env(options, servers.token, base), log
        )
        try:
            serve.wait_until_up(process, port)
            yield f"http://127.0.0.1:{port}/"
        finally:
            serve.stop_server(process)


def test_each_instructors_token_logs_in(two_instructors, servers):
    for token in (ANA, servers.token):
        session = requests.Session()
        form = session.get(two_instructors + "login", timeout=60).text
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
        answer = session.post(
            two_instructors + "login?next=%2F",
            data={"_xsrf": xsrf, "token": token},
            headers={"Origin": two_instructors.rstrip("/")},
            allow_redirects=False,
            timeout=60,
        )
        assert answer.status_code == 302 and answer.headers["Location"] == "/"
        assert session.get(two_instructors + "login", allow_redirects=False, timeout=60).status_code == 302
    assert requests.get(two_instructors + "?token=" + ANA, allow_redirects=False, timeout=60).status_code == 200
