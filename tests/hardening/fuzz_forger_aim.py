"""The widget fuzzer's targets and values: the learner it must not touch, the widget kinds and keys
it aims at, and the forger's state with the choice of widget and value (fuzz_forger.py sends)."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

from tests.hardening import fuzz_wire as fw

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


@dataclass(frozen=True)
class Victim:
    """Another learner of the same class, whose records no forged message may touch."""

    learner_id: str
    attempt_ids: tuple[str, ...]
    seeds: tuple[str, ...]


# -- the forger -------------------------------------------------------------------------------


def nested(depth: int, rng: Random) -> str:
    """JSON text nested `depth` deep (built as text: encoders refuse such depths)."""
    opening, closing = ("[", "]") if rng.random() < 0.5 else ('{"a":', "}")
    return opening * depth + "0" + closing * depth


class ForgerAim:
    """The forger's state: which widgets are live or protected, and values to send them."""

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
