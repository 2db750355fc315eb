"""A sentence with drop-down blanks, shared by cloze and drop-down rationale items.

Each blank's choices are shown in the attempt's seeded order (bank authors often write
the key first); the drop-downs' values are positions, and "choose..." means no answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as ipw

from quizbank.items.sentence import filled_sentence
from quizbank.models import BLANK_RE, ClozeItem, RationaleItem
from widgets.html import esc, tag
from widgets.items.base import ItemWidget
from widgets.style import classed

NOTHING = -1
PLACEHOLDER = "choose…"
PUNCTUATION = re.compile(r"^[.,;:!?)]+")


class SentenceWidget(ItemWidget[ClozeItem | RationaleItem]):
    """Fill each blank of the sentence from its drop-down."""

    def build(self) -> ipw.Widget:
        self.choices: dict[str, list[str]] = {b.id: self.part_order(b.id) for b in self.item.blanks}
        self.dropdowns: dict[str, ipw.Dropdown] = {}
        pieces: list[ipw.Widget] = []
        sentence = self.item.sentence
        matches = list(BLANK_RE.finditer(sentence))
        text = sentence[: matches[0].start()] if matches else sentence
        if text.strip():
            pieces.append(ipw.HTML(esc(text)))
        for number, match in enumerate(matches, start=1):
            blank = match.group(1)
            options = [(f"({number}) {PLACEHOLDER}", NOTHING)] + [(t, i) for i, t in enumerate(self.choices[blank])]
            # The label names the blank for screen readers; CSS hides it (the sentence is the visible label).
            dropdown = classed(
                ipw.Dropdown(options=options, value=NOTHING, description=f"Blank {number} of {len(matches)}"),
                "cq-blank",
            )
            dropdown.observe(self.changed, names="value")
            self.dropdowns[blank] = dropdown
            end = matches[number].start() if number < len(matches) else len(sentence)
            following = sentence[match.end() : end]
            stuck = PUNCTUATION.match(following)
            if stuck:  # keep "." or "," with its blank instead of alone on the next line
                mark = ipw.HTML(esc(stuck.group()))
                pieces.append(ipw.HBox([dropdown, mark], layout=ipw.Layout(align_items="center", max_width="100%")))
                following = following[stuck.end() :]
            else:
                pieces.append(dropdown)
            if following.strip():
                pieces.append(ipw.HTML(esc(following)))
        self.preview = classed(ipw.HTML(""), "cq-muted")
        self._preview()
        sentence_box = classed(
            ipw.HBox(pieces, layout=ipw.Layout(flex_flow="row wrap", align_items="center", width="100%")), "cq-sentence"
        )
        return classed(ipw.VBox([sentence_box, self.preview]), "cq-card")

    def _preview(self) -> None:
        """The whole sentence as chosen so far (a phone cuts long choices off in the drop-down)."""
        chosen = {
            blank: self.choices[blank][dropdown.value]
            for blank, dropdown in self.dropdowns.items()
            if dropdown.value != NOTHING
        }
        self.preview.value = tag("p", "Your sentence: " + filled_sentence(self.item, chosen)) if chosen else ""

    def changed(self, *args: Any) -> None:
        self._preview()
        super().changed(*args)

    def response(self) -> Any:
        chosen = {
            blank: self.choices[blank][dropdown.value]
            for blank, dropdown in self.dropdowns.items()
            if dropdown.value != NOTHING
        }
        return chosen or None

    def _show(self, response: Any) -> None:
        chosen = response or {}
        for blank, dropdown in self.dropdowns.items():
            dropdown.value = self.choices[blank].index(chosen[blank]) if blank in chosen else NOTHING
        self._preview()

    def controls(self) -> Iterator[ipw.DOMWidget]:
        yield from self.dropdowns.values()
