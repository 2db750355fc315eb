"""Forged and malformed widget messages sent to a live kernel of the student quiz.

The student quiz runs as `make serve` runs it (widgets.server.voila_app with the repository's
voila.json); a learner's page is opened, and a second websocket session on the page's
kernel (what a forged browser could send: tests/hardening/fuzz_wire.py) sends at least
1,000 messages (10,000 with CLINQUIZ_DEEP=1) chosen by a seeded random generator
(CLINQUIZ_FUZZ_SEED, default below; every message is written to
test-artifacts/fuzz-widgets-<phase>.log so a failure can be replayed):

- updates with values outside the options, wrong types and shapes, huge strings, deeply
  nested JSON, unknown keys carrying another learner's ids; clicks on disabled, hidden
  and closed buttons and on widgets that are not buttons; unknown methods, unknown and
  closed model ids; invalid buffers; widgets opened from the page; message types Voila
  does not allow (execute_request, ...); and, where no browser is watching, re-arranged
  widget trees (`children`), renamed and re-styled buttons and closed widgets;
- in four situations: a practice quiz half done (in Chromium), an exam before and after
  submission, a timed class quiz across its time limit, and the websocket itself
  (malformed frames, on both the legacy and the v1 protocol).

The oracle (tests/hardening/fuzz_oracle.py), checked every 25 messages: nothing in the
store changes that a real learner could not have done; the kernel answers; the server
answers; no traceback or error message reaches the client; no answer key or rationale
reaches the page of an exam before it is submitted. Afterwards the quiz still works: a
real click in Chromium still answers and saves.

Buttons that take the learner elsewhere (Submit…, Start a new quiz, ← Home, ...) are not
clicked while they are on screen: a learner may press them, and what follows is another
situation (tested on its own), not a forgery.
"""

from __future__ import annotations

import json
import os
import re
import struct
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import psutil
import pytest
import requests
import websocket

from tests.hardening import fuzz_oracle as oracle
from tests.hardening import fuzz_wire as fw
from tests.hardening.deep_runs import deep
from tests.support.banks import QUIZ_BANK as TEST_BANK
from tests.support.student_server import StudentServer
from tests.support.voila import ARTIFACTS

from quizbank.class_settings import ClassSettings
from quizbank.loader import Bank, load_bank
from quizbank.records import open_or_resume
from quizbank.services.quizzes import QuizPlay
from quizbank.session import QuizSettings
from quizbank.store import Store
from widgets.identity import identity_from_text

DEEP = deep()
SEED = int(os.environ.get("CLINQUIZ_FUZZ_SEED", "20261123"))
SCALE = 10 if DEEP else 1
SIZES = {"practice": 400 * SCALE, "exam": 300 * SCALE, "timed": 150 * SCALE, "frames": 150 * SCALE}
BATCH = 25
TIME_LIMIT_S = 5.0  # the timed class quiz: short, so the fuzz crosses the deadline
PHASE_LIMIT_S = 900.0 * SCALE  # a safety stop for a phase, not a speed check
V1 = "v1.kernel.websocket.jupyter.org"

# Buttons that take the learner to another screen: not clicked while they are on screen.
LEAVE = re.compile(
    r"^(Submit…|Yes, submit|Start a new quiz|Back to home|← Home|Change id|Quiz|Continue your quiz|"
    r"Start quiz|Start|Continue|Continue class .*|Join class|See your last results)$"
)
CONTROLS = ("RadioButtonsModel", "DropdownModel", "CheckboxModel", "ToggleButtonModel", "TextModel", "IntProgressModel")
VALUE_KEYS = ("value", "index", "label")
PRESENTATION_KEYS = (
    "children",
    "description",
    "disabled",
    "layout",
    "style",
    "_dom_classes",
    "tooltip",
    "_options_labels",
    "button_style",
    "icon",
    "placeholder",
    "_view_name",
    "_model_name",
    "_view_module",
    "_model_module",
    "max",
    "min",
    "orientation",
    "indent",
)
UNKNOWN_KEYS = (
    "attempt_id",
    "learner_id",
    "item_id",
    "key",
    "score",
    "points",
    "locked",
    "submitted",
    "__class__",
    "__dict__",
    "_repr_mimebundle_",
    "on_click",
    "comm",
    "keys",
)


