"""A second, hand-made connection to a page's kernel, to send what a forged browser could.

It speaks the Jupyter messaging protocol as JSON over the kernel's websocket (the same
channel Voila's page uses): list the widget comms, read a widget's state, and send
widget messages (`update` a value, a `custom` click) that no honest page would send.
"""

from __future__ import annotations

import json
import socket
import uuid
from datetime import datetime, timezone
from typing import Any

import websocket

SAFETY_TIMEOUT_S = 60  # stops a hung test; not a speed check


class KernelChannel:
    """One websocket session on a running kernel."""

    def __init__(self, base_url: str, kernel_id: str) -> None:
        self.session = uuid.uuid4().hex
        address = base_url.replace("http://", "ws://").rstrip("/")
        self.ws = websocket.create_connection(
            f"{address}/api/kernels/{kernel_id}/channels?session_id={self.session}",
            timeout=SAFETY_TIMEOUT_S,
            sockopt=((socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),),
        )

    def close(self) -> None:
        self.ws.close()

    def send(self, msg_type: str, content: dict[str, Any], channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "username": "forger",
                        "session": self.session,
                        "date": datetime.now(timezone.utc).isoformat(),
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def receive(self) -> dict[str, Any]:
        while True:
            frame = self.ws.recv()
            if isinstance(frame, str):
                return json.loads(frame)

    def replies_to(self, msg_id: str, until_type: str) -> list[dict[str, Any]]:
        """Every message whose parent is `msg_id`, up to and including one of `until_type`."""
        found = []
        while True:
            msg = self.receive()
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            found.append(msg)
            if msg["msg_type"] == until_type or (
                until_type == "idle" and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
            ):
                return found

    def sync(self) -> None:
        """Wait until the kernel has handled everything sent before (shell messages run in order)."""
        msg_id = self.send("comm_info_request", {"target_name": "jupyter.widget"})
        self.replies_to(msg_id, "comm_info_reply")

    def widget_ids(self) -> list[str]:
        msg_id = self.send("comm_info_request", {"target_name": "jupyter.widget"})
        reply = self.replies_to(msg_id, "comm_info_reply")[-1]
        return list(reply["content"]["comms"])

    def comm_msg(self, comm_id: str, data: dict[str, Any]) -> str:
        return self.send("comm_msg", {"comm_id": comm_id, "data": data})

    def state(self, comm_id: str) -> dict[str, Any]:
        """The widget's full state as the kernel has it now."""
        msg_id = self.comm_msg(comm_id, {"method": "request_state"})
        for msg in self.replies_to(msg_id, "idle"):
            data = msg["content"].get("data", {}) if msg["msg_type"] == "comm_msg" else {}
            if data.get("method") == "update":
                return data["state"]
        raise AssertionError(f"no state for widget {comm_id}")

    def states(self) -> dict[str, dict[str, Any]]:
        """Every widget's state: all requests first, then all replies (one round trip)."""
        asked = {self.comm_msg(comm_id, {"method": "request_state"}): comm_id for comm_id in self.widget_ids()}
        found: dict[str, dict[str, Any]] = {}
        while len(found) < len(asked):
            msg = self.receive()
            parent = msg.get("parent_header", {}).get("msg_id")
            data = msg["content"].get("data", {}) if msg["msg_type"] == "comm_msg" else {}
            if parent in asked and data.get("method") == "update":
                found[asked[parent]] = data["state"]
        return found

    def find(self, model: str, **traits: Any) -> str:
        """The one widget of `model` (e.g. "ButtonModel") whose traits have these values."""
        hits = [
            comm_id
            for comm_id, state in self.states().items()
            if state.get("_model_name") == model and all(state.get(k) == v for k, v in traits.items())
        ]
        assert len(hits) == 1, f"{len(hits)} {model} widgets with {traits}"
        return hits[0]

    def find_radio(self, label: str) -> tuple[str, list[str]]:
        """The radio group that offers `label`, and its labels in order."""
        hits = [
            (comm_id, state["_options_labels"])
            for comm_id, state in self.states().items()
            if state.get("_model_name") == "RadioButtonsModel" and label in state.get("_options_labels", [])
        ]
        assert len(hits) == 1, f"{len(hits)} radio groups offer {label!r}"
        return hits[0]

    def forge_click(self, comm_id: str) -> None:
        self.comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})

    def forge_update(self, comm_id: str, state: dict[str, Any]) -> None:
        self.comm_msg(comm_id, {"method": "update", "state": state, "buffer_paths": []})


def kernel_id_of(page: Any) -> str:
    """The kernel id Voila wrote into the page."""
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
