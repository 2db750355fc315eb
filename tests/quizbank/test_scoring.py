"""Every scoring rule as a table of responses and the points they earn.

Items are built in Python through the models, so each table states its own key.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from quizbank.models import Item
from quizbank.scoring import InvalidResponse, Part, Score, check_response, max_points, score

ITEM = TypeAdapter(Item)


def common(item_id: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "stem": "A question about anakinra.",
        "rationale": "What the cited passage says.",
        "objectives": ["basics"],
        "tags": {"topic": "testing"},
        "difficulty": "easy",
        "audience": "both",
        "citations": [{"source": "ebsco-anakinra", "quote": "Anakinra is given once a day as an injection."}],
    }


def options(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "text": f"Option {i}"} for i in ids]


def make(item_type: str, **fields: Any) -> Item:
    return ITEM.validate_python({**common(f"t-{item_type}"), "type": item_type, **fields})


SINGLE = make("single", options=options("a", "b", "c"), key="b")
TRUE_FALSE = make("true_false", key=True)
FALSE_KEY = make("true_false", key=False)
SELECT_ALL = make("select_all", options=options("a", "b", "c", "d", "e"), key=["a", "b", "c"])
SELECT_N = make("select_n", n=2, options=options("a", "b", "c", "d"), key=["a", "c"])
MATRIX = make(
    "matrix",
    rows=[{"id": "r1", "text": "Headache"}, {"id": "r2", "text": "Rash"}, {"id": "r3", "text": "Nausea"}],
    columns=[{"id": "tell", "text": "Tell if lasting"}, {"id": "call", "text": "Call now"}],
    key={"r1": "tell", "r2": "call", "r3": "tell"},
)
CLOZE = make(
    "cloze",
    sentence="Insert at a {{angle}} angle, at least {{depth}}.",
    blanks=[
        {"id": "angle", "options": ["45 to 90-degree", "10 to 15-degree"], "key": "45 to 90-degree"},
        {"id": "depth", "options": ["halfway", "a quarter of the way"], "key": "halfway"},
    ],
)
RATIONALE = make(
    "dropdown_rationale",
    sentence="Press {{action}} because {{reason}}.",
    blanks=[
        {"id": "action", "options": ["dry gauze", "an alcohol wipe"], "key": "dry gauze"},
        {"id": "reason", "options": ["the steps say so", "it is cheaper"], "key": "the steps say so"},
    ],
)
ORDER_PER_POSITION = make(
    "ordering", scoring="per_position", options=options("a", "b", "c", "d"), key=["a", "b", "c", "d"]
)
ORDER_ALL = make("ordering", scoring="all_or_nothing", options=options("a", "b", "c", "d"), key=["a", "b", "c", "d"])
HIGHLIGHT = make(
    "highlight",
    segments=[{"id": f"s{i}", "text": f"Finding {i}."} for i in range(1, 6)],
    key=["s1", "s3"],
)
BOWTIE = make(
    "bowtie",
    condition={"options": options("c1", "c2", "c3"), "key": ["c1"]},
    actions={"options": options("a1", "a2", "a3", "a4"), "key": ["a1", "a2"]},
    parameters={"options": options("p1", "p2", "p3", "p4"), "key": ["p1", "p2"]},
)

# (item, response, points, max points)
TABLE: list[tuple[str, Item, Any, float, float]] = [
    # single best answer: 0/1
    ("single right", SINGLE, "b", 1, 1),
    ("single wrong", SINGLE, "a", 0, 1),
    ("single other wrong", SINGLE, "c", 0, 1),
    ("single unanswered", SINGLE, None, 0, 1),
    # true/false: 0/1
    ("tf true, key true", TRUE_FALSE, True, 1, 1),
    ("tf false, key true", TRUE_FALSE, False, 0, 1),
    ("tf false, key false", FALSE_KEY, False, 1, 1),
    ("tf true, key false", FALSE_KEY, True, 0, 1),
    ("tf unanswered", TRUE_FALSE, None, 0, 1),
    # select all that apply: +1 per right option, -1 per wrong one, floored at 0 (key a, b, c of a-e)
    ("sata all right", SELECT_ALL, ["a", "b", "c"], 3, 3),
    ("sata in another order", SELECT_ALL, ["c", "a", "b"], 3, 3),
    ("sata two right", SELECT_ALL, ["a", "b"], 2, 3),
    ("sata one right", SELECT_ALL, ["c"], 1, 3),
    ("sata two right one wrong", SELECT_ALL, ["a", "b", "d"], 1, 3),
    ("sata all right one wrong", SELECT_ALL, ["a", "b", "c", "d"], 2, 3),
    ("sata everything", SELECT_ALL, ["a", "b", "c", "d", "e"], 1, 3),
    ("sata one right two wrong, floored", SELECT_ALL, ["a", "d", "e"], 0, 3),
    ("sata only wrong, floored", SELECT_ALL, ["d", "e"], 0, 3),
    ("sata nothing chosen", SELECT_ALL, [], 0, 3),
    ("sata tuple", SELECT_ALL, ("a", "b", "c"), 3, 3),
    ("sata unanswered", SELECT_ALL, None, 0, 3),
    # select N: 0/1 per right pick (n = 2, key a, c)
    ("select-n both right", SELECT_N, ["a", "c"], 2, 2),
    ("select-n both right, other order", SELECT_N, ["c", "a"], 2, 2),
    ("select-n one right one wrong", SELECT_N, ["a", "b"], 1, 2),
    ("select-n both wrong", SELECT_N, ["b", "d"], 0, 2),
    ("select-n one pick, right", SELECT_N, ["c"], 1, 2),
    ("select-n no pick", SELECT_N, [], 0, 2),
    # matrix: 0/1 per row
    ("matrix all rows right", MATRIX, {"r1": "tell", "r2": "call", "r3": "tell"}, 3, 3),
    ("matrix one row wrong", MATRIX, {"r1": "tell", "r2": "tell", "r3": "tell"}, 2, 3),
    ("matrix all rows wrong", MATRIX, {"r1": "call", "r2": "tell", "r3": "call"}, 0, 3),
    ("matrix one row answered", MATRIX, {"r2": "call"}, 1, 3),
    ("matrix nothing answered", MATRIX, {}, 0, 3),
    # cloze: 0/1 per blank
    ("cloze both blanks right", CLOZE, {"angle": "45 to 90-degree", "depth": "halfway"}, 2, 2),
    ("cloze one blank right", CLOZE, {"angle": "10 to 15-degree", "depth": "halfway"}, 1, 2),
    ("cloze both blanks wrong", CLOZE, {"angle": "10 to 15-degree", "depth": "a quarter of the way"}, 0, 2),
    ("cloze one blank left out", CLOZE, {"angle": "45 to 90-degree"}, 1, 2),
    # drop-down rationale: a point only when both parts are right
    ("rationale both right", RATIONALE, {"action": "dry gauze", "reason": "the steps say so"}, 1, 1),
    ("rationale action right only", RATIONALE, {"action": "dry gauze", "reason": "it is cheaper"}, 0, 1),
    ("rationale reason right only", RATIONALE, {"action": "an alcohol wipe", "reason": "the steps say so"}, 0, 1),
    ("rationale both wrong", RATIONALE, {"action": "an alcohol wipe", "reason": "it is cheaper"}, 0, 1),
    ("rationale one part left out", RATIONALE, {"action": "dry gauze"}, 0, 1),
    # ordering, per position
    ("per-position right order", ORDER_PER_POSITION, ["a", "b", "c", "d"], 4, 4),
    ("per-position first two swapped", ORDER_PER_POSITION, ["b", "a", "c", "d"], 2, 4),
    ("per-position middle swapped", ORDER_PER_POSITION, ["a", "c", "b", "d"], 2, 4),
    ("per-position reversed", ORDER_PER_POSITION, ["d", "c", "b", "a"], 0, 4),
    ("per-position rotated", ORDER_PER_POSITION, ["b", "c", "d", "a"], 0, 4),
    ("per-position last two swapped", ORDER_PER_POSITION, ["a", "b", "d", "c"], 2, 4),
    # ordering, all or nothing
    ("all-or-nothing right order", ORDER_ALL, ["a", "b", "c", "d"], 1, 1),
    ("all-or-nothing one swap", ORDER_ALL, ["a", "b", "d", "c"], 0, 1),
    ("all-or-nothing reversed", ORDER_ALL, ["d", "c", "b", "a"], 0, 1),
    # highlight: +1 per cue, -1 per non-cue, floored at 0 (cues s1, s3)
    ("highlight both cues", HIGHLIGHT, ["s1", "s3"], 2, 2),
    ("highlight one cue", HIGHLIGHT, ["s3"], 1, 2),
    ("highlight both cues and a non-cue", HIGHLIGHT, ["s1", "s2", "s3"], 1, 2),
    ("highlight one cue one non-cue", HIGHLIGHT, ["s1", "s2"], 0, 2),
    ("highlight one cue two non-cues, floored", HIGHLIGHT, ["s1", "s4", "s5"], 0, 2),
    ("highlight nothing", HIGHLIGHT, [], 0, 2),
    # bow-tie: 0/1 per slot (1 condition, 2 actions, 2 parameters)
    ("bowtie all right", BOWTIE, {"condition": ["c1"], "actions": ["a1", "a2"], "parameters": ["p1", "p2"]}, 5, 5),
    (
        "bowtie order within a slot does not matter",
        BOWTIE,
        {"condition": ["c1"], "actions": ["a2", "a1"], "parameters": ["p2", "p1"]},
        5,
        5,
    ),
    (
        "bowtie wrong condition",
        BOWTIE,
        {"condition": ["c2"], "actions": ["a1", "a2"], "parameters": ["p1", "p2"]},
        4,
        5,
    ),
    (
        "bowtie one wrong action",
        BOWTIE,
        {"condition": ["c1"], "actions": ["a1", "a3"], "parameters": ["p1", "p2"]},
        4,
        5,
    ),
    ("bowtie all wrong", BOWTIE, {"condition": ["c3"], "actions": ["a3", "a4"], "parameters": ["p3", "p4"]}, 0, 5),
    ("bowtie only the condition", BOWTIE, {"condition": ["c1"]}, 1, 5),
    ("bowtie one action of two", BOWTIE, {"condition": ["c1"], "actions": ["a2"], "parameters": []}, 2, 5),
    ("bowtie empty", BOWTIE, {}, 0, 5),
]


@pytest.mark.parametrize("name, item, response, points, most", TABLE, ids=[row[0] for row in TABLE])
def test_scoring_table(name: str, item: Item, response: Any, points: float, most: float):
    result = score(item, response)
    assert isinstance(result, Score)
    assert result.points == points
    assert result.max_points == most
    assert max_points(item) == most
    assert result.correct is (points == most)
    assert result.fraction == pytest.approx(points / most)
    if response is not None:  # the parts add up to the points (the +/- types floored at 0)
        assert result.points == max(0.0, sum(p.points for p in result.parts))
    check_response(item, response)  # a response that scores is well-formed


def test_every_item_type_has_a_table():
    assert {row[1].type for row in TABLE} == {
        "single",
        "true_false",
        "select_all",
        "select_n",
        "matrix",
        "cloze",
        "dropdown_rationale",
        "ordering",
        "highlight",
        "bowtie",
    }


def test_parts_name_what_was_scored():
    sata = score(SELECT_ALL, ["a", "d"])
    assert sata.parts == (
        Part("a", 1.0, 1.0, True),
        Part("b", 0.0, 1.0, False),
        Part("c", 0.0, 1.0, False),
        Part("d", -1.0, 0.0, False),
        Part("e", 0.0, 0.0, True),
    )
    assert sata.points == 0.0  # 1 - 1, floored at 0 anyway
    matrix = score(MATRIX, {"r1": "tell", "r2": "tell"})
    assert [(p.name, p.points, p.correct) for p in matrix.parts] == [
        ("r1", 1.0, True),
        ("r2", 0.0, False),
        ("r3", 0.0, False),
    ]
    ordering = score(ORDER_PER_POSITION, ["b", "a", "c", "d"])
    assert [p.correct for p in ordering.parts] == [False, False, True, True]
    assert [p.name for p in ordering.parts] == ["position 1", "position 2", "position 3", "position 4"]
    bowtie = score(BOWTIE, {"condition": ["c1"], "actions": ["a1", "a3"], "parameters": ["p2"]})
    assert [(p.name, p.points) for p in bowtie.parts] == [
        ("condition 1", 1.0),
        ("actions 1", 1.0),
        ("actions 2", 0.0),
        ("parameters 1", 1.0),
        ("parameters 2", 0.0),
    ]
    rationale = score(RATIONALE, {"action": "dry gauze", "reason": "it is cheaper"})
    assert [(p.name, p.points, p.correct) for p in rationale.parts] == [("action", 0.0, True), ("reason", 0.0, False)]
    both = score(RATIONALE, {"action": "dry gauze", "reason": "the steps say so"})
    assert sum(p.points for p in both.parts) == both.points == 1.0
    assert score(SINGLE, None).parts == ()


INVALID: list[tuple[str, Item, Any]] = [
    ("single unknown option", SINGLE, "z"),
    ("single a list", SINGLE, ["b"]),
    ("single a number", SINGLE, 1),
    ("single true", SINGLE, True),
    ("tf text", TRUE_FALSE, "true"),
    ("tf number 1", TRUE_FALSE, 1),
    ("tf number 0", TRUE_FALSE, 0),
    ("sata text", SELECT_ALL, "abc"),
    ("sata unknown option", SELECT_ALL, ["a", "z"]),
    ("sata same option twice", SELECT_ALL, ["a", "a"]),
    ("sata numbers", SELECT_ALL, [1, 2]),
    ("sata a mapping", SELECT_ALL, {"a": True}),
    ("select-n more than n picks", SELECT_N, ["a", "b", "c"]),
    ("select-n every option", SELECT_N, ["a", "b", "c", "d"]),
    ("select-n same option twice", SELECT_N, ["a", "a"]),
    ("select-n unknown option", SELECT_N, ["a", "x"]),
    ("matrix unknown row", MATRIX, {"r9": "tell"}),
    ("matrix unknown column", MATRIX, {"r1": "phone"}),
    ("matrix a list", MATRIX, ["tell", "call", "tell"]),
    ("matrix a number as column", MATRIX, {"r1": 1}),
    ("cloze choice not offered", CLOZE, {"angle": "30-degree"}),
    ("cloze unknown blank", CLOZE, {"speed": "quick"}),
    ("cloze text", CLOZE, "45 to 90-degree"),
    ("cloze a number", CLOZE, {"angle": 45}),
    ("rationale choice not offered", RATIONALE, {"action": "a cotton ball", "reason": "the steps say so"}),
    ("rationale unknown blank", RATIONALE, {"why": "the steps say so"}),
    ("ordering leaves one out", ORDER_PER_POSITION, ["a", "b", "c"]),
    ("ordering one twice", ORDER_PER_POSITION, ["a", "b", "c", "c"]),
    ("ordering unknown option", ORDER_PER_POSITION, ["a", "b", "c", "z"]),
    ("ordering one extra", ORDER_ALL, ["a", "b", "c", "d", "d"]),
    ("ordering empty", ORDER_ALL, []),
    ("ordering text", ORDER_ALL, "abcd"),
    ("highlight unknown segment", HIGHLIGHT, ["s9"]),
    ("highlight same segment twice", HIGHLIGHT, ["s1", "s1"]),
    ("bowtie two conditions", BOWTIE, {"condition": ["c1", "c2"]}),
    ("bowtie three actions", BOWTIE, {"actions": ["a1", "a2", "a3"]}),
    ("bowtie unknown option", BOWTIE, {"actions": ["x9"]}),
    ("bowtie option of another slot", BOWTIE, {"condition": ["a1"]}),
    ("bowtie unknown slot", BOWTIE, {"condition": ["c1"], "outcome": ["o1"]}),
    ("bowtie slot as text", BOWTIE, {"condition": "c1"}),
    ("bowtie a list", BOWTIE, ["c1", "a1", "a2", "p1", "p2"]),
]


@pytest.mark.parametrize("name, item, response", INVALID, ids=[row[0] for row in INVALID])
def test_malformed_responses_are_refused(name: str, item: Item, response: Any):
    with pytest.raises(InvalidResponse):
        score(item, response)
    with pytest.raises(InvalidResponse):
        check_response(item, response)


def test_invalid_response_is_a_value_error_with_a_reason():
    with pytest.raises(ValueError, match="at most 2 options may be chosen, got 3"):
        score(SELECT_N, ["a", "b", "c"])
    with pytest.raises(InvalidResponse, match="an ordering must place every option"):
        score(ORDER_ALL, ["a", "b"])
    with pytest.raises(InvalidResponse, match="'30-degree' is not a choice of blank 'angle'"):
        score(CLOZE, {"angle": "30-degree"})


def test_none_is_not_answered_for_every_type():
    for _, item, _, _, most in TABLE:
        result = score(item, None)
        assert (result.points, result.max_points, result.correct) == (0.0, most, False)
        check_response(item, None)


def test_scoring_the_shipped_items_with_their_own_keys(small_bank):
    """The key of every item in the small bank, given back as a response, earns every point."""
    keys = {
        "sc-mechanism": "a",
        "tf-once-daily": True,
        "sata-serious": ["a", "b"],
        "sn-sites": ["a", "b"],
        "mx-report": {"r1": "tell", "r2": "call"},
        "cz-angle": {"angle": "45 to 90-degree", "depth": "halfway"},
        "dr-gauze": {"action": "dry gauze", "reason": "the instructions say NOT an alcohol wipe"},
        "ord-steps": ["clean", "cover", "insert"],
        "hl-note": ["s1"],
        "bt-foam": {"condition": ["c1"], "actions": ["a1", "a2"], "parameters": ["p1", "p2"]},
    }
    assert set(keys) == set(small_bank.items)
    for item_id, response in keys.items():
        result = score(small_bank.items[item_id], response)
        assert result.correct and result.points == max_points(small_bank.items[item_id]) > 0, item_id