def recorded_attempt(*args: Any, **kwargs: Any) -> QuizPlay:
    """A learner's attempt opened in the store, acting through its outbox as a page does."""
    attempt, outbox, _record = open_or_resume(*args, **kwargs)
    return QuizPlay(attempt, outbox)


@dataclass(frozen=True)
class Victim:
    """Another learner of the same class, whose records no forged message may touch."""

    learner_id: str
    attempt_ids: tuple[str, ...]
    seeds: tuple[str, ...]


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([TEST_BANK])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudentServer]:
    db = tmp_path_factory.mktemp("fuzz-records") / "records.sqlite3"
    Store(db).close()
    started = StudentServer(db, "voila-fuzz-widgets.log").start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def victim(server: StudentServer, bank: Bank) -> Victim:
    """A learner with an open practice quiz (answers, a checked item) and a submitted exam."""
    identity = identity_from_text("victim-0042")
    items = list(bank.items)
    with Store(server.db) as store:
        store.ensure_learner(identity.learner_id, identity.display_name)
        exam = recorded_attempt(
            store,
            identity.learner_id,
            bank,
            QuizSettings(mode="exam", length=len(items)),
            item_ids=items,
            seed="victim-exam",
        )
        exam.answer("t-tf", True)
        exam.submit()
        practice = recorded_attempt(
            store,
            identity.learner_id,
            bank,
            QuizSettings(mode="practice", length=len(items)),
            item_ids=items,
            seed="victim-practice",
        )
        practice.answer("t-single", "a")
        practice.check("t-single")
        practice.answer("t-tf", False)
    return Victim(identity.learner_id, (exam.attempt_id, practice.attempt_id), ("victim-exam", "victim-practice"))


