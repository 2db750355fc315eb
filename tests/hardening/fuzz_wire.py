"""A learner's kernel spoken to over its websocket, without a browser.

`Wire` is one websocket session on a Voila kernel (the Jupyter messaging protocol as
JSON, or binary frames when a message carries buffers). It keeps a mirror of every
widget's state, as a browser's widget manager would, from the kernel's `comm_open`,
`update`, `echo_update` and `comm_close` messages, and it notes everything that reaches
the client that should not (tracebacks, error messages).

`WireLearner` (wire_learner.py) drives the student quiz through that mirror as a person would.

Every wait is bounded (SAFETY_S) and counts as a failure of the kernel, not a speed check.
"""

from __future__ import annotations

import html
import json
import re
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import requests
import websocket
from jupyter_server.services.kernels.connection.base import deserialize_binary_message, serialize_binary_message

SAFETY_S = 60.0  # stops a hung kernel or server; not a speed check
ROOT_CLASS = "cq-quiz"
SAVED = re.compile(r"^✓ Saved at \d\d:\d\d:\d\d$")
TRACE_MARKERS = ("Traceback (most recent call last)", 'File "', "site-packages", "Error:")


class KernelGone(RuntimeError):
    """The kernel or its server stopped answering (killed, restarted, or the websocket closed)."""


def kernel_id_in(page_html: str) -> str:
    """The kernel id Voila wrote into the page."""
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page_html)
    if found is None:
        raise KernelGone("the page names no kernel")
    return found.group(1)


