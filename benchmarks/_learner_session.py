"""The simulated learner's kernel websocket (benchmarks/_learner.py): one session as the page's kernel
connection, with a mirror of the widgets it has been sent."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from tornado.websocket import WebSocketClientConnection

STEP_LIMIT_S = 180.0  # a safety stop per step; not a speed check


class Widgets:
    """The widget models the simulated page knows, kept up to date from the kernel's messages."""

    def __init__(self) -> None:
        self.models: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.changed = asyncio.Event()

    def put(self, model_id: str, state: dict[str, Any]) -> None:
        if model_id not in self.models:
            self.models[model_id] = {}
            self.order.append(model_id)
        self.models[model_id].update(state)

    def find(self, model: str, **traits: Any) -> str | None:
        for model_id in self.order:
            state = self.models.get(model_id)
            if state and state.get("_model_name") == model and all(state.get(k) == v for k, v in traits.items()):
                return model_id
        return None


def _binary(frame: bytes) -> dict[str, Any]:
    """A message with buffers (jupyter_server's legacy binary frame: count, offsets, JSON, buffers)."""
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 * (i + 1) : 4 * (i + 2)], "big") for i in range(count)] + [len(frame)]
    return json.loads(frame[offsets[0] : offsets[1]].decode("utf-8"))


class Session:
    """One kernel websocket, as the page's kernel connection."""

    def __init__(self, ws: WebSocketClientConnection) -> None:
        self.ws = ws
        self.session = uuid.uuid4().hex
        self.widgets = Widgets()
        self.replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.control_id = ""
        self.states_arrived = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    def send(
        self, msg_type: str, content: dict[str, Any], channel: str = "shell", metadata: dict[str, Any] | None = None
    ) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "username": "learner",
                        "session": self.session,
                        "date": datetime.now(timezone.utc).isoformat(),
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": metadata or {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    async def request(self, msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
        msg_id = self.send(msg_type, content)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.replies[msg_id] = future
        return await asyncio.wait_for(future, STEP_LIMIT_S)

    async def _read(self) -> None:
        while True:
            frame = await self.ws.read_message()
            if frame is None:
                return
            msg = json.loads(frame) if isinstance(frame, str) else _binary(frame)
            kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
            content = msg.get("content", {})
            parent = msg.get("parent_header", {}).get("msg_id")
            if kind and kind.endswith("_reply") and parent in self.replies:
                self.replies.pop(parent).set_result(msg)
            elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.widgets.put(content["comm_id"], content.get("data", {}).get("state", {}))
            elif kind == "comm_msg":
                data = content.get("data", {})
                if content.get("comm_id") == self.control_id and data.get("method") == "update_states":
                    for model_id, entry in data.get("states", {}).items():
                        self.widgets.put(model_id, {**entry.get("state", {}), "_model_name": entry.get("model_name")})
                    self.states_arrived.set()
                elif data.get("method") in ("update", "echo_update"):
                    self.widgets.put(content["comm_id"], data.get("state", {}))
            elif kind == "comm_close":
                self.widgets.models.pop(content.get("comm_id"), None)
            self.widgets.changed.set()

    async def until(self, found: Callable[[], Any]) -> Any:
        """Wait until `found()` returns something truthy (re-tried after every message)."""
        deadline = time.monotonic() + STEP_LIMIT_S
        while True:
            value = found()
            if value:
                return value
            if self.reader.done():
                raise ConnectionError("the kernel websocket closed")
            self.widgets.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the kernel did not answer in time")
            try:
                await asyncio.wait_for(self.widgets.changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def load_widgets(self) -> None:
        """What ipywidgets 8's manager does on connecting: the control comm's request_states."""
        self.control_id = uuid.uuid4().hex
        self.send(
            "comm_open",
            {"comm_id": self.control_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        self.send("comm_msg", {"comm_id": self.control_id, "data": {"method": "request_states"}})
        await asyncio.wait_for(self.states_arrived.wait(), STEP_LIMIT_S)
        self.send("comm_close", {"comm_id": self.control_id, "data": {}})

    def update(self, model_id: str, state: dict[str, Any]) -> None:
        self.send("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}})
        self.widgets.put(model_id, state)

    def click(self, model_id: str) -> None:
        self.send("comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}})

    def close(self) -> None:
        self.ws.close()
        self.reader.cancel()