@pytest.fixture(scope="module")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file that exists only if a forged execute_request ran code in a kernel."""
    return tmp_path_factory.mktemp("fuzz-marker") / "executed"


# -- the forger -------------------------------------------------------------------------------


def nested(depth: int, rng: Random) -> str:
    """JSON text nested `depth` deep (built as text: encoders refuse such depths)."""
    opening, closing = ("[", "]") if rng.random() < 0.5 else ('{"a":', "}")
    return opening * depth + "0" + closing * depth


class Forger:
    """Sends one forged message at a time to the kernel behind `wire`, chosen by `rng`."""

    def __init__(self, wire: fw.Wire, rng: Random, victim: Victim, marker: Path, log: Any, presentation: bool) -> None:
        self.wire = wire
        self.rng = rng
        self.victim = victim
        self.marker = marker
        self.log = log
        self.presentation = presentation  # re-arranging, renaming, closing widgets (no browser watching)
        self.protected: set[str] = set()
        self.seen: set[str] = set()
        self.kinds: Counter[str] = Counter()
        self.sent = 0
        kinds: list[tuple[str, int]] = [
            ("value", 25),
            ("click", 20),
            ("unknown_key", 5),
            ("custom", 6),
            ("method", 5),
            ("comm_id", 5),
            ("buffers", 5),
            ("deep", 3),
            ("huge", 2),
            ("comm_open", 3),
            ("not_allowed", 3),
            ("header", 2),
        ]
        if presentation:
            kinds += [("update_any", 15), ("children", 5), ("comm_close", 2)]
        self.kind_names = [k for k, _ in kinds]
        self.kind_weights = [w for _, w in kinds]

    # -- what to aim at ---------------------------------------------------------------------

    def classify(self) -> None:
        """Buttons that lead elsewhere, as the kernel first showed them, are not clicked while shown."""
        try:
            shown = set(self.wire.visible())
        except AssertionError:
            shown = set()
        for comm_id, state in self.wire.states.items():
            if comm_id in self.seen:
                continue
            self.seen.add(comm_id)
            if (
                state.get("_model_name") == "ButtonModel"
                and LEAVE.match(str(state.get("description", "")))
                and comm_id in shown
            ):
                self.protected.add(comm_id)

    def live(self, models: tuple[str, ...] | None = None) -> list[str]:
        """Live widgets in the order the kernel made them (random ids, but a reproducible order)."""
        return [c for c, s in self.wire.states.items() if models is None or s.get("_model_name") in models]

    def target(self, models: tuple[str, ...] | None = None) -> str:
        """A live widget (of one of `models` if any), never a protected button."""
        ids = [c for c in self.live(models) or self.live() if c not in self.protected]
        return self.rng.choice(ids) if ids else self.new_id()

    def key(self, comm_id: str, *extra: str) -> str:
        """A key to update: any of the widget's own when no browser is watching, else a value key or a stray one."""
        own = list(self.wire.states.get(comm_id, {}))
        if self.presentation:
            return self.rng.choice(own + list(extra) + ["value", "index"])
        return self.rng.choice([k for k in own if k in VALUE_KEYS] + ["value", "index", "nope", *UNKNOWN_KEYS[:3]])

    # -- values ----------------------------------------------------------------------------

    def new_id(self) -> str:
        """A made-up comm id, from the seeded generator (so a failing run can be replayed)."""
        return uuid.UUID(int=self.rng.getrandbits(128)).hex

    def victim_text(self) -> str:
        v = self.victim
        return self.rng.choice(
            [v.learner_id, *v.attempt_ids, *v.seeds, "t-single", "t-bowtie", f"{v.learner_id}/{v.attempt_ids[1]}"]
        )

    def scalar(self) -> Any:
        r = self.rng
        return r.choice(
            [
                None,
                True,
                False,
                0,
                1,
                -1,
                2,
                3,
                7,
                99,
                2**31,
                -(2**63),
                2**64,
                1e308,
                -0.0,
                0.5,
                float("nan"),
                float("inf"),
                "",
                "0",
                "1",
                "true",
                "None",
                "null",
                "a",
                "t-single",
                "IPY_MODEL_",
                f"IPY_MODEL_{self.new_id()}",
                "<script>alert(1)</script>",
                '"><img src=x onerror=alert(1)>',
                "\u202eevil",
                "\x00",
                "\ud800",
                "x" * r.choice([1, 100, 10_000]),
                self.victim_text(),
                "' OR 1=1 --",
                "../../etc/passwd",
            ]
        )

    def value(self, depth: int = 0) -> Any:
        roll = self.rng.random()
        if depth < 3 and roll < 0.12:
            return [self.value(depth + 1) for _ in range(self.rng.randrange(4))]
        if depth < 3 and roll < 0.22:
            return {str(self.scalar()): self.value(depth + 1) for _ in range(self.rng.randrange(3))}
        if roll < 0.3 and self.wire.states:
            return f"IPY_MODEL_{self.rng.choice(self.live())}"
        return self.scalar()

    def control_value(self, state: dict[str, Any], key: str) -> Any:
        """A value for a control's own key: sometimes right, mostly just outside what it allows."""
        labels = state.get("_options_labels") or []
        count = len(labels)
        candidates: list[Any] = [None, -1, count, count + 1, 2**31, -(2**31), 1.5, "0", True, [], {}, self.value()]
        if count:
            candidates += [self.rng.randrange(count)] * 4
        if key == "value":
            candidates += [
                True,
                False,
                "true",
                1,
                0,
                "yes",
                self.rng.choice(labels) if labels else "x",
                self.victim_text(),
                "x" * 100_000,
            ]
        if key == "label":
            candidates += labels[:2] + ["not an option"]
        return self.rng.choice(candidates)

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


# -- running a phase -----------------------------------------------------------------------------


def leaked(wire: fw.Wire) -> list[str]:
    return [f"{leak.msg_type}: {leak.excerpt}" for leak in wire.leaks]


def key_on_page(wire: fw.Wire, bank: Bank) -> list[str]:
    """Rationales or verdicts anywhere in the page's widget states (an exam before submission: none)."""
    rationales = [item.rationale for item in bank.items.values()]
    found = []
    for comm_id, state in wire.states.items():
        text = json.dumps(state)
        if any(r[:60] in text for r in rationales) or 'class=\\"cq-verdict' in text:
            found.append(comm_id)
    return found


