"""Voila as clinquiz serves it: plain Voila 0.5 plus three fixes. Run as

    python -m widgets.server.voila_app NOTEBOOK [voila options]

1. Kernels are shut down when their page is left. Voila's page sends its kernel-shutdown
   request from ``beforeunload`` (``navigator.sendBeacon`` to ``/voila/api/shutdown/<id>``)
   with the ``_xsrf`` cookie's value, but Voila's page never sets that cookie, so the
   request is refused (403 "'_xsrf' argument missing from POST", voila-dashboards/voila
   issue 1458) and every reload or closed tab leaves a kernel running until it is culled.
   Here the page sets the cookie (for authenticated requests, which without a token is
   every request).
2. Request logs scrub secrets from addresses (jupyter_server's log function: ``token=``,
   ``key=``, ``code=`` ... become ``[secret]``).
3. The kernel websocket refuses malformed frames (one 8-byte frame could freeze or exhaust
   the server for every learner) and keeps kernel tracebacks out of the page
   (widgets.server.ws_guard).

Only the servers import this module (it imports Voila); no notebook does.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from jupyter_server.log import log_request
from jupyter_server.services.kernels.connection.base import BaseKernelWebsocketConnection
from traitlets import Type
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from widgets.server.ws_guard import GuardedConnection


class PageHandler(TornadoVoilaHandler):
    """Voila's notebook page, also setting the ``_xsrf`` cookie its unload beacon needs."""

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        await super().prepare(*args, **kwargs)
        if self.current_user is not None:
            self.xsrf_token  # noqa: B018 - reading the token sets the cookie


class ClinquizVoila(Voila):
    """Voila with the kernel-shutdown, log-scrubbing and websocket fixes."""

    name = "clinquiz-voila"

    kernel_websocket_connection_class = Type(
        default_value=GuardedConnection,
        klass=BaseKernelWebsocketConnection,
        config=True,
        help="The kernel websocket connection class (widgets.server.ws_guard: malformed frames refused).",
    )

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()
        settings["log_function"] = functools.partial(log_request, record_prometheus_metrics=False)
        return settings

    def init_handlers(self) -> list[Any]:
        return [
            (spec[0], PageHandler, *spec[2:]) if len(spec) > 1 and spec[1] is TornadoVoilaHandler else spec
            for spec in super().init_handlers()
        ]


def main(argv: list[str] | None = None) -> None:
    """Serve a notebook (blocks until stopped)."""
    ClinquizVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
