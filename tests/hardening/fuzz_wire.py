"""A learner's kernel spoken to over its websocket, without a browser.

`Wire` is one websocket session on a Voila kernel (the Jupyter messaging protocol as
JSON, or binary frames when a message carries buffers). It keeps a mirror of every
widget's state, as a browser's widget manager would, from the kernel's `comm_open`,
`update`, `echo_update` and `comm_close` messages, and it notes everything that reaches
the client that should not (tracebacks, error messages).

`WireLearner` drives the student quiz through that mirror as a person would through the
page: it types its id, opens a quiz, answers the item on screen with a valid answer
(worked out from the test bank, in the bank's terms, so the test can compare it with
what the store holds), goes to the next item and submits. An answer counts as
*acknowledged* only when, after the kernel has finished handling it, the controls show
what was chosen and the page says "✓ Saved at …" with nothing else amiss: what a
learner sees as "saved".

Every wait is bounded (SAFETY_S) and counts as a failure of the kernel, not a speed check.
"""

from __future__ import annotations

import html
import json
import re
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from random import Random
from typing import Any

import requests
import websocket
from jupyter_server.services.kernels.connection.base import deserialize_binary_message, serialize_binary_message

from quizbank.loader import Bank
from quizbank.models import BLANK_RE, Item
from widgets.html import tag

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


# -- answering items through their widgets ------------------------------------------------------


def _ids_by_text(options: Any) -> dict[str, str]:
    return {o.text: o.id for o in options}


def normal(item: Item, response: Any) -> Any:
    """A response in a form that compares equal whatever order the picks were made in."""
    if response is None:
        return None
    if item.type in ("select_all", "select_n", "highlight"):
        return sorted(response)
    if item.type == "bowtie":
        return {slot: sorted(response.get(slot, [])) for slot in ("condition", "actions", "parameters")}
    return response


@dataclass
class Planned:
    """What to send to answer an item, and the response (in the bank's terms) it must give."""

    steps: list[tuple[str, dict[str, Any] | None]]  # (comm id, state to set) or (comm id, None): a click
    expected: Any
    controls: dict[str, dict[str, Any]] = field(default_factory=dict)  # comm id -> the state it must show after


