"""The kernel websocket as clinquiz's servers run it: malformed frames dropped, no tracebacks sent out.

Every learner's page talks to its kernel through ``/api/kernels/<id>/channels`` on the
shared Voila server, and the browser can send anything on it. jupyter_server trusts the
framing of binary messages:

- legacy protocol: the first 4 bytes say how many parts follow, and the server builds a
  ``struct`` format of that many codes before looking at the frame's length, so an 8-byte
  frame saying 40 million parts costs the server hundreds of megabytes, kept in
  ``struct``'s cache after the error (a few frames exhaust a classroom server's memory);
- the v1 protocol (``v1.kernel.websocket.jupyter.org``, which any client may ask for): the
  first 8 bytes say how many offsets follow, and the server reads that many in a loop on
  its single event loop, so one 8-byte frame saying 2**63 freezes the server for every
  learner, for good.

Voila's own websocket handler has the same flaw on the way out: it reads every binary frame
it sends as v1-framed, so a message with binary buffers (the echo of a forged ``update``
carrying buffers, or any widget with bytes in its state) sent to a client on the legacy
protocol makes it loop for hours on the 4-byte part count read as an 8-byte offset count.

`GuardedConnection` checks a frame's framing against its real length before jupyter_server
parses it, ignores one that does not fit (and any frame that fails to parse, instead of
dropping the learner's connection with a traceback in the log), and keeps errors and
printed output of the kernel (``error`` and ``stream`` messages on iopub: an exception in
a widget handler, such as the TraitError a forged ``update`` causes, arrives there as a
full traceback with the server's file paths) out of the page: they go to the server's log
instead. Voila's page never shows them (no code cell runs from the page); Voila's own
``show_tracebacks = False`` covers only the notebook's execution.

Used by widgets.server.voila_app (both servers) and named in the repository's voila.json, so any
Voila started with the repository's configuration has it.
"""

from __future__ import annotations

import json
import struct
from typing import Any

from jupyter_server.services.kernels.connection.base import deserialize_binary_message
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado.websocket import WebSocketHandler

V1 = "v1.kernel.websocket.jupyter.org"
MAX_PARTS = 1024  # far above any real message (header, parent, metadata, content and a few buffers)
HIDDEN_IOPUB = ("error", "stream")


def frame_problem(frame: Any, subprotocol: str | None) -> str | None:
    """Why `frame` cannot be a well-formed kernel message for this protocol, or None if its framing fits."""
    if subprotocol == V1:
        if not isinstance(frame, bytes):
            return "a text frame on the v1 protocol"
        if len(frame) < 8:
            return "shorter than its offset count"
        count = int.from_bytes(frame[:8], "little")
        if not 3 <= count <= MAX_PARTS or 8 * (count + 1) > len(frame):
            return f"says {count} offsets in {len(frame)} bytes"
        offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
        start = 8 * (count + 1)
    elif isinstance(frame, bytes):
        if len(frame) < 8:
            return "shorter than its part count"
        count = struct.unpack("!i", frame[:4])[0]
        if not 1 <= count <= MAX_PARTS or 4 * (count + 1) > len(frame):
            return f"says {count} parts in {len(frame)} bytes"
        offsets = list(struct.unpack(f"!{count}I", frame[4 : 4 * (count + 1)]))
        start = 4 * (count + 1)
    else:
        return None if isinstance(frame, str) else f"a {type(frame).__name__} frame"
    if offsets[0] < start or any(b < a for a, b in zip(offsets, offsets[1:])) or offsets[-1] > len(frame):
        return "offsets out of order or outside the frame"
    return None


class GuardedConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket, refusing malformed frames and keeping tracebacks in the server."""

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        problem = frame_problem(incoming_msg, self.subprotocol)
        if problem is not None:
            self.log.warning("kernel %s: ignored a malformed websocket frame (%s)", self.kernel_id, problem)
            return
        try:
            super().handle_incoming_message(incoming_msg)
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            AssertionError,
            RecursionError,
            struct.error,
        ) as exc:
            # Not JSON, no header, a header that is not an object ...: a page never sends that.
            self.log.warning(
                "kernel %s: ignored a malformed message (%s: %.200s)", self.kernel_id, type(exc).__name__, exc
            )

    @property
    def write_message(self) -> Any:
        """The handler's write_message, except that legacy binary frames bypass Voila's v1-only header reading."""
        handler = self.websocket_handler
        if self.subprotocol == V1:
            return handler.write_message

        def write(message: Any, binary: bool = False) -> Any:
            if not isinstance(message, bytes):
                return handler.write_message(message, binary)
            try:
                kind = deserialize_binary_message(message)["header"].get("msg_type")
            except Exception:  # noqa: BLE001 - the server made this frame; send it as it is
                kind = None
            if kind == "execute_input":
                return None  # what Voila's handler drops
            return WebSocketHandler.write_message(handler, message, binary=True)

        return write

    def handle_outgoing_message(self, stream: Any, outgoing_msg: list[Any]) -> None:
        channel = stream if isinstance(stream, str) else getattr(stream, "channel", None)
        if channel == "iopub":
            kind, content = self._peek(outgoing_msg)
            if kind in HIDDEN_IOPUB:
                self._log_hidden(kind, content)
                return
        super().handle_outgoing_message(stream, outgoing_msg)

    def _peek(self, outgoing_msg: list[Any]) -> tuple[str | None, dict[str, Any]]:
        """The message's type (and its content when it is one kept back), without the whole deserialisation."""
        try:
            _, parts = self.session.feed_identities(outgoing_msg)
            header = self.session.unpack(_bytes(parts[1]))
            kind = header.get("msg_type")
            content = self.session.unpack(_bytes(parts[4])) if kind in HIDDEN_IOPUB else {}
            return kind, content if isinstance(content, dict) else {}
        except Exception:  # noqa: BLE001 - let jupyter_server deal with what it cannot read either
            return None, {}

    def _log_hidden(self, kind: str, content: dict[str, Any]) -> None:
        if kind == "error":
            self.log.warning(
                "kernel %s raised %.100s: %.300s (traceback kept from the page)",
                self.kernel_id,
                _one_line(content.get("ename")),
                _one_line(content.get("evalue")),
            )
            trace = "\n".join(map(str, content.get("traceback", [])))
            self.log.debug("kernel %s traceback:\n%s", self.kernel_id, trace)
        else:
            self.log.info(
                "kernel %s %.20s (kept from the page): %.300s",
                self.kernel_id,
                _one_line(content.get("name")),
                _one_line(content.get("text", "")),
            )


def _one_line(value: Any) -> str:
    """Text from the kernel (possibly chosen by whoever forged the message) as one escaped log line."""
    return json.dumps(str(value), ensure_ascii=True)[1:-1]


def _bytes(part: Any) -> bytes:
    return part.bytes if hasattr(part, "bytes") else bytes(part)
