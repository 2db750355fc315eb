"""A learner simulated at the protocol level: what Voila's page does over HTTP and the kernel websocket.

No browser: one asyncio task per learner does what the page's scripts do, in their order,
and stamps each step (time.perf_counter, seconds):

1. GET the page (Voila runs, or with a preheated kernel finishes, the notebook while it
   streams the HTML); the kernel id is read from the page's ``jupyter-config-data`` and
   the ``_xsrf`` cookie kept (the page's unload beacon needs it);
2. GET /api/kernels/<id> (the page reads its kernel's model), then open the kernel
   websocket /api/kernels/<id>/channels (JSON messages, as tests/support/kernel_ws.py),
   send kernel_info_request, open a ``jupyter.widget.control`` comm and send
   ``request_states`` (ipywidgets 8's manager): the reply ``update_states`` carries every
   widget of the first screen. The learner's quiz is *ready* when it has arrived and holds
   the first screen's input (the student-id box);
3. a round of answers, as forged widget messages a browser would send: type the student id
   (an ``update`` of the Text's value) and press Continue (a ``custom`` click), press Quiz on
   the home screen, press Start quiz (the start screen's mode and seed come from the page
   address), answer the first item (radio groups: the first option; check boxes: the first;
   drop-downs: the first real choice; an ordering item is answered as shown) and press
   Check answer, until the verdict arrives (an HTML widget holding a ``cq-verdict`` element);
4. leave: close the websocket and, unless told not to (a phone that just drops), send
   Voila's kernel-shutdown beacon as the page's ``beforeunload`` does.

Every wait is bounded (STEP_LIMIT_S); a learner that fails records the error and stops.

The kernel websocket session and its widget mirror are in benchmarks/_learner_session.py.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from benchmarks._learner_session import STEP_LIMIT_S, Session

CONFIG_RE = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)
FIRST_INPUT = "Student id or name"
ANSWER_MODELS = ("RadioButtonsModel", "CheckboxModel", "DropdownModel")


@dataclass
class Outcome:
    """What happened to one learner: stamps (seconds, perf_counter) and any error."""

    number: int
    arrive: float = 0.0
    stamps: dict[str, float] = field(default_factory=dict)
    kernel_id: str = ""
    error: str = ""
    query_applied: bool | None = None
    verdict: str = ""
    beacon_status: int | None = None

    def since_arrival(self, name: str) -> float | None:
        at = self.stamps.get(name)
        return None if at is None else at - self.arrive

    def between(self, start: str, end: str) -> float | None:
        a, b = self.stamps.get(start), self.stamps.get(end)
        return None if a is None or b is None else b - a


def _answer_first_item(session: Session, after: int) -> None:
    """Answer the item on screen the way a hurried learner would (the first of everything)."""
    fresh = [m for m in session.widgets.order[after:] if m in session.widgets.models]
    for model_id in fresh:
        state = session.widgets.models[model_id]
        name = state.get("_model_name")
        if name not in ANSWER_MODELS or state.get("disabled"):
            continue
        if name == "RadioButtonsModel":
            session.update(model_id, {"index": 0})
        elif name == "CheckboxModel":
            session.update(model_id, {"value": True})
            return  # one box: enough for select-all and select-N
        elif name == "DropdownModel":
            labels = state.get("_options_labels", [])
            session.update(model_id, {"index": 1 if len(labels) > 1 else 0})


async def learner(
    outcome: Outcome,
    base_url: str,
    query: str,
    beacon: bool,
    http: AsyncHTTPClient,
    answer: bool = True,
    hold: asyncio.Event | None = None,
    reached: list[int] | None = None,
) -> Outcome:
    """One learner, arriving at `outcome.arrive` (perf_counter), filling in `outcome`.

    `hold`: once done (or failed), append its number to `reached` and stay connected until it is set."""
    number = outcome.number
    stamp = outcome.stamps
    session: Session | None = None
    cookie = ""
    try:
        await asyncio.sleep(max(0.0, outcome.arrive - time.perf_counter()))
        outcome.arrive = time.perf_counter()
        page = await http.fetch(
            HTTPRequest(base_url + query, request_timeout=STEP_LIMIT_S, connect_timeout=STEP_LIMIT_S)
        )
        stamp["page"] = time.perf_counter()
        html = page.body.decode("utf-8", "replace")
        config = CONFIG_RE.search(html)
        if not config:
            raise RuntimeError("the page carries no jupyter-config-data")
        outcome.kernel_id = json.loads(config.group(1))["kernelId"]
        cookies = page.headers.get_list("Set-Cookie")
        xsrf = next((c.split(";", 1)[0] for c in cookies if c.startswith("_xsrf=")), "")
        cookie = xsrf
        headers = {"Cookie": cookie} if cookie else {}
        await http.fetch(
            HTTPRequest(f"{base_url}api/kernels/{outcome.kernel_id}", headers=headers, request_timeout=STEP_LIMIT_S)
        )
        ws_url = (
            base_url.replace("http://", "ws://")
            + f"api/kernels/{outcome.kernel_id}/channels?session_id={uuid.uuid4().hex}"
        )
        ws = await websocket_connect(
            HTTPRequest(ws_url, headers=headers, request_timeout=STEP_LIMIT_S, connect_timeout=STEP_LIMIT_S),
            max_message_size=64 * 2**20,
        )
        session = Session(ws)
        await session.request("kernel_info_request", {})
        stamp["kernel"] = time.perf_counter()
        await session.load_widgets()
        text = session.widgets.find("TextModel", description=FIRST_INPUT)
        if text is None:
            raise RuntimeError("the first screen's student-id box did not arrive")
        stamp["ready"] = time.perf_counter()
        if answer:
            await _answer_round(session, number, query, outcome)
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the class
        outcome.error = f"{type(exc).__name__}: {exc}"[:300]
    try:
        if reached is not None:
            reached.append(number)
        if hold is not None:
            await asyncio.wait_for(hold.wait(), STEP_LIMIT_S * 2)
    except asyncio.TimeoutError:
        pass
    finally:
        if session is not None:
            session.close()
        if beacon and outcome.kernel_id:
            outcome.beacon_status = await _beacon(http, base_url, outcome.kernel_id, cookie)
    return outcome


async def _answer_round(session: Session, number: int, query: str, outcome: Outcome) -> None:
    stamp = outcome.stamps
    w = session.widgets
    text = w.find("TextModel", description=FIRST_INPUT)
    stamp["answers"] = time.perf_counter()
    session.update(text, {"value": f"burst-{number:03d}-{uuid.uuid4().hex[:6]}"})
    session.click(w.find("ButtonModel", description="Continue"))
    quiz = await session.until(lambda: w.find("ButtonModel", description="Quiz"))
    stamp["home"] = time.perf_counter()
    session.click(quiz)
    start = await session.until(lambda: w.find("ButtonModel", description="Start quiz"))
    stamp["start_screen"] = time.perf_counter()
    seed = w.find("TextModel", description="Quiz code (seed)")
    wanted = dict(part.split("=", 1) for part in query.lstrip("?").split("&") if "=" in part).get("seed")
    outcome.query_applied = wanted is None or (seed is not None and w.models[seed].get("value") == wanted)
    mark = len(w.order)
    session.click(start)
    check = await session.until(lambda: w.find("ButtonModel", description="Check answer"))
    stamp["item"] = time.perf_counter()
    _answer_first_item(session, mark)
    await session.request("comm_info_request", {"target_name": "jupyter.widget"})  # the answer is in
    stamp["check"] = time.perf_counter()
    session.click(check)

    def verdict() -> str | None:
        for model_id in w.order[mark:]:
            value = w.models.get(model_id, {}).get("value")
            if isinstance(value, str) and 'class="cq-verdict' in value:
                return value
        return None

    html = await session.until(verdict)
    stamp["verdict"] = time.perf_counter()
    outcome.verdict = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", html.split('class="cq-verdict', 1)[1].split(">", 1)[1].split("</div>", 1)[0]),
    ).strip()[:80]


async def _beacon(http: AsyncHTTPClient, base_url: str, kernel_id: str, cookie: str) -> int | None:
    """Voila's beforeunload beacon: POST /voila/api/shutdown/<kernel> with the _xsrf cookie's value."""
    value = cookie.split("=", 1)[1] if "=" in cookie else ""
    try:
        done = await http.fetch(
            HTTPRequest(
                f"{base_url}voila/api/shutdown/{kernel_id}",
                method="POST",
                body=urlencode({"_xsrf": value}),
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                request_timeout=60,
            ),
            raise_error=False,
        )
        return done.code
    except Exception:  # noqa: BLE001 - a failed beacon is what the figures show
        return None


async def class_burst(
    base_url: str,
    learners: int,
    spread_s: float,
    query: str,
    beacon_every: int = 2,
    answer: bool = True,
    while_connected: Callable[[list[Outcome]], Any] | None = None,
) -> list[Outcome]:
    """`learners` arriving evenly within `spread_s`; every `beacon_every`-th one leaves without the beacon.

    `while_connected(outcomes)` runs once every learner is done (or failed) and before any
    of them leaves: the moment to measure the server with a whole class connected."""
    AsyncHTTPClient.configure(None, max_clients=max(10, 2 * learners))
    http = AsyncHTTPClient(force_instance=True)
    begin = time.perf_counter() + 0.2
    step = spread_s / max(1, learners)
    hold, reached = asyncio.Event(), []
    outcomes = [Outcome(n, begin + n * step) for n in range(learners)]
    try:
        tasks = [
            asyncio.ensure_future(
                learner(
                    outcome,
                    base_url,
                    query,
                    beacon=(beacon_every <= 0 or outcome.number % beacon_every != 1),
                    http=http,
                    answer=answer,
                    hold=hold,
                    reached=reached,
                )
            )
            for outcome in outcomes
        ]
        deadline = time.monotonic() + STEP_LIMIT_S * 6
        while len(reached) < learners and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if while_connected is not None:
            while_connected(outcomes)
        hold.set()
        await asyncio.gather(*tasks)
    finally:
        http.close()
    return outcomes
