"""Generated valid banks for the property tests (the YAML writer is in bank_yaml.py, the one-field
mutations in bank_mutations.py).

- `banks()` draws a valid one-file bank as plain data: objectives, then one to four items of
  any of the ten types, with valid keys and citations whose quotes are real spans of words
  from the source documents (quizbank.sources.load_sources passages).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from quizbank import models
from quizbank.sources import load_sources

SOURCES = load_sources()
PASSAGES = [(doc.id, p.text) for doc in SOURCES.values() for p in doc.passages if len(p.text) >= 12]
ITEM_TYPES = models.ITEM_TYPES
MODEL_OF_TYPE: dict[str, type[BaseModel]] = {
    "single": models.SingleItem,
    "true_false": models.TrueFalseItem,
    "select_all": models.SelectAllItem,
    "select_n": models.SelectNItem,
    "matrix": models.MatrixItem,
    "cloze": models.ClozeItem,
    "dropdown_rationale": models.RationaleItem,
    "ordering": models.OrderingItem,
    "highlight": models.HighlightItem,
    "bowtie": models.BowtieItem,
}

# --- valid banks --------------------------------------------------------------------------

_ID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789"
# Ids as the models take them (^[a-z0-9][a-z0-9._-]*$), built directly: from_regex is slow here.
IDS = st.builds(str.__add__, st.sampled_from(_ID_FIRST), st.text(alphabet=_ID_FIRST + "._-", max_size=10))
# Letters, digits, punctuation, symbols and spaces of every script: what a person can type.
CHARS = st.characters(categories=("L", "N", "P", "S", "Zs"))
TRICKY = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "off",
        "Yes",
        "NO",
        "y",
        "n",
        "010",
        "0x1F",
        "1:10",
        "2016-07-14",
        "1_000",
        ".inf",
        "1e3",
        "null",
        "~",
        "true",
        "False",
        "- a",
        "a: b",
        "# not a comment",
        "&anchor",
        "*alias",
        "!tag",
        "%",
        "@",
        "`",
        "{{x}}",
        "<b>bold</b>",
        "it's",
        'say "hi"',
        "back\\slash",
        "tab\there",
        "  padded  ",
        "é",
        "\u2019",
        "\u00a0",
    ]
)
TEXTS = st.one_of(st.text(CHARS, min_size=1, max_size=40), TRICKY)
# Sentence pieces around {{blank}} markers: no braces, so no marker by accident.
PIECES = st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="{}"), max_size=25)


@st.composite
def quotes(draw: st.DrawFn) -> dict[str, str]:
    """A citation: a run of whole words (at least 12 characters) from one passage of a source."""
    source, passage = draw(st.sampled_from(PASSAGES))
    words = passage.split()
    start = draw(st.integers(0, len(words) - 1))
    end = start + 1
    while end <= len(words) and len(" ".join(words[start:end])) < 12:
        end += 1
    if end > len(words):  # too few words left after `start`: take the passage from its start
        start, end = 0, 1
        while len(" ".join(words[:end])) < 12:
            end += 1
    end = draw(st.integers(end, len(words)))
    quote = " ".join(words[start:end])
    assert SOURCES[source].contains(quote), (source, quote)
    return {"source": source, "quote": quote}


def unique_ids(size: tuple[int, int]) -> st.SearchStrategy[list[str]]:
    return st.lists(IDS, min_size=size[0], max_size=size[1], unique=True)


@st.composite
def options(draw: st.DrawFn, low: int, high: int, *, feedback: bool = True) -> list[dict[str, Any]]:
    result = []
    for option_id in draw(unique_ids((low, high))):
        option: dict[str, Any] = {"id": option_id, "text": draw(TEXTS)}
        if feedback and draw(st.booleans()):
            option["feedback"] = draw(TEXTS)
        if draw(st.integers(0, 5)) == 0:
            option["pinned"] = draw(st.booleans())
        result.append(option)
    return result


@st.composite
def blanks(draw: st.DrawFn, count: int) -> tuple[str, list[dict[str, Any]]]:
    ids = draw(unique_ids((count, count)))
    sentence = draw(PIECES)
    made = []
    for blank_id in ids:
        choices = draw(st.lists(TEXTS, min_size=2, max_size=4, unique=True))
        made.append({"id": blank_id, "options": choices, "key": draw(st.sampled_from(choices))})
        marker = draw(st.sampled_from(["{{%s}}", "{{ %s }}"])) % blank_id
        sentence += marker + draw(PIECES)
    return sentence, made


@st.composite
def slot(draw: st.DrawFn, picks: int) -> dict[str, Any]:
    opts = draw(options(picks + 1, picks + 3, feedback=False))
    key = draw(st.permutations([o["id"] for o in opts]))[:picks]
    return {"options": opts, "key": list(key)}


@st.composite
def items(draw: st.DrawFn, item_id: str, objective_ids: list[str]) -> dict[str, Any]:
    """One valid item of a drawn type."""
    kind = draw(st.sampled_from(ITEM_TYPES))
    item: dict[str, Any] = {"id": item_id, "type": kind}
    if draw(st.integers(0, 4)) == 0:
        item["version"] = draw(st.integers(1, 5))
    item["stem"] = draw(TEXTS)
    if kind == "single":
        item["options"] = draw(options(2, 6))
        item["key"] = draw(st.sampled_from([o["id"] for o in item["options"]]))
    elif kind == "true_false":
        item["key"] = draw(st.booleans())
        for name in ("feedback_true", "feedback_false"):
            if draw(st.booleans()):
                item[name] = draw(TEXTS)
    elif kind == "select_all":
        item["options"] = draw(options(2, 6))
        ids = [o["id"] for o in item["options"]]
        item["key"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    elif kind == "select_n":
        item["options"] = draw(options(3, 6))
        ids = [o["id"] for o in item["options"]]
        item["n"] = draw(st.integers(1, len(ids) - 1))
        item["key"] = list(draw(st.permutations(ids))[: item["n"]])
    elif kind == "matrix":
        rows = draw(unique_ids((2, 5)))
        item["rows"] = [
            {"id": r, "text": draw(TEXTS)} | ({"feedback": draw(TEXTS)} if draw(st.booleans()) else {}) for r in rows
        ]
        item["columns"] = draw(options(2, 4, feedback=False))
        columns = [c["id"] for c in item["columns"]]
        item["key"] = {r: draw(st.sampled_from(columns)) for r in rows}
    elif kind in ("cloze", "dropdown_rationale"):
        item["sentence"], item["blanks"] = draw(blanks(2 if kind == "dropdown_rationale" else draw(st.integers(1, 3))))
    elif kind == "ordering":
        item["options"] = draw(options(2, 6, feedback=False))
        item["key"] = list(draw(st.permutations([o["id"] for o in item["options"]])))
        item["scoring"] = draw(st.sampled_from(["all_or_nothing", "per_position"]))
    elif kind == "highlight":
        item["segments"] = draw(options(2, 8))
        ids = [s["id"] for s in item["segments"]]
        item["key"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    elif kind == "bowtie":
        item["condition"], item["actions"], item["parameters"] = draw(slot(1)), draw(slot(2)), draw(slot(2))
    item["rationale"] = draw(TEXTS)
    item["objectives"] = draw(st.lists(st.sampled_from(objective_ids), min_size=1, max_size=2, unique=True))
    tags: dict[str, Any] = {"topic": draw(IDS)}
    if draw(st.booleans()):
        tags["drug"] = draw(IDS)
    if draw(st.booleans()):
        tags["judgment_step"] = draw(st.sampled_from(models.JUDGMENT_STEPS))
    item["tags"] = tags
    item["difficulty"] = draw(st.sampled_from(["easy", "medium", "hard"]))
    item["audience"] = draw(st.sampled_from(["nursing", "pharmacy", "both"]))
    item["citations"] = draw(st.lists(quotes(), min_size=1, max_size=2))
    return item


@st.composite
def banks(draw: st.DrawFn, max_items: int = 4) -> dict[str, Any]:
    """A valid one-file bank: schema_version, objectives and one to `max_items` items."""
    objective_ids = draw(unique_ids((1, 3)))
    item_ids = draw(unique_ids((1, max_items)))
    return {
        "schema_version": 1,
        "objectives": [{"id": o, "text": draw(TEXTS)} for o in objective_ids],
        "items": [draw(items(i, objective_ids)) for i in item_ids],
    }
