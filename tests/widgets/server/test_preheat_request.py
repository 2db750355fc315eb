"""The page request reaches the quiz in a preheated kernel (widgets.request, widgets.launch.apply_request).

A preheated kernel runs the notebook before any page is requested; Voila later sends the
request's details over /voila/query/<kernel id>. Here a small websocket server on loopback
plays Voila's part.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator

import pytest

from widgets import request

websockets_server = pytest.importorskip("websockets.sync.server")

DETAILS = {"QUERY_STRING": "mode=exam&seed=ward3&length=5", "SCRIPT_NAME": "/", "SERVER_NAME": "127.0.0.1"}


@pytest.fixture(autouse=True)
def fresh_state() -> Iterator[None]:
    request._received.clear()
    yield
    request._received.clear()


@pytest.fixture
def voila_query() -> Iterator[tuple[int, list[str]]]:
    """A stand-in for Voila's /voila/query/<kernel id> websocket: sends DETAILS once, records the paths asked."""
    asked: list[str] = []

    def handler(connection) -> None:
        asked.append(connection.request.path)
        connection.send(json.dumps(DETAILS))

    server = websockets_server.serve(handler, "127.0.0.1", 0)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield port, asked
    finally:
        server.shutdown()
        thread.join(timeout=5)


def preheated_env(port: int) -> dict[str, str]:
    return {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-123", "VOILA_APP_PORT": str(port), "VOILA_SERVER_URL": "/"}


def test_unpreheated_the_query_string_is_in_the_environment_from_the_start():
    env = {"QUERY_STRING": "seed=abc", "VOILA_PREHEAT": "False"}
    assert request.query_string(env) == "seed=abc"
    assert request.query_string({}) == ""  # nbval, tests: no Voila at all
    assert request.arrived({}) and not request.preheated({})


def test_preheated_waits_for_the_request_and_fills_the_environment(voila_query):
    port, asked = voila_query
    env = preheated_env(port)
    assert request.query_string(env, wait=False) == ""  # ahead of the request: nothing yet, no wait
    assert not request.arrived(env)
    assert request.query_string(env) == DETAILS["QUERY_STRING"]
    assert asked == ["/voila/query/k-123"]
    assert env["SCRIPT_NAME"] == "/" and request.arrived(env)
    assert request.query_string(env) == DETAILS["QUERY_STRING"]  # sent once: not asked again
    assert asked == ["/voila/query/k-123"]


def test_the_request_url_is_voilas(voila_query):
    env = {**preheated_env(8866), "VOILA_WS_BASE_URL": "/quiz/"}
    assert request.request_url(env) == "ws://127.0.0.1:8866/quiz/voila/query/k-123"
    assert request.request_url(preheated_env(8866)) == "ws://127.0.0.1:8866/voila/query/k-123"


def test_an_unreachable_server_leaves_the_defaults(caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    env = preheated_env(port)
    with caplog.at_level(logging.WARNING, logger="clinquiz.widgets"):
        assert request.query_string(env) == ""
    assert "did not arrive" in caplog.text


def test_the_quiz_gets_its_start_defaults_after_the_request(voila_query, monkeypatch, tmp_path):
    from widgets.launch import app_from_environment, apply_request, bank_from_environment

    port, _ = voila_query
    monkeypatch.setenv("CLINQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    env = {**preheated_env(port), "CLINQUIZ_DB": "/nonexistent/never-opened.sqlite3"}
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    app = app_from_environment(bank_from_environment({}), env)  # built ahead of the request
    assert app.defaults.seed in (None, "")
    apply_request(app, env)
    assert (app.defaults.mode, app.defaults.seed, app.defaults.length) == ("exam", "ward3", 5)