class ItemPlanner:
    """Works out, from the widgets of the item on screen and the bank, how to give a random valid answer."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.by_stem = {tag("p", item.stem, "cq-stem"): item for item in bank.items.values()}

    def item_on_screen(self, wire: Wire) -> Item | None:
        for c in wire.with_class("cq-stem") + wire.find("HTMLModel"):
            value = wire.states[c].get("value")
            if value in self.by_stem:
                return self.by_stem[value]
        return None

    def page(self, wire: Wire) -> list[str]:
        """The item page's widgets on screen, in page order (from its stem to its status line)."""
        shown = wire.visible()
        item = self.item_on_screen(wire)
        assert item is not None, "no item on screen"
        start = next(i for i, c in enumerate(shown) if wire.states[c].get("value") == tag("p", item.stem, "cq-stem"))
        saved_lines = set(wire.with_class("cq-saved-line", shown))
        end = next((i for i in range(start, len(shown)) if shown[i] in saved_lines), len(shown))
        return shown[start:end]

    def plan(self, wire: Wire, rng: Random) -> tuple[Item, Planned]:
        item = self.item_on_screen(wire)
        assert item is not None, "no item on screen"
        ids = self.page(wire)
        states = wire.states
        steps: list[tuple[str, dict[str, Any] | None]] = []
        controls: dict[str, dict[str, Any]] = {}

        def set_state(comm_id: str, state: dict[str, Any]) -> None:
            steps.append((comm_id, state))
            controls[comm_id] = state

        if item.type in ("single", "true_false"):
            radio = wire.one("RadioButtonsModel", ids)
            labels = states[radio]["_options_labels"]
            index = rng.randrange(len(labels))
            set_state(radio, {"index": index})
            expected: Any = (
                _ids_by_text(item.options)[labels[index]] if item.type == "single" else labels[index] == "True"
            )
        elif item.type in ("select_all", "select_n", "highlight", "bowtie"):
            if item.type == "highlight":
                boxes = [c for c in wire.find("ToggleButtonModel", ids) if "cq-segment" in states[c]["_dom_classes"]]
                by_text = _ids_by_text(item.segments)
                chosen = rng.sample(boxes, rng.randint(1, len(boxes)))
            else:
                boxes = wire.find("CheckboxModel", ids)
                if item.type == "bowtie":
                    by_text = {}
                    chosen = []
                    for slot, count in (("condition", 1), ("actions", 2), ("parameters", 2)):
                        texts = _ids_by_text(getattr(item, slot).options)
                        by_text.update(texts)
                        mine = [c for c in boxes if states[c]["description"] in texts]
                        chosen += rng.sample(mine, count)
                else:
                    by_text = _ids_by_text(item.options)
                    most = item.n if item.type == "select_n" else len(boxes)
                    chosen = rng.sample(boxes, rng.randint(1, most))
            # Untick first (select N and the bow-tie refuse a pick beyond their count), then tick.
            for c in boxes:
                if c not in chosen:
                    set_state(c, {"value": False})
            for c in chosen:
                set_state(c, {"value": True})
            picked = [by_text[states[c]["description"]] for c in chosen]
            if item.type == "bowtie":
                expected = {
                    slot: sorted(o.id for o in getattr(item, slot).options if o.id in picked)
                    for slot in ("condition", "actions", "parameters")
                }
            else:
                expected = sorted(picked)
        elif item.type == "matrix":
            rows = _ids_by_text(item.rows)
            columns = [c.id for c in item.columns]
            expected = {}
            heading = None
            for c in ids:
                state = states[c]
                if state.get("_model_name") == "HTMLModel" and str(state.get("value", "")).startswith("<h3>"):
                    heading = html.unescape(re.sub(r"<[^>]+>", "", state["value"])).split(". ", 1)[1]
                elif state.get("_model_name") == "RadioButtonsModel":
                    assert heading is not None
                    index = rng.randrange(len(columns))
                    set_state(c, {"index": index})
                    expected[rows[heading]] = columns[index]
        elif item.type in ("cloze", "dropdown_rationale"):
            blanks = [m.group(1) for m in BLANK_RE.finditer(item.sentence)]
            drops = wire.find("DropdownModel", ids)
            assert len(drops) == len(blanks)
            expected = {}
            for blank, c in zip(blanks, drops):
                labels = states[c]["_options_labels"]
                index = rng.randrange(1, len(labels))  # 0 is "choose…"
                set_state(c, {"index": index})
                expected[blank] = labels[index]
        elif item.type == "ordering":
            rows = [c for c in ids if "cq-step-text" in (states[c].get("_dom_classes") or [])]
            by_text = _ids_by_text(item.options)
            order = [by_text[html.unescape(re.sub(r"^<b>\d+\.</b> ", "", states[c]["value"]))] for c in rows]
            ups = wire.find("ButtonModel", ids, description="↑ Up")
            position = rng.randrange(1, len(order))
            steps.append((ups[position], None))
            order[position - 1], order[position] = order[position], order[position - 1]
            expected = order
        else:  # pragma: no cover - a new item type needs a plan here
            raise AssertionError(f"no plan for {item.type}")
        return item, Planned(steps, expected, controls)


# -- a learner --------------------------------------------------------------------------------


@dataclass
class Acked:
    """One action the page showed as saved."""

    kind: str  # "answer" or "submit"
    seed: str  # the quiz code on screen (it names the attempt)
    item_id: str | None = None
    response: Any = None


