"""The pieces of an item the rules look at: its choice parts, options and lead-in, and a rule's hit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizbank import models as m
from quizbank.lint.text import bare, normalise, sentences

Path = tuple[str | int, ...]  # a field inside an item's YAML: ("options", 2, "text")


@dataclass(frozen=True)
class Hit:
    """A rule's finding before it is located: the item, the field inside it, and the reason.

    `case` is (case id, step id) when the item is a case step's; `also_waived_by` names other
    items whose waiver of the rule silences the hit too (the other item of a pair)."""

    rule: str
    item: str | None
    path: Path
    message: str
    case: tuple[str, str] | None = None
    also_waived_by: tuple[str, ...] = ()
    error: bool = False  # a bank-level error, whatever the rule's usual severity


@dataclass(frozen=True)
class Choice:
    """One choice a learner sees in a part: its text, where it stands, a label, and whether it is keyed."""

    text: str
    path: Path
    label: str
    key: bool


@dataclass(frozen=True)
class Part:
    """A set of choices with a key among them: an item's options, one blank, or one bow-tie slot.

    `lead` is the text the choices answer or complete: the stem, or a blank's sentence."""

    name: str
    lead: str
    choices: tuple[Choice, ...]

    @property
    def keys(self) -> list[Choice]:
        return [c for c in self.choices if c.key]

    @property
    def distractors(self) -> list[Choice]:
        return [c for c in self.choices if not c.key]

    def where(self) -> str:
        """How a message names this part: '' for an item's options, " in blank 'dose'" otherwise."""
        return f" in {self.name}" if self.name else ""


_MARKER = re.compile(r"\{\{\s*[a-z0-9][a-z0-9._-]*\s*\}\}")


def _options(item: m.ChoiceItem, keys: set[str]) -> Part:
    choices = tuple(
        Choice(o.text, ("options", i, "text"), f"option {o.id}", o.id in keys) for i, o in enumerate(item.options)
    )
    return Part("", item.stem, choices)


def sentence_text(item: m.ClozeItem | m.RationaleItem) -> str:
    """The sentence of a cloze or drop-down rationale with its blanks left out."""
    return " ".join(_MARKER.sub(" ", item.sentence).split())


def parts(item: m.Item) -> list[Part]:
    """The choice parts of an item (none for true/false, matrix, ordering and highlight items)."""
    if isinstance(item, m.SingleItem):
        return [_options(item, {item.key})]
    if isinstance(item, (m.SelectAllItem, m.SelectNItem)):
        return [_options(item, set(item.key))]
    if isinstance(item, (m.ClozeItem, m.RationaleItem)):
        found = []
        for b_index, blank in enumerate(item.blanks):
            choices = tuple(
                Choice(text, ("blanks", b_index, "options", i), f'"{text}"', text == blank.key)
                for i, text in enumerate(blank.options)
            )
            found.append(Part(f"blank '{blank.id}'", sentence_text(item), choices))
        return found
    if isinstance(item, m.BowtieItem):
        found = []
        for name in ("condition", "actions", "parameters"):
            slot: m.BowtieSlot = getattr(item, name)
            choices = tuple(
                Choice(o.text, (name, "options", i, "text"), f"{name} option {o.id}", o.id in slot.key)
                for i, o in enumerate(slot.options)
            )
            found.append(Part(f"the {name} slot", item.stem, choices))
        return found
    return []


def shown_choices(item: m.Item) -> list[Choice]:
    """Every choice text a learner picks from, keyed or not, matrix columns included."""
    if isinstance(item, m.MatrixItem):
        return [Choice(c.text, ("columns", i, "text"), f"column {c.id}", False) for i, c in enumerate(item.columns)]
    if isinstance(item, m.OrderingItem):
        return [Choice(o.text, ("options", i, "text"), f"option {o.id}", True) for i, o in enumerate(item.options)]
    return [choice for part in parts(item) for choice in part.choices]


def question_text(item: m.Item) -> str:
    """What the item asks: its stem, and for a cloze or drop-down rationale also its sentence."""
    if isinstance(item, (m.ClozeItem, m.RationaleItem)):
        return f"{item.stem} {sentence_text(item)}"
    return item.stem


def key_signature(item: m.Item) -> tuple[str, ...]:
    """The key written out as text (what the learner must pick), to find items with the same key."""

    def texts(options: list[m.Option], keys: list[str]) -> list[str]:
        return [normalise(o.text) for o in options if o.id in keys]

    if isinstance(item, m.SingleItem):
        found = texts(item.options, [item.key])
    elif isinstance(item, (m.SelectAllItem, m.SelectNItem)):
        found = sorted(texts(item.options, item.key))
    elif isinstance(item, m.TrueFalseItem):
        found = [str(item.key)]
    elif isinstance(item, m.MatrixItem):
        columns = {c.id: normalise(c.text) for c in item.columns}
        found = sorted(f"{normalise(r.text)} -> {columns[item.key[r.id]]}" for r in item.rows)
    elif isinstance(item, (m.ClozeItem, m.RationaleItem)):
        found = [normalise(b.key) for b in item.blanks]
    elif isinstance(item, m.OrderingItem):
        by_id = {o.id: normalise(o.text) for o in item.options}
        found = [by_id[k] for k in item.key]
    elif isinstance(item, m.HighlightItem):
        found = sorted(normalise(s.text) for s in item.segments if s.id in item.key)
    else:
        found = [
            "; ".join(sorted(texts(getattr(item, slot).options, getattr(item, slot).key)))
            for slot in ("condition", "actions", "parameters")
        ]
    return (item.type, *found)


def all_texts(item: m.Item) -> list[str]:
    """The texts of every option, row, column, segment or blank choice (to compare two items)."""
    if isinstance(item, m.ChoiceItem):
        return [o.text for o in item.options]
    if isinstance(item, m.MatrixItem):
        return [r.text for r in item.rows] + [c.text for c in item.columns]
    if isinstance(item, (m.ClozeItem, m.RationaleItem)):
        return [text for blank in item.blanks for text in blank.options]
    if isinstance(item, m.HighlightItem):
        return [s.text for s in item.segments]
    if isinstance(item, m.BowtieItem):
        return [o.text for slot in ("condition", "actions", "parameters") for o in getattr(item, slot).options]
    return []


def lead_in(item: m.Item, instructions: tuple[str, ...] = ()) -> str:
    """The sentence that asks the question: the last one ending in '?', else the last one that is not an
    instruction (a true/false statement is all lead-in)."""
    if isinstance(item, m.TrueFalseItem):
        return item.stem
    found = sentences(item.stem)
    asking = [s for s in found if s.rstrip("\"')").endswith("?")]
    if asking:
        return asking[-1]
    telling = [s for s in found if bare(s) not in instructions]
    return (telling or found or [item.stem])[-1]