@dataclass
class Phase:
    name: str
    server: StudentServer
    bank: Bank
    victim: Victim
    learner_id: str
    allow_new_attempts: bool = False
    exam_open: bool = False

    def run(self, forger: Forger, count: int, keep_going: Callable[[], bool] = lambda: False) -> oracle.Snapshot:
        """Send `count` forged messages (and more while `keep_going()`), checking the oracle every BATCH."""
        wire = forger.wire
        log_path = ARTIFACTS / f"fuzz-widgets-{self.name}.log"
        before = self.snapshot()
        began = time.monotonic()
        with open(log_path, "w", encoding="utf-8") as log:
            log.write(f"seed {SEED} phase {self.name} kernel {wire.kernel_id}\n")
            sent = 0
            while (sent < count or keep_going()) and sent < 10 * count:
                assert time.monotonic() - began < PHASE_LIMIT_S, f"phase {self.name} ran past its safety limit"
                for _ in range(BATCH):
                    log.write(f"{forger.sent:6d} {forger.forge()}\n")
                    log.write(f"       {wire.last_sent[:600]}\n")
                    sent += 1
                log.flush()
                self.check(wire, before, log, forger.sent)
                before = self.snapshot()
        return before

    def kernel_state(self, kernel_id: str) -> str:
        """What became of a kernel that stopped answering (for the failure message)."""
        pid = self.server.kernels().get(kernel_id)
        if pid is None:
            return "its process is gone"
        try:
            process = psutil.Process(pid)
            cpu = process.cpu_percent(interval=1.0)
            status = f"process {pid} {process.status()}, {cpu:.0f}% CPU, {process.memory_info().rss >> 20} MB"
        except psutil.Error as exc:
            return f"process {pid}: {exc}"
        probe = fw.Wire(self.server.url, kernel_id)
        try:
            return f"{status}; a new connection {'gets' if probe.alive(20) else 'gets no'} answer"
        finally:
            probe.close()

    def snapshot(self) -> oracle.Snapshot:
        return oracle.snapshot(self.server.db, self.learner_id, [self.victim.learner_id])

    def check(self, wire: fw.Wire, before: oracle.Snapshot, log: Any, sent: int = 0) -> None:
        where = (
            f"(seed {SEED}, phase {self.name}, after message {sent}; see test-artifacts/fuzz-widgets-{self.name}.log)"
        )
        try:
            wire.sync()
        except fw.KernelGone as exc:
            state = self.kernel_state(wire.kernel_id)
            log.write(f"KERNEL GONE: {exc}; {state}\n")
            raise AssertionError(f"the kernel stopped answering {where}: {exc}; {state}") from exc
        assert self.server.alive(), f"the server process died {where}"
        after = self.snapshot()
        found = oracle.problems(before, after, self.bank, new_attempts=100 if self.allow_new_attempts else 0)
        opened = Counter((a.session_code, a.kind) for a in after.mine.values() if not a.submitted)
        if any(n > 1 for n in opened.values()):
            found.append(f"several open attempts at once: {dict(opened)}")
        assert not found, f"forged messages changed the records {where}:\n" + "\n".join(found)
        assert not leaked(wire), f"the kernel sent errors or output to the client {where}:\n" + "\n".join(leaked(wire))
        if self.exam_open and not any(a.submitted for a in after.mine.values()):
            shown = key_on_page(wire, self.bank)
            assert not shown, f"answer key or feedback on the page of an open exam {where}: {shown}"


def learner_wire(server: StudentServer, bank: Bank, typed: str, rng: Random) -> fw.WireLearner:
    learner = fw.WireLearner(server.url, bank, typed, rng)
    learner.connect()
    learner.sign_in()
    return learner


# -- the tests -----------------------------------------------------------------------------------