class WireLearner:
    """A learner on the student quiz, driven over the kernel websocket (no browser)."""

    def __init__(self, base_url: str, bank: Bank, typed_id: str, rng: Random) -> None:
        self.base_url = base_url
        self.bank = bank
        self.typed_id = typed_id
        self.rng = rng
        self.planner = ItemPlanner(bank)
        self.http = requests.Session()
        self.wire: Wire | None = None
        self.acked: list[Acked] = []
        self.answered: dict[str, set[str]] = {}  # seed -> items answered (acknowledged) in that attempt

    @property
    def w(self) -> Wire:
        assert self.wire is not None
        return self.wire

    def connect(self, query: str = "") -> Wire:
        kernel_id, _ = open_page(self.base_url, query, self.http)
        cookies = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.wire = Wire(self.base_url, kernel_id, cookies)
        self.wire.load()
        return self.wire

    def close(self) -> None:
        if self.wire is not None:
            self.wire.close()

    def press(self, description: str) -> None:
        button = self.w.button(description)
        if button is None:
            raise AssertionError(f"no {description!r} button on screen; it shows {self.w.texts()[:6]}")
        self.w.click(button)
        self.w.sync()

    def sign_in(self) -> None:
        self.w.update(self.w.one("TextModel", description="Student id or name"), {"value": self.typed_id})
        self.press("Continue")
        if not self.w.shows(r"^\s*Hello, "):
            raise AssertionError(f"not signed in: {self.w.texts()[:4]}")

    def seed(self) -> str | None:
        """What names the attempt on screen: its quiz code (self-paced), or "class:<join code>"; None off a quiz."""
        for comm_id in self.w.with_class("cq-seed"):
            text = str(self.w.states[comm_id].get("value", "")).strip()
            found = re.match(r"^Quiz code: (\S+)$", text)
            if found:
                return found.group(1)
            found = re.match(r"^Class session (\S+)$", text)
            if found:
                return f"class:{found.group(1)}"
        return None

    def open_quiz(self, mode: str = "exam", seed: str | None = None) -> str:
        """From the home screen: continue the open quiz, or start one; returns its quiz code."""
        if self.w.button("Continue your quiz") is not None:
            self.press("Continue your quiz")
        else:
            self.press("Quiz")
            self.start(mode, seed)
        code = self.seed()
        if code is None:
            raise AssertionError(f"no quiz on screen: {self.w.texts()[:6]}")
        return code

    def start(self, mode: str, seed: str | None) -> None:
        """On the start screen: choose the mode and the quiz code, and start."""
        radio = [c for c in self.w.find("RadioButtonsModel") if self.w.states[c].get("description") == "Mode"][0]
        labels = self.w.states[radio]["_options_labels"]
        self.w.update(radio, {"index": next(i for i, t in enumerate(labels) if t.lower().startswith(mode))})
        text = self.w.one("TextModel", description="Quiz code (seed)")
        self.w.update(text, {"value": seed or f"w{self.rng.randrange(16**8):08x}"})
        self.press("Start quiz")

    def saved_shown(self) -> bool:
        labels = self.w.with_class("cq-saved")
        return (
            len(labels) == 1
            and "cq-saved-ok" in self.w.states[labels[0]]["_dom_classes"]
            and bool(SAVED.match(self.w.states[labels[0]].get("value", "")))
        )

    def quiet_status(self) -> bool:
        return all(not self.w.states[c].get("value") for c in self.w.with_class("cq-status"))

    def position(self) -> tuple[int, int]:
        for text in self.w.texts():
            found = re.match(r"^Item (\d+) of (\d+)$", text.strip())
            if found:
                return int(found.group(1)), int(found.group(2))
        raise AssertionError("no item number on screen")

    def answer_here(self) -> Acked | None:
        """Answer the item on screen with a random valid answer; the Acked if the page shows it saved."""
        code = self.seed()
        assert code is not None
        item, planned = self.planner.plan(self.w, self.rng)
        signals = self.w.save_signals
        for comm_id, state in planned.steps:
            if state is None:
                self.w.click(comm_id)
            else:
                self.w.update(comm_id, state)
        self.w.sync()
        shown = all(self.w.states.get(c, {}).get(k) == v for c, s in planned.controls.items() for k, v in s.items())
        fresh = self.w.save_signals > signals  # this action, not an earlier one, made the page say "saved"
        if shown and fresh and self.saved_shown() and self.quiet_status() and self.seed() == code:
            ack = Acked("answer", code, item.id, normal(item, planned.expected))
            self.acked.append(ack)
            self.answered.setdefault(code, set()).add(item.id)
            return ack
        return None

    def submit(self) -> Acked | None:
        code = self.seed()
        self.press("Submit…")
        self.press("Yes, submit")
        if code is not None and self.w.shows(r"You scored \d"):
            ack = Acked("submit", code)
            self.acked.append(ack)
            return ack
        return None

    def work(self, actions: int, stop: Callable[[], bool] = lambda: False) -> Iterator[Acked]:
        """Answer the items not yet answered in this attempt, submit when none is left, start again; bounded."""
        for _ in range(actions):
            if stop():
                return
            code = self.seed()
            if code is None:
                if self.w.button("Start a new quiz") is not None:
                    self.press("Start a new quiz")
                    self.start(self.rng.choice(["exam", "practice"]), None)
                    continue
                raise AssertionError(f"lost: {self.w.texts()[:6]}")
            item = self.planner.item_on_screen(self.w)
            done = self.answered.get(code, set())
            if item is not None and item.id not in done:
                ack = self.answer_here()
                if ack is not None:
                    yield ack
                continue
            number, count = self.position()
            if len(done) >= count:
                ack = self.submit()
                if ack is not None:
                    yield ack
                continue
            if number < count:
                self.press("Next →")
            else:
                while self.position()[0] > 1:  # back to the start for what is left
                    self.press("← Previous")