def open_page(base_url: str, query: str = "", session: requests.Session | None = None) -> tuple[str, str]:
    """GET the quiz page as a browser would (Voila starts a kernel and runs the notebook); (kernel id, html)."""
    http = session or requests.Session()
    response = http.get(base_url + query, timeout=SAFETY_S)
    response.raise_for_status()
    return kernel_id_in(response.text), response.text


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def message(msg_type: str, content: Any, session: str, channel: str = "shell", **header: Any) -> dict[str, Any]:
    """A client message as a page's kernel connection sends it."""
    head = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "learner",
        "session": session,
        "date": _now(),
        "version": "5.3",
    }
    head.update(header)
    return {"header": head, "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


@dataclass
class Leak:
    """Something that reached the client and should not have: which message, and a short excerpt."""

    msg_type: str
    excerpt: str


class Wire:
    """One websocket session on a kernel, with a mirror of its widgets."""

    def __init__(self, base_url: str, kernel_id: str, cookies: str = "") -> None:
        self.base_url = base_url
        self.kernel_id = kernel_id
        self.session = uuid.uuid4().hex
        address = base_url.replace("http://", "ws://").rstrip("/")
        self.ws = websocket.create_connection(
            f"{address}/api/kernels/{kernel_id}/channels?session_id={self.session}",
            timeout=SAFETY_S,
            header=[f"Cookie: {cookies}"] if cookies else None,
            sockopt=((socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),),
        )
        self.states: dict[str, dict[str, Any]] = {}
        self.closed: set[str] = set()
        self.closed_order: list[str] = []
        self.last_sent = ""
        self.leaks: list[Leak] = []
        self.dead = False
        self.received = 0
        self.root_id: str | None = None
        self.save_signals = 0

    # -- sending ---------------------------------------------------------------------------

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing a socket the server already dropped
            pass

    def send_message(self, msg: dict[str, Any]) -> str:
        """Send one message dict (binary framing when it carries buffers); returns its msg_id."""
        try:
            if msg.get("buffers"):
                self.ws.send_binary(serialize_binary_message(msg))
            else:
                self.ws.send(json.dumps(msg))
            self.last_sent = json.dumps(msg, default=repr)
        except (websocket.WebSocketException, OSError) as exc:
            raise KernelGone(f"sending failed: {exc}") from exc
        return str(msg.get("header", {}).get("msg_id", ""))

    def send(
        self,
        msg_type: str,
        content: Any,
        channel: str = "shell",
        buffers: list[bytes] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        msg = message(msg_type, content, self.session, channel)
        msg["buffers"] = list(buffers or [])
        msg["metadata"] = dict(metadata or {})
        return self.send_message(msg)

    def send_frame(self, frame: str | bytes) -> None:
        """A raw websocket frame, whatever it holds."""
        try:
            if isinstance(frame, bytes):
                self.ws.send_binary(frame)
            else:
                self.ws.send(frame)
            self.last_sent = repr(frame)
        except (websocket.WebSocketException, OSError) as exc:
            raise KernelGone(f"sending failed: {exc}") from exc

    def comm_msg(self, comm_id: Any, data: Any, buffers: list[bytes] | None = None) -> str:
        return self.send("comm_msg", {"comm_id": comm_id, "data": data}, buffers=buffers)

    def click(self, comm_id: str) -> str:
        return self.comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})

    def update(self, comm_id: str, state: dict[str, Any], local: bool = True) -> str:
        """Send a state change; with `local`, also take it into the mirror first, as a page's widget model does
        (the kernel echoes some keys but not all, e.g. a selection's index, and sends back what it puts back)."""
        if local and comm_id in self.states:
            self.states[comm_id].update(state)
        return self.comm_msg(comm_id, {"method": "update", "state": state, "buffer_paths": []})

    # -- receiving -------------------------------------------------------------------------

    def _decode(self, frame: str | bytes) -> dict[str, Any]:
        if isinstance(frame, bytes):
            return deserialize_binary_message(frame)
        return json.loads(frame)

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next message (the mirror and the leak list updated), or KernelGone at `deadline`."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise KernelGone("no answer from the kernel within the safety limit")
        self.ws.settimeout(left)
        try:
            frame = self.ws.recv()
        except (websocket.WebSocketTimeoutException, TimeoutError) as exc:
            raise KernelGone("no answer from the kernel within the safety limit") from exc
        except (websocket.WebSocketException, OSError) as exc:
            raise KernelGone(f"the websocket closed: {exc}") from exc
        if frame in ("", b""):
            raise KernelGone("the websocket closed")
        msg = self._decode(frame)
        self.received += 1
        self._mirror(msg)
        return msg

    def _mirror(self, msg: dict[str, Any]) -> None:
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        content = msg.get("content") or {}
        if kind == "status" and content.get("execution_state") in ("dead", "restarting"):
            self.dead = True
        elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.states[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg":
            data = content.get("data") or {}
            if data.get("method") in ("update", "echo_update") and isinstance(data.get("state"), dict):
                state = self.states.setdefault(content["comm_id"], {})
                state.update(data["state"])
                if (
                    data.get("method") == "update"
                    and "cq-saved" in (state.get("_dom_classes") or [])
                    and {"_dom_classes", "value"} & set(data["state"])
                ):
                    self.save_signals += 1  # the kernel (re)wrote the "saved" line: each save does
        elif kind == "comm_close":
            comm_id = content.get("comm_id")
            self.states.pop(comm_id, None)
            if comm_id not in self.closed:
                self.closed.add(comm_id)
                self.closed_order.append(comm_id)
        if kind == "error":
            self.leaks.append(Leak("error", json.dumps(content)[:300]))
        elif kind == "stream":
            text = str(content.get("text", ""))
            self.leaks.append(Leak(f"stream:{content.get('name')}", text[:300]))

    def wait(self, until: Callable[[dict[str, Any]], bool], limit_s: float = SAFETY_S) -> dict[str, Any]:
        deadline = time.monotonic() + limit_s
        while True:
            msg = self.receive(deadline)
            if until(msg):
                return msg

    def sync(self, limit_s: float = SAFETY_S) -> None:
        """Wait until the kernel has handled everything sent before (its shell handles messages in order)."""
        msg_id = self.send("kernel_info_request", {})
        got_reply = got_idle = False

        def done(msg: dict[str, Any]) -> bool:
            nonlocal got_reply, got_idle
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                if msg.get("msg_type") == "kernel_info_reply":
                    got_reply = True
                elif msg.get("msg_type") == "status" and msg["content"].get("execution_state") == "idle":
                    got_idle = True
            if self.dead:
                raise KernelGone("the kernel died or is restarting")
            return got_reply and got_idle

        self.wait(done, limit_s)

    def alive(self, limit_s: float = SAFETY_S) -> bool:
        try:
            self.sync(limit_s)
        except KernelGone:
            return False
        return True

    def load(self) -> None:
        """Read every widget's state (after connecting; later the kernel's messages keep it current)."""
        msg_id = self.send("comm_info_request", {"target_name": "jupyter.widget"})
        reply = self.wait(
            lambda m: m.get("parent_header", {}).get("msg_id") == msg_id and m.get("msg_type") == "comm_info_reply"
        )
        ids = list(reply["content"]["comms"])
        asked = {self.comm_msg(comm_id, {"method": "request_state"}): comm_id for comm_id in ids}
        pending = set(asked)

        def done(msg: dict[str, Any]) -> bool:
            parent = msg.get("parent_header", {}).get("msg_id")
            if parent in pending and msg.get("msg_type") == "comm_msg":
                pending.discard(parent)
            return not pending

        if pending:
            self.wait(done)
        self.sync()
        self.root()

    # -- the widget tree ---------------------------------------------------------------------

    def root(self) -> str:
        """The page's displayed widget: the one quiz root when the page was loaded (screens built later,
        such as the quiz runner, make roots of their own that are never displayed)."""
        if self.root_id is None:
            roots = [c for c, s in self.states.items() if ROOT_CLASS in (s.get("_dom_classes") or [])]
            if not roots:
                raise AssertionError(f"no quiz root among {len(self.states)} widgets")
            # The page's root holds every screen inside it, so its tree is the largest.
            sizes = sorted(((len(self.subtree(r)), r) for r in roots), reverse=True)
            if len(sizes) > 1 and sizes[0][0] == sizes[1][0]:
                raise AssertionError(f"{len(roots)} quiz roots of the same size")
            self.root_id = sizes[0][1]
        return self.root_id

    def hidden(self, comm_id: str) -> bool:
        layout = ref(self.states.get(comm_id, {}).get("layout"))
        return layout is not None and self.states.get(layout, {}).get("display") == "none"

    def visible(self) -> list[str]:
        """The widgets on screen, in page order (children of hidden boxes excluded)."""
        found: list[str] = []
        stack = [self.root()]
        seen: set[str] = set()
        while stack:
            comm_id = stack.pop()
            if comm_id in seen or comm_id not in self.states or self.hidden(comm_id):
                continue
            seen.add(comm_id)
            found.append(comm_id)
            stack.extend(reversed(self.children(comm_id)))
        return found

    def children(self, comm_id: str) -> list[str]:
        kids = self.states.get(comm_id, {}).get("children")
        return [c for c in (ref(k) for k in kids) if c] if isinstance(kids, list) else []

    def subtree(self, top: str) -> list[str]:
        found: list[str] = []
        stack, seen = [top], set()
        while stack:
            comm_id = stack.pop()
            if comm_id not in self.states or comm_id in seen:
                continue
            seen.add(comm_id)
            found.append(comm_id)
            stack.extend(reversed(self.children(comm_id)))
        return found

    def find(self, model: str, ids: list[str] | None = None, **traits: Any) -> list[str]:
        """Widgets of `model` (e.g. "ButtonModel") among `ids` (default: on screen) with these trait values."""
        return [
            c
            for c in (self.visible() if ids is None else ids)
            if self.states[c].get("_model_name") == model and all(self.states[c].get(k) == v for k, v in traits.items())
        ]

    def one(self, model: str, ids: list[str] | None = None, **traits: Any) -> str:
        hits = self.find(model, ids, **traits)
        if len(hits) != 1:
            raise AssertionError(f"{len(hits)} {model} on screen with {traits}")
        return hits[0]

    def button(self, description: str) -> str | None:
        hits = self.find("ButtonModel", description=description)
        return hits[0] if hits else None

    def texts(self, ids: list[str] | None = None) -> list[str]:
        """The text of every HTML and Label on screen (HTML tags removed, entities decoded)."""
        out = []
        for c in self.visible() if ids is None else ids:
            state = self.states[c]
            if state.get("_model_name") in ("HTMLModel", "LabelModel") and isinstance(state.get("value"), str):
                out.append(html.unescape(re.sub(r"<[^>]+>", " ", state["value"])))
        return out

    def shows(self, pattern: str) -> bool:
        return any(re.search(pattern, t) for t in self.texts())

    def with_class(self, cls: str, ids: list[str] | None = None) -> list[str]:
        return [
            c for c in (self.visible() if ids is None else ids) if cls in (self.states[c].get("_dom_classes") or [])
        ]


def ref(value: Any) -> str | None:
    """The comm id an "IPY_MODEL_<id>" reference names."""
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_") :]
    return None