@pytest.mark.browser
def test_forged_messages_on_a_practice_quiz_in_the_browser(server, bank, victim, marker, browser_page):
    """A practice quiz open in Chromium, half done; the forger speaks to its kernel on a second connection."""
    from tests.support import quiz_ui as ui
    from tests.support.browser_api import expect

    page = browser_page
    typed = f"fuzz-practice-{SEED}"
    ui.open_quiz(page, server.url, learner=typed)
    ui.start_quiz(page, "practice", f"fz{SEED % 10**6}")
    ui.spec_on_screen(page).right(page)
    ui.wait_answered(page, 1)
    page.get_by_role("button", name="Check answer").click()
    expect(ui.quiz(page).locator(".cq-verdict")).to_be_visible()
    ui.go_next(page)
    ui.spec_on_screen(page).wrong(page)
    ui.wait_answered(page, 2)
    ui.go_next(page)
    expect(ui.quiz(page).locator(".cq-saved")).to_have_text(fw.SAVED)

    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    wire = fw.Wire(server.url, kernel_id)
    try:
        wire.load()
        learner_id = identity_from_text(typed).learner_id
        phase = Phase("practice", server, bank, victim, learner_id)
        forger = Forger(wire, Random(SEED), victim, marker, None, presentation=False)
        phase.run(forger, SIZES["practice"])
        assert not marker.exists(), "a forged execute_request ran code in the kernel"
        print(f"practice: {forger.sent} messages {dict(forger.kinds)}")

        # The same page and kernel still work: a real flag, a real submission, a new quiz, a real answer.
        before = phase.snapshot()
        flag = ui.quiz(page).get_by_role("button", name=re.compile(r"^(⚐ Flag for review|⚑ Flagged: tap to unflag)$"))
        was_flagged = flag.inner_text().startswith("⚑")
        flag.click()
        expect(
            ui.quiz(page).get_by_role("button", name="⚐ Flag for review" if was_flagged else "⚑ Flagged: tap to unflag")
        ).to_be_visible()
        ui.submit(page)
        page.get_by_role("button", name="Start a new quiz").click()
        # The forger may have changed the (hidden) start screen's choices, as the learner could (even to a
        # topic and objective no question has). The kernel does not send a forged index back to the page
        # (the sender is taken to hold it), so this page may not show the kernel's choice: choose another
        # value and then the wanted one, so that each choice reaches the kernel. Any length will do.
        for kind, name, other, wanted in (
            ("radio", None, "Nurse", "Either (all questions)"),
            ("combobox", "Topic", "Dosing", "All topics"),
            ("combobox", "Learning objective", "Explain how anakinra works.", "Any learning objective"),
        ):
            if kind == "radio":
                page.get_by_role("radio", name=other, exact=True).check()
                page.get_by_role("radio", name=wanted, exact=True).check()
            else:
                box = page.get_by_role("combobox", name=name)
                box.select_option(label=other)
                box.select_option(label=wanted)
        page.get_by_role("radio", name=ui.MODE_LABEL["practice"], exact=True).check()
        page.get_by_role("radio", name=ui.MODE_LABEL["exam"], exact=True).check()
        ui.seed_box(page).fill(f"after{SEED % 10**6}")
        page.get_by_role("button", name="Start quiz").click()
        expect(ui.quiz(page).get_by_text(re.compile(r"^Item 1 of \d+$"))).to_be_visible()
        spec = ui.spec_on_screen(page)
        spec.right(page)
        ui.wait_answered(page, 1)
        expect(ui.quiz(page).locator(".cq-saved")).to_have_text(fw.SAVED)
        after = phase.snapshot()
        assert oracle.problems(before, after, bank, new_attempts=1) == []
        new = [a for a in after.mine.values() if a.attempt_id not in before.mine]
        assert len(new) == 1 and new[0].responses[spec.id].answer is not None  # the real answer is saved
        old = next(iter(before.mine))
        handed_in, earlier = after.mine[old], before.mine[old]
        assert handed_in.submitted and any(
            handed_in.responses[i].flagged != earlier.responses[i].flagged for i in handed_in.item_order
        )
        assert not leaked(wire)
    finally:
        wire.close()


