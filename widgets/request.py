"""The page request's details (its query string) in the kernel, with or without Voila's preheated kernels.

Unpreheated, Voila starts a kernel for each page request and puts the request's details
(QUERY_STRING, SCRIPT_NAME, ...) into the kernel's environment: they are there from the start.

Preheated (``--preheat_kernel=True``, the student server's pool, see widgets/server/launcher.py), Voila
starts kernels and runs the notebook *before* any page is requested; the notebook runs
until a cell asks for the request and waits there. When a page request takes the kernel,
Voila sends the request's details over a websocket that the waiting kernel has opened to
the server (``/voila/query/<kernel id>``, VOILA_PREHEAT=True in the kernel's environment).
So the notebook must read the request *after* the kernel is given to a page: every cell
before that runs ahead of time (imports, the bank), the cell that reads the request and
those after it run when the page is asked for.

`voila.utils.wait_for_request()` / `get_query_string()` do this wait, but importing
voila.utils in a kernel imports jupyter_server (about 45 MB and seconds per kernel, and
the student's kernel never imports Voila: tests/dashboard/test_dashboard_imports.py).
`wait_for_request` here speaks the same small protocol with the `websockets` client that
Voila already depends on (imported only when preheated). Outside Voila (nbval, tests),
VOILA_PREHEAT is unset and nothing waits.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, MutableMapping
from typing import Any

log = logging.getLogger("clinquiz.widgets")
OPEN_TIMEOUT_S = 10.0  # reaching the server on this machine; the wait for a page itself has no limit
_received: set[str] = set()  # kernel ids whose request has arrived (it is sent once)


def preheated(environ: Mapping[str, str] = os.environ) -> bool:
    """True in a kernel that Voila started ahead of any page request."""
    return environ.get("VOILA_PREHEAT", "False") == "True"


def request_url(environ: Mapping[str, str] = os.environ) -> str:
    """Where Voila sends this kernel its page request (as voila.utils.wait_for_request builds it)."""
    protocol = environ.get("VOILA_WS_PROTOCOL", "ws")
    host = environ.get("VOILA_APP_IP", "127.0.0.1")
    port = environ.get("VOILA_APP_PORT", "8866")
    base = environ.get("VOILA_WS_BASE_URL", environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{environ.get('VOILA_KERNEL_ID', '')}"


def wait_for_request(environ: Mapping[str, str] = os.environ) -> None:
    """In a preheated kernel, wait until a page request takes it and put the request's details into `environ`
    (os.environ, as Voila does for an unpreheated kernel).

    Returns at once when the kernel is not preheated or the request has already arrived.
    If the server cannot be reached the page still works, with no details from its address.
    """
    kernel_id = environ.get("VOILA_KERNEL_ID", "")
    if not preheated(environ) or kernel_id in _received:
        return
    try:
        details = _receive(request_url(environ))
    except Exception:  # noqa: BLE001 - without the details the page opens with the default choices
        log.warning("the page request's details did not arrive; the start screen uses its defaults", exc_info=True)
        return
    _received.add(kernel_id)
    if isinstance(environ, MutableMapping):
        for name, value in details.items():
            if isinstance(name, str) and isinstance(value, str):
                environ[name] = value


def _receive(url: str) -> dict[str, str]:
    """The one message Voila sends on /voila/query/<kernel id>: the request's details as JSON."""
    import inspect

    from websockets.sync.client import connect

    options: dict[str, Any] = {
        "open_timeout": OPEN_TIMEOUT_S,
        "close_timeout": 1,
        "max_size": 2**20,
        "ping_interval": None,
    }  # loopback, and a pooled kernel may wait for hours: no keepalive to miss
    if "proxy" in inspect.signature(connect).parameters:
        options["proxy"] = None  # the server is this machine: never through an HTTP(S)_PROXY
    with connect(url, **options) as socket:
        return json.loads(socket.recv())


def arrived(environ: Mapping[str, str] = os.environ) -> bool:
    """True when the request's details are in `environ`: not preheated, or its page request has arrived."""
    return not preheated(environ) or environ.get("VOILA_KERNEL_ID", "") in _received


def query_string(environ: Mapping[str, str] = os.environ, wait: bool = True) -> str:
    """The page address's query string (``mode=exam&seed=ward3``).

    In a preheated kernel this waits for the page request; with `wait=False` it does not,
    and is empty until the request has arrived."""
    if wait:
        wait_for_request(environ)
    elif not arrived(environ):
        return ""
    return environ.get("QUERY_STRING", "")
