"""The widget fuzzer's forger: one forged message at a time, of a kind chosen by a seeded generator."""

from __future__ import annotations

import json
from typing import Any

from tests.hardening import fuzz_wire as fw
from tests.hardening.fuzz_forger_aim import CONTROLS, PRESENTATION_KEYS, UNKNOWN_KEYS, ForgerAim, nested


class Forger(ForgerAim):
    """Sends one forged message at a time to the kernel behind `wire`, chosen by `rng`."""

    # -- one message -----------------------------------------------------------------------

    def forge(self) -> str:
        self.classify()
        kind = self.rng.choices(self.kind_names, self.kind_weights)[0]
        self.kinds[kind] += 1
        self.sent += 1
        return f"{kind}: {getattr(self, '_' + kind)()}"

    def _update(self, comm_id: Any, state: dict[str, Any]) -> str:
        self.wire.update(comm_id, state, local=False)  # the mirror shows what the kernel keeps, not the forgery
        return f"{self.describe(comm_id)} <- {short(state)}"

    def describe(self, comm_id: Any) -> str:
        state = self.wire.states.get(comm_id, {}) if isinstance(comm_id, str) else {}
        return f"{comm_id!s:.12} {state.get('_model_name', '?')} {str(state.get('description', ''))[:24]!r}"

    def _value(self) -> str:
        comm_id = self.target(CONTROLS)
        state = self.wire.states[comm_id]
        model = state.get("_model_name")
        if not self.presentation and model == "TextModel" and self.rng.random() < 0.5:
            key = "value"
        elif model in ("RadioButtonsModel", "DropdownModel"):
            key = self.rng.choice(["index", "index", "value", "label"])
        else:
            key = "value"
        return self._update(comm_id, {key: self.control_value(state, key)})

    def _click(self) -> str:
        ids = [c for c in self.live() if c not in self.protected]
        buttons = [c for c in ids if self.wire.states[c].get("_model_name") == "ButtonModel"]
        comm_id = self.rng.choice(buttons if buttons and self.rng.random() < 0.8 else ids)
        self.wire.click(comm_id)
        return f"click {self.describe(comm_id)}"

    def _unknown_key(self) -> str:
        comm_id = self.target()
        key = self.rng.choice(UNKNOWN_KEYS)
        return self._update(comm_id, {key: self.rng.choice([self.victim_text(), self.value()])})

    def _custom(self) -> str:
        comm_id = self.target()
        content = self.rng.choice(
            [
                {"event": "click", "attempt_id": self.victim.attempt_ids[1]},
                {"event": "click", "learner_id": self.victim.learner_id},
                {"event": self.rng.choice(["dblclick", "submit", "check", "CLICK", "", None, 1])},
                {"event": "click", "event2": "click"},
                {},
                self.value(),
                [self.value()],
            ]
        )
        data = {"method": "custom", "content": content} if self.rng.random() < 0.9 else {"method": "custom"}
        self.wire.comm_msg(comm_id, data)
        return f"custom {self.describe(comm_id)} {short(data)}"

    def _method(self) -> str:
        comm_id = self.target()
        data = self.rng.choice(
            [
                {
                    "method": self.rng.choice(
                        [
                            "request_states",
                            "echo_update",
                            "display",
                            "close",
                            "open",
                            "update_all",
                            "",
                            None,
                            7,
                            ["update"],
                            "REQUEST_STATE",
                            "request_state",
                        ]
                    )
                },
                {"state": {"value": self.value()}},
                self.rng.choice([None, [], "update", 3, [{"method": "update"}]]),
                {"method": "update"},
                {"method": "update", "state": None},
                {"method": "update", "state": [1, 2]},
                {"method": "update", "state": "value"},
            ]
        )
        self.wire.comm_msg(comm_id, data)
        return f"{self.describe(comm_id)} data={short(data)}"

    def _comm_id(self) -> str:
        comm_id = self.rng.choice(
            [
                self.new_id(),
                "",
                None,
                0,
                ["x"],
                {"a": 1},
                "x" * 10_000,
                "../" * 20,
                *(self.wire.closed_order[:5] or [self.new_id()]),
                self.rng.choice(self.live()).upper(),
                self.rng.choice(self.live())[:-1],
            ]
        )
        data = self.rng.choice(
            [
                {"method": "custom", "content": {"event": "click"}},
                {"method": "update", "state": {"value": 1}, "buffer_paths": []},
                {"method": "request_state"},
            ]
        )
        self.wire.comm_msg(comm_id, data)
        return f"to {str(comm_id)[:40]!r} {short(data)}"

    def _buffers(self) -> str:
        comm_id = self.target()
        key = self.key(comm_id)
        count = self.rng.randrange(0, 4)
        buffers = [
            bytes(self.rng.getrandbits(8) for _ in range(self.rng.choice([0, 1, 8, 1000]))) for _ in range(count)
        ]
        paths = self.rng.choice(
            [
                [[key]],
                [[key, 0]],
                [[key], [key]],
                [["a", "b", "c"]],
                [[]],
                [[0]],
                [["children", 99]],
                [[key]] * (count + 2),
                "value",
                None,
                [[None]],
            ]
        )
        data = {"method": "update", "state": {key: None}, "buffer_paths": paths}
        self.wire.comm_msg(comm_id, data, buffers=buffers)
        return f"{self.describe(comm_id)} paths={short(paths)} buffers={len(buffers)}"

    def _deep(self) -> str:
        comm_id = self.target()
        depth = self.rng.choice([50, 500, 990, 5_000, 50_000])
        key = self.key(comm_id, "children", "state")
        msg = fw.message(
            "comm_msg",
            {"comm_id": comm_id, "data": {"method": "update", "state": {key: "@@DEEP@@"}}},
            self.wire.session,
        )
        self.wire.send_frame(json.dumps(msg).replace('"@@DEEP@@"', nested(depth, self.rng)))
        return f"{self.describe(comm_id)} {key} nested {depth} deep"

    def _huge(self) -> str:
        size = self.rng.choice([1, 2, 4]) * 1_000_000
        text = self.rng.choice(["x", "é", "<b>", "\u202e"]) * (size // 4)
        comm_id = self.target(("TextModel", "LabelModel", "HTMLModel", "ButtonModel"))
        if self.rng.random() < 0.5:
            model = self.wire.states.get(comm_id, {}).get("_model_name")
            key = "value" if self.presentation or model == "TextModel" else "x"
            return self._update(comm_id, {key: text})
        self.wire.comm_msg(comm_id, {"method": "custom", "content": {"event": "click", "text": text}})
        return f"custom {self.describe(comm_id)} with {len(text)} characters"

    def _comm_open(self) -> str:
        model = self.rng.choice(["ButtonModel", "HTMLModel", "ImageModel", "NoSuchModel", "VBoxModel", "", None])
        content = self.rng.choice(
            [
                {
                    "comm_id": self.new_id(),
                    "target_name": "jupyter.widget",
                    "data": {
                        "state": {
                            "_model_name": model,
                            "_model_module": "@jupyter-widgets/controls",
                            "_model_module_version": "2.0.0",
                            "description": self.value(),
                            "children": [f"IPY_MODEL_{self.rng.choice(self.live())}"],
                        },
                        "buffer_paths": [],
                    },
                },
                {
                    "comm_id": self.new_id(),
                    "target_name": self.rng.choice(["jupyter.widget.control", "nope", ""]),
                    "data": {},
                },
                {
                    "comm_id": self.rng.choice(self.live()) if self.presentation else self.new_id(),  # an id in use
                    "target_name": "jupyter.widget",
                    "data": {"state": {}},
                },
                {"target_name": "jupyter.widget"},
            ]
        )
        # With the widget protocol's version the kernel makes the widget (its own page's kernel: allowed).
        metadata = {"version": "2.1.0"} if self.rng.random() < 0.8 else {}
        self.wire.send("comm_open", content, metadata=metadata)
        if self.rng.random() < 0.5 and isinstance(content.get("comm_id"), str):
            self.wire.comm_msg(content["comm_id"], {"method": "request_state"})
        return short(content)

    def _not_allowed(self) -> str:
        code = f"open({str(self.marker)!r}, 'w').write('executed')"
        kind, content, channel = self.rng.choice(
            [
                (
                    "execute_request",
                    {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "shell",
                ),
                ("execute_request", {"code": code}, "control"),
                ("inspect_request", {"code": "Store", "cursor_pos": 5, "detail_level": 1}, "shell"),
                ("complete_request", {"code": "import os; os.", "cursor_pos": 15}, "shell"),
                ("history_request", {"output": True, "raw": True, "hist_access_type": "tail", "n": 100}, "shell"),
                ("input_reply", {"value": code}, "stdin"),
                ("debug_request", {"command": "evaluate", "arguments": {"expression": code}}, "control"),
                (
                    "comm_msg",
                    {"comm_id": self.rng.choice(self.live()), "data": {"method": "custom", "content": {}}},
                    self.rng.choice(["iopub", "stdin", "control", "nope"]),
                ),
            ]
        )
        self.wire.send(kind, content, channel=channel)
        return f"{kind} on {channel}"

    def _header(self) -> str:
        comm_id = self.target()
        msg = fw.message(
            "comm_msg",
            {"comm_id": comm_id, "data": {"method": "custom", "content": {"event": "click"}}},
            self.wire.session,
        )
        change = self.rng.choice(
            [
                {"msg_type": "execute_request"},
                {"msg_type": None},
                {"msg_type": ["comm_msg"]},
                {"session": "x"},
                {"username": self.victim.learner_id},
                {"date": "not a date"},
                {"version": "0"},
                {"msg_id": None},
            ]
        )
        msg["header"].update(change)
        if self.rng.random() < 0.3:
            msg["parent_header"] = {"msg_id": "x", "msg_type": "execute_request"}
        self.wire.send_message(msg)
        return f"{self.describe(comm_id)} header {short(change)}"

    def _update_any(self) -> str:
        comm_id = self.target()
        keys = list(self.wire.states.get(comm_id, {})) + list(PRESENTATION_KEYS)
        return self._update(comm_id, {self.rng.choice(keys): self.value()})

    def _children(self) -> str:
        boxes = self.live(("VBoxModel", "HBoxModel", "BoxModel"))
        comm_id = self.rng.choice(boxes)
        pool = self.live()
        children = [f"IPY_MODEL_{self.rng.choice(pool)}" for _ in range(self.rng.randrange(0, 4))]
        if self.rng.random() < 0.2:
            children.append(f"IPY_MODEL_{comm_id}")  # a box inside itself
        if self.rng.random() < 0.2:
            children.append(f"IPY_MODEL_{self.new_id()}")
        return self._update(comm_id, {"children": children})

    def _comm_close(self) -> str:
        comm_id = self.rng.choice([c for c in self.live() if c not in self.protected] or [self.new_id()])
        self.wire.send("comm_close", {"comm_id": comm_id, "data": {}})
        return f"close {self.describe(comm_id)}"


def short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} chars)"
