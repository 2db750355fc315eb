"""The flow-depth scan that lets the bank reader's own nesting limit fire before any YAML library's."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizbank.loader import DEFAULT_BANK
from quizbank.yamldepth import too_deep

TRICKY = st.text(alphabet=list("ab []{}'\"#:,-|>?&!*\n\\"), max_size=12)
VALUES = st.recursive(
    TRICKY | st.integers() | st.booleans(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TRICKY, inner, max_size=4),
    max_leaves=30,
)


def depth(value: Any) -> int:
    """How many lists and mappings are nested at the deepest point of `value`."""
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=400, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=6))
def test_in_flow_style_the_scan_finds_exactly_the_levels_beyond_the_limit(value: Any, limit: int):
    text = yaml.safe_dump({"items": value}, default_flow_style=True, width=60)
    levels = 1 + depth(value)  # the document's own mapping is a flow level too
    found = too_deep(text, limit)
    assert (found is not None) == (levels > limit), text
    if found is not None:
        assert text[found] in "[{"


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_in_block_style_text_with_brackets_is_not_nesting(value: Any):
    text = yaml.safe_dump({"items": value}, default_flow_style=False, width=40)
    assert too_deep(text, 1) is None, text  # only empty lists and mappings ([] and {}) are written in flow style


@pytest.mark.parametrize("path", sorted(DEFAULT_BANK.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_bank_is_not_flagged(path):
    assert too_deep(path.read_text(encoding="utf-8"), 2) is None


@pytest.mark.parametrize(
    "text",
    [
        "stem: " + "it's [a] " * 110_000,
        "items: [" + "'x', " * 200_000 + "]",
        "a: " + "'" * 1_000_000,
        "[" * 31 + "]" * 500_000,
    ],
    ids=["apostrophes", "quoted-entries", "quotes", "closing-brackets"],
)
def test_a_megabyte_on_one_line_is_scanned(text: str):
    """Each of these took minutes when a scan looked back to the start of the line at every mark."""
    assert too_deep(text, 32) is None