def test_forged_messages_on_an_exam_before_and_after_submission(server, bank, victim, marker):
    rng = Random(SEED + 1)
    typed = f"fuzz-exam-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    try:
        learner.open_quiz("exam", f"ex{SEED % 10**6}")
        for _ in range(3):
            assert learner.answer_here() is not None
            learner.press("Next →")
        learner_id = identity_from_text(typed).learner_id
        # With the page re-arranged, the forger can reach what a learner reaches by other buttons (hand in,
        # start another quiz): new attempts are allowed, and are checked like any other.
        phase = Phase("exam-open", server, bank, victim, learner_id, allow_new_attempts=True, exam_open=True)
        forger = Forger(learner.w, rng, victim, marker, None, presentation=True)
        phase.run(forger, SIZES["exam"] // 2)
        # An honest submission (the page may have been re-arranged by the forger: reload it first).
        learner.close()
        learner = learner_wire(server, bank, typed, rng)
        learner.open_quiz("exam")
        assert learner.submit() is not None, learner.w.texts()[:8]
        phase = Phase("exam-submitted", server, bank, victim, learner_id, allow_new_attempts=True)
        forger = Forger(learner.w, rng, victim, marker, None, presentation=True)
        phase.run(forger, SIZES["exam"] - SIZES["exam"] // 2)
        assert not marker.exists(), "a forged execute_request ran code in the kernel"
        print(f"exam: {forger.sent} messages after submission {dict(forger.kinds)}")
    finally:
        learner.close()
    assert_fresh_page_works(server, bank, typed, rng)


def test_forged_messages_on_a_timed_class_quiz_across_its_time_limit(server, bank, victim, marker):
    rng = Random(SEED + 2)
    settings = ClassSettings(
        kind="quiz",
        item_ids=tuple(bank.items),
        mode="practice",
        feedback="each_answer",
        time_limit_s=TIME_LIMIT_S,
        title="Fuzzed class",
    )
    with Store(server.db) as store:
        session = store.create_session(settings.to_dict(), "fuzz")
    typed = f"fuzz-timed-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    try:
        learner.w.update(learner.w.one("TextModel", description="Join code"), {"value": session.code})
        learner.press("Join class")
        learner.press("Start")
        assert learner.answer_here() is not None
        learner_id = identity_from_text(typed).learner_id
        with Store(server.db) as store:
            (attempt,) = store.list_attempts(learner_id)
        assert attempt.deadline is not None
        phase = Phase("timed", server, bank, victim, learner_id)
        forger = Forger(learner.w, rng, victim, marker, None, presentation=True)
        last = phase.run(forger, SIZES["timed"], keep_going=lambda: time.time() < attempt.deadline + 1.5)
        record = last.mine[attempt.attempt_id]
        assert record.submitted, "the kernel did not submit the attempt at its time limit"
        assert all(r.answered_at is None or r.answered_at <= attempt.deadline for r in record.responses.values())
        print(f"timed: {forger.sent} messages {dict(forger.kinds)}")
    finally:
        learner.close()


def test_malformed_frames_on_the_kernel_websocket(server, bank, victim, marker):
    """Frames no page sends: not JSON, no header, absurd part counts, bad offsets, both protocols."""
    rng = Random(SEED + 3)
    typed = f"fuzz-frames-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    learner.open_quiz("practice", f"fr{SEED % 10**6}")
    kernel_id = learner.w.kernel_id
    learner_id = identity_from_text(typed).learner_id
    base = ARTIFACTS / "fuzz-widgets-frames.log"
    server_process = psutil.Process(server.pid)
    memory_before = server_process.memory_info().rss
    before = oracle.snapshot(server.db, learner_id, [victim.learner_id])
    reconnects = 0
    sent = 0

    def connect(v1: bool) -> websocket.WebSocket:
        address = server.url.replace("http://", "ws://")
        return websocket.create_connection(
            f"{address}api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}",
            timeout=fw.SAFETY_S,
            subprotocols=[V1] if v1 else None,
        )

    def frame(v1: bool) -> tuple[str, str | bytes]:
        good = json.dumps(fw.message("comm_info_request", {"target_name": "jupyter.widget"}, "x"))
        if v1:
            return rng.choice(
                [
                    ("v1 offsets 2**63", (2**63).to_bytes(8, "little")),
                    ("v1 offsets 2**64-1", (2**64 - 1).to_bytes(8, "little") + b"\0" * 16),
                    ("v1 offsets 30e6", (30_000_000).to_bytes(8, "little")),
                    ("v1 zero offsets", (0).to_bytes(8, "little")),
                    ("v1 one offset", (1).to_bytes(8, "little") + (16).to_bytes(8, "little")),
                    ("v1 offsets past the end", (3).to_bytes(8, "little") + (10**9).to_bytes(8, "little") * 3),
                    ("v1 text frame", good),
                    ("v1 random bytes", bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 7, 64, 4096])))),
                    ("v1 empty", b""),
                ]
            )
        return rng.choice(
            [
                ("legacy parts 2**31-1", struct.pack("!i", 2**31 - 1) + b"\0" * 8),
                ("legacy parts 40e6", struct.pack("!I", 40_000_000 + rng.randrange(1000)) + b"\0" * 8),
                ("legacy parts -1", struct.pack("!i", -1) + b"\0" * 8),
                ("legacy parts 0", struct.pack("!i", 0) + b"\0" * 8),
                ("legacy offsets backwards", struct.pack("!III", 2, 50, 12) + b"{}" * 40),
                ("legacy random bytes", bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 3, 64, 4096])))),
                ("not JSON", "{" * rng.choice([1, 10]) + "not json"),
                ("JSON array", "[1, 2, 3]"),
                ("JSON null", "null"),
                ("JSON string", '"comm_msg"'),
                ("no header", json.dumps({"content": {}, "channel": "shell"})),
                (
                    "header not an object",
                    json.dumps({"header": "x", "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell"}),
                ),
                (
                    "no msg_type",
                    json.dumps(
                        {
                            "header": {"msg_id": "1"},
                            "parent_header": {},
                            "metadata": {},
                            "content": {},
                            "channel": "shell",
                        }
                    ),
                ),
                ("unknown channel", good.replace('"channel": "shell"', '"channel": "nope"')),
                ("nested 100000", '{"header": ' + "[" * 100_000 + "]" * 100_000 + "}"),
                ("5 MB of JSON", json.dumps({"header": {"msg_type": "comm_msg"}, "pad": "x" * 5_000_000})),
                ("empty", ""),
            ]
        )

    sockets = {False: connect(False), True: connect(True)}
    with open(base, "w", encoding="utf-8") as log:
        log.write(f"seed {SEED} phase frames kernel {kernel_id}\n")
        while sent < SIZES["frames"]:
            for _ in range(BATCH):
                v1 = rng.random() < 0.4
                name, payload = frame(v1)
                log.write(f"{sent:6d} {name}\n")
                sent += 1
                try:
                    if isinstance(payload, bytes):
                        sockets[v1].send_binary(payload)
                    else:
                        sockets[v1].send(payload)
                except (websocket.WebSocketException, OSError):
                    sockets[v1] = connect(v1)
                    reconnects += 1
            log.flush()
            # The server still answers other requests, its memory has not run away, the kernel answers,
            # and nothing in the records changed.
            response = requests.get(server.url + "voila/static/voila.js", timeout=fw.SAFETY_S)
            assert response.status_code == 200
            grown = server_process.memory_info().rss - memory_before
            assert grown < 300 * 2**20, (
                f"the server grew by {grown >> 20} MB after {sent} malformed frames (seed {SEED})"
            )
            probe = fw.Wire(server.url, kernel_id)
            try:
                assert probe.alive(), f"the kernel stopped answering after {sent} malformed frames (seed {SEED})"
            finally:
                probe.close()
            after = oracle.snapshot(server.db, learner_id, [victim.learner_id])
            assert oracle.problems(before, after, bank) == []
    for sock in sockets.values():
        sock.close()
    print(f"frames: {sent} malformed frames, {reconnects} reconnections")
    learner.close()
    assert_fresh_page_works(server, bank, typed, rng)


