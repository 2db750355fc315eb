"""The learner's answer and the key, in words, for feedback and the review page.

`key_lines` reads the key only through a final Feedback (the Attempt builds one only
when the mode allows), so nothing here can show a key early.
"""

from __future__ import annotations

from typing import Any

from quizbank.models import BLANK_RE, Item
from quizbank.session import Feedback

NO_ANSWER = "(no answer)"
BOWTIE_SLOTS = (("condition", "Condition"), ("actions", "Actions"), ("parameters", "Parameters"))


def _texts(item: Item) -> dict[str, str]:
    options = getattr(item, "options", None) or getattr(item, "segments", None) or []
    return {o.id: o.text for o in options}


def filled_sentence(item: Item, chosen: dict[str, str]) -> str:
    """The sentence of a cloze or drop-down rationale item with [choices] in its blanks."""
    sentence: str = getattr(item, "sentence", "")
    return BLANK_RE.sub(lambda m: f"[{chosen.get(m.group(1), '…')}]", sentence)


def response_lines(item: Item, response: Any) -> list[str]:
    """The learner's answer as lines of plain text."""
    if response is None:
        return [NO_ANSWER]
    if item.type == "true_false":
        return ["True" if response else "False"]
    if item.type == "single":
        return [_texts(item).get(response, NO_ANSWER)]
    if item.type in ("select_all", "select_n", "highlight"):
        texts = _texts(item)
        return [texts[o] for o in response] or [NO_ANSWER]
    if item.type == "ordering":
        texts = _texts(item)
        return [f"{i}. {texts[o]}" for i, o in enumerate(response, start=1)]
    if item.type == "matrix":
        columns = {c.id: c.text for c in item.columns}
        return [f"{r.text}: {columns[response[r.id]] if r.id in response else NO_ANSWER}" for r in item.rows]
    if item.type in ("cloze", "dropdown_rationale"):
        return [filled_sentence(item, response)]
    lines = []
    for slot, title in BOWTIE_SLOTS:
        texts = {o.id: o.text for o in getattr(item, slot).options}
        picked = [texts[o] for o in response.get(slot, [])]
        lines.append(f"{title}: {'; '.join(picked) if picked else NO_ANSWER}")
    return lines


def key_lines(item: Item, feedback: Feedback) -> list[str]:
    """The key as lines of plain text; empty unless the feedback is final."""
    if not feedback.final:
        return []
    if item.type in ("cloze", "dropdown_rationale"):
        return [filled_sentence(item, {b.id: b.key for b in item.blanks})]
    if item.type == "bowtie":
        return [line[:1].upper() + line[1:] for line in feedback.key_text]
    return list(feedback.key_text)


def chosen_label(item: Item, option_id: str) -> str:
    """The on-screen text of a chosen option (for per-option feedback)."""
    if item.type == "true_false":
        return "True" if option_id == "true" else "False"
    return _texts(item).get(option_id, option_id)
