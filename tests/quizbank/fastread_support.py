"""What the fast-reader tests share: their example settings, the corpus and shipped files, and the
checks that the fast and strict readers (and loads) agree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from pydantic import ValidationError

from tests.support.banks import MALFORMED_DIR

from quizbank import fastread
from quizbank.bankfile import BankFile
from quizbank.errors import BankError
from quizbank.loader import DEFAULT_BANK, load_bank
from quizbank.yamlread import MAX_DEPTH, load_yaml

EXAMPLES = int(os.environ.get("CLINQUIZ_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=EXAMPLES <= 150,
)
SHIPPED = sorted(DEFAULT_BANK.glob("*.yaml"))
CORPUS = sorted(MALFORMED_DIR.iterdir())
REFUSED = object()


def strict_values(text: str) -> Any:
    """What the strict reader makes of `text`, or REFUSED."""
    try:
        return load_yaml(text, "f").data
    except (BankError, ValueError):  # ValueError: an int longer than Python converts
        return REFUSED


def identical(one: Any, other: Any) -> bool:
    """Equal values of the very same types, mappings in the same key order."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(identical(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(identical(a, b) for a, b in zip(one, other))
    return one == other


def key_not_text(value: Any) -> bool:
    """Whether some mapping in `value` has a key that is not text."""
    if isinstance(value, dict):
        return any(not isinstance(k, str) or key_not_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(key_not_text(v) for v in value)
    return False


def nesting(value: Any) -> int:
    """Levels of lists and mappings, as the strict reader counts them."""
    if isinstance(value, dict):
        return 1 + max((nesting(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((nesting(v) for v in value), default=0)
    return 0


def assert_reader_agrees(text: str) -> None:
    """The fast reader declines, or answers exactly as the strict reader does."""
    fast = fastread.read(text)
    if fast is None:
        return
    strict = strict_values(text)
    if strict is not REFUSED and identical(fast, strict):
        return
    # What the fast reader leaves to the models, which refuse it (see the tests further down):
    if key_not_text(fast):
        # yaml_rs reads keys such as `1:`, `true:`, `~:`, an empty key or `? [a]` as numbers,
        # booleans, null or tuples where the strict reader keeps text or refuses them.
        with pytest.raises(ValidationError):
            BankFile.model_validate(fast)
        return
    assert strict is REFUSED, f"the readers differ on {text!r}"
    with pytest.raises(BankError, match="nested more than"):  # nesting deeper than the strict reader allows
        load_yaml(text, "f")
    assert nesting(fast) >= MAX_DEPTH, text


def outcome(paths: list[Path], fast: bool) -> tuple[Any, ...]:
    """Everything a load gives: the bank (items in order, objectives, cases, origins) or the problems."""
    try:
        bank = load_bank(paths, fast=fast)
    except BankError as exc:
        return ("problems", exc.problems)
    return ("bank", list(bank.items), bank.items, bank.objectives, bank.cases, dict(bank.origins))


def assert_loads_agree(paths: list[Path]) -> None:
    assert outcome(paths, fast=True) == outcome(paths, fast=False)
