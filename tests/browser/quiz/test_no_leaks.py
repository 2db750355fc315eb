"""Nothing about correctness reaches the browser before it is allowed.

Every websocket frame (both ways) and the page's HTML are searched for the rationales,
the per-option feedback, the cited passages and the verdict words: none may appear
before submission (exam) or before the item is final (practice). After that they do
appear, which shows the search would have found them.
"""

from __future__ import annotations

import html
import json

import pytest

from tests.support import quiz_ui as ui
from tests.support.browser_api import expect

from quizbank.loader import load_bank

pytestmark = pytest.mark.browser

VERDICT_WORDS = ["✓ Correct", "✗ Not right", "◐ Partly right", "The answer", "You scored", "Why"]


def public_texts(item) -> list[str]:
    """Everything the learner is shown while answering."""
    texts = [item.stem]
    for name in ("options", "segments", "rows", "columns"):
        texts += [o.text for o in getattr(item, name, None) or []]
    if hasattr(item, "sentence"):
        texts.append(item.sentence)
        for blank in item.blanks:
            texts += list(blank.options)
    for slot in ("condition", "actions", "parameters"):
        if hasattr(item, slot):
            texts += [o.text for o in getattr(item, slot).options]
    return texts


def secrets_of(item) -> list[str]:
    """Texts only feedback may show: rationale, option feedback, cited passages."""
    found = [item.rationale]
    for name in ("options", "segments", "rows", "columns"):
        found += [o.feedback for o in getattr(item, name, None) or [] if getattr(o, "feedback", None)]
    found += [t for t in (getattr(item, "feedback_true", None), getattr(item, "feedback_false", None)) if t]
    shown = " | ".join(public_texts(item)).lower()
    found += [c.quote for c in item.citations if c.quote.rstrip(".").lower() not in shown]
    return found


def forms(text: str) -> set[str]:
    """The ways a text can travel: as is, HTML-escaped, inside JSON."""
    escaped = html.escape(text, quote=True)
    out = {text, escaped}
    for value in (text, escaped):
        out.add(json.dumps(value)[1:-1])
        out.add(json.dumps(value, ensure_ascii=False)[1:-1])
    return out


def found_in(haystacks: list[str], text: str) -> bool:
    return any(form in hay for hay in haystacks for form in forms(text))


class Wire:
    """Every websocket frame of a page, tagged with the phase it was seen in."""

    def __init__(self, page) -> None:
        self.phase = "before"
        self.frames: dict[str, list[str]] = {}
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        ws.on("framereceived", self._frame)
        ws.on("framesent", self._frame)

    def _frame(self, payload) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, (bytes, bytearray)) else str(payload)
        self.frames.setdefault(self.phase, []).append(text)


def test_exam_frames_and_html_hold_no_feedback_until_submitted(page, voila_url):
    bank = load_bank([ui.TEST_BANK])
    wire = Wire(page)
    ui.open_quiz(page, voila_url)
    ui.start_quiz(page, "exam", "leak-1")
    for number in range(1, 11):
        ui.spec_on_screen(page).right(page)
        ui.wait_answered(page, number)
        if number < 10:
            ui.go_next(page)
    page.get_by_role("button", name="Submit…").click()
    expect(ui.quiz(page).get_by_text("Submit your answers?")).to_be_visible()
    before = wire.frames["before"] + [page.content()]
    assert len(wire.frames["before"]) > 50  # the whole exam went over this wire

    leaks = [(item.id, s) for item in bank.items.values() for s in secrets_of(item) if found_in(before, s)]
    leaks += [("page", w) for w in VERDICT_WORDS if found_in(before, w)]
    assert leaks == [], f"sent before submission: {leaks}"
    quoted = [f'"{i}"' for i in bank.items] + [f"'{i}'" for i in bank.items] + [f'\\"{i}\\"' for i in bank.items]
    assert not [q for q in quoted if any(q in hay for hay in before)], "bank item ids reached the browser"

    wire.phase = "after"
    page.get_by_role("button", name="Yes, submit").click()
    expect(ui.quiz(page).get_by_text("You scored 10 of 10 marks (100%).")).to_be_visible()
    after = wire.frames["after"] + [page.content()]
    for item in bank.items.values():
        assert found_in(after, item.rationale), f"the check missed {item.id}'s rationale after submission"
    assert found_in(after, "✓ Correct")


def test_practice_frames_hold_no_key_until_the_item_is_final(page, voila_url):
    item = load_bank([ui.TEST_BANK]).items["t-single"]
    key_feedback = next(o.feedback for o in item.options if o.id == item.key)
    wrong_feedback = next(o.feedback for o in item.options if o.text == "Insulin")
    wire = Wire(page)
    ui.open_quiz(page, voila_url, "?topic=mechanism")
    ui.start_quiz(page, "practice", "leak-2", count=1)
    ui.radio(page, "Insulin")
    ui.wait_answered(page, 1)
    page.get_by_role("button", name="Check answer").click()
    expect(ui.quiz(page).locator(".cq-verdict")).to_contain_text("Not yet")
    seen = wire.frames["before"] + [page.content()]
    assert found_in(seen, wrong_feedback)  # feedback on the chosen option is allowed
    for secret in [item.rationale, key_feedback, "The answer", *(c.quote for c in item.citations)]:
        assert not found_in(seen, secret), f"sent before the item was final: {secret!r}"

    wire.phase = "after"
    ui.radio(page, "Interleukin-1 (IL-1)")
    page.get_by_role("button", name="Check answer").click()
    expect(ui.quiz(page).locator(".cq-verdict")).to_contain_text("✓ Correct")
    assert found_in(wire.frames["after"], item.rationale)