def test_a_forged_shutdown_request_stops_only_the_forgers_own_kernel(server, bank, victim):
    """Voila lets a page ask its own kernel to shut down: that learner's page stops, nobody else's."""
    rng = Random(SEED + 4)
    forger = learner_wire(server, bank, f"fuzz-shutdown-{SEED}", rng)
    other = learner_wire(server, bank, f"fuzz-bystander-{SEED}", rng)
    try:
        other.open_quiz("practice", f"by{SEED % 10**6}")
        forger.w.send("shutdown_request", {"restart": False}, channel="control")
        forger.w.wait(lambda m: m.get("msg_type") == "shutdown_reply")
        assert other.w.alive()
        assert other.answer_here() is not None  # the other learner's kernel answers and saves
        assert server.alive()
    finally:
        forger.close()
        other.close()


def assert_fresh_page_works(server: StudentServer, bank: Bank, typed: str, rng: Random) -> None:
    """After the forgeries, the same learner on a new page (a new kernel) can answer, and it is saved."""
    learner = learner_wire(server, bank, typed, rng)
    try:
        learner.open_quiz("practice")
        for _ in range(12):
            if learner.seed() is None:
                learner.press("Start a new quiz")
                learner.start("practice", None)
            if learner.answer_here() is not None:
                break
            if learner.w.button("Next →") is None:
                break
            learner.press("Next →")
        assert learner.acked, f"a fresh page could not save an answer: {learner.w.texts()[:8]}"
        assert not leaked(learner.w)
    finally:
        learner.close()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A Chromium page (Debian's), refusing any request to an outside host."""
    from tests.support.pages import DESKTOP, launched_browser, open_pages

    with launched_browser() as chromium, open_pages(chromium) as opened:
        page = opened.recording(DESKTOP).page
        page.set_default_timeout(60_000)
        yield page


def parent_of(wire: fw.Wire, child: str) -> str | None:
    for comm_id, state in wire.states.items():
        if f"IPY_MODEL_{child}" in (state.get("children") or []):
            return comm_id
    return None


def test_a_forged_start_cannot_retake_a_handed_in_class_quiz(server, bank):
    """The class page decides what it offers from the records, not from the widget tree the page can rewrite.

    After handing in, the page shows the results and no Start button. A forged page puts the
    (closed-over, still live) Start button's screen back into the tree, re-enables it, and
    clicks it: a second attempt at the same class session would let a learner who has seen
    the answers take the quiz again.
    """
    rng = Random(SEED + 5)
    settings = ClassSettings(
        kind="quiz", item_ids=("t-single", "t-tf"), mode="practice", feedback="after_submit", title="Retake"
    )
    with Store(server.db) as store:
        session = store.create_session(settings.to_dict(), "fuzz")
    typed = f"fuzz-retake-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    learner_id = identity_from_text(typed).learner_id
    try:
        learner.w.update(learner.w.one("TextModel", description="Join code"), {"value": session.code})
        learner.press("Join class")
        learner.press("Start")
        assert learner.answer_here() is not None
        assert learner.submit() is not None
        wire = learner.w
        (start,) = [
            c
            for c, s in wire.states.items()
            if s.get("_model_name") == "ButtonModel" and s.get("description") == "Start"
        ]
        intro = parent_of(wire, parent_of(wire, start) or "")
        assert intro is not None
        boxes = [c for c in wire.visible() if wire.states[c].get("_model_name") == "VBoxModel"]
        for box in boxes:
            wire.update(start, {"disabled": False})
            wire.update(box, {"children": [f"IPY_MODEL_{intro}"]})
            wire.click(start)
            wire.sync()
        with Store(server.db) as store:
            mine = [a for a in store.list_attempts(learner_id) if a.session_code == session.code]
        assert len(mine) == 1, f"a forged Start took the class quiz {len(mine)} times"
    finally:
        learner.close()


def test_a_binary_frame_to_a_legacy_client_does_not_freeze_the_server(server, bank):
    """Found by the fuzzer: a widget whose state holds bytes (here an Image the page itself asks its kernel
    to make) is sent as a binary frame, and Voila's websocket handler read a legacy binary frame as a v1
    one (an offset count of billions): the server stopped serving every learner. widgets.server.ws_guard sends
    legacy binary frames past that reading."""
    learner = learner_wire(server, bank, f"fuzz-binary-{SEED}", Random(SEED + 6))
    try:
        image = "0" * 31 + "1"
        state = {
            "_model_name": "ImageModel",
            "_model_module": "@jupyter-widgets/controls",
            "_model_module_version": "2.0.0",
            "_view_name": "ImageView",
            "_view_module": "@jupyter-widgets/controls",
            "_view_module_version": "2.0.0",
        }
        learner.w.send(
            "comm_open",
            {"comm_id": image, "target_name": "jupyter.widget", "data": {"state": state, "buffer_paths": []}},
            metadata={"version": "2.1.0"},
        )
        learner.w.comm_msg(image, {"method": "request_state"})
        learner.w.sync()
        assert requests.get(server.url + "voila/static/voila.js", timeout=fw.SAFETY_S).status_code == 200
        assert learner.w.alive()
    finally:
        learner.close()


def test_frame_checks_pass_what_jupyter_server_makes_and_stop_absurd_counts():
    from jupyter_server.services.kernels.connection.base import serialize_binary_message, serialize_msg_to_ws_v1

    from widgets.server.ws_guard import V1 as GUARD_V1
    from widgets.server.ws_guard import frame_problem

    msg = fw.message("comm_msg", {"comm_id": "x", "data": {}}, "s")
    msg["buffers"] = [b"12345", b""]
    assert frame_problem(serialize_binary_message(msg), None) is None
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")] + [b"12"]
    assert frame_problem(serialize_msg_to_ws_v1(parts, "shell"), GUARD_V1) is None
    assert frame_problem(json.dumps({**msg, "buffers": []}), None) is None
    for frame, protocol in [
        (struct.pack("!i", 2**31 - 1) + b"\0" * 8, None),
        (struct.pack("!i", -1) + b"\0" * 8, None),
        (struct.pack("!III", 2, 50, 12) + b"{}" * 40, None),
        (b"\0\0", None),
        ((2**63).to_bytes(8, "little"), GUARD_V1),
        ((30_000_000).to_bytes(8, "little"), GUARD_V1),
        ((3).to_bytes(8, "little") + (10**9).to_bytes(8, "little") * 3, GUARD_V1),
        ("{}", GUARD_V1),
    ]:
        assert frame_problem(frame, protocol) is not None, frame[:16]
