"""A learner driven over the kernel websocket (fuzz_wire.Wire), without a browser.

`WireLearner` drives the student quiz through that mirror as a person would through the
page: it types its id, opens a quiz, answers the item on screen with a valid answer
(worked out from the test bank, in the bank's terms, so the test can compare it with
what the store holds), goes to the next item and submits. An answer counts as
*acknowledged* only when, after the kernel has finished handling it, the controls show
what was chosen and the page says "✓ Saved at …" with nothing else amiss: what a
learner sees as "saved".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from random import Random
from typing import Any

import requests

from tests.hardening.fuzz_wire import SAVED, Wire, open_page

from quizbank.loader import Bank
from quizbank.models import BLANK_RE, Item
from widgets.html import tag

# -- answering items through their widgets ------------------------------------------------------


def _shown_text(state: dict[str, Any]) -> str:
    """The text a control's description shows (a checkbox's is escaped HTML, widgets.html.untypeset)."""
    description = str(state.get("description", ""))
    if state.get("description_allow_html"):
        return html.unescape(re.sub(r"<[^>]+>", "", description))
    return description


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
                        mine = [c for c in boxes if _shown_text(states[c]) in texts]
                        chosen += rng.sample(mine, count)
                else:
                    by_text = _ids_by_text(item.options)
                    most = item.n if item.type == "select_n" else len(boxes)
                    chosen = rng.sample(boxes, rng.randint(1, most))
            # Read the labels before acting: a highlight toggle's label gains "✓ " once the kernel echoes it.
            picked = [by_text[_shown_text(states[c])] for c in chosen]
            # Untick first (select N and the bow-tie refuse a pick beyond their count), then tick.
            for c in boxes:
                if c not in chosen:
                    set_state(c, {"value": False})
            for c in chosen:
                set_state(c, {"value": True})
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
