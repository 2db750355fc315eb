"""One YAML file of the bank: objectives, items and unfolding cases."""

from __future__ import annotations

from typing import Literal

from quizbank.cases import Case
from quizbank.fields import Objective, Strict
from quizbank.items import Item


class BankFile(Strict):
    """One YAML file of the bank."""

    schema_version: Literal[1]
    objectives: list[Objective] = []
    items: list[Item] = []
    cases: list[Case] = []  # unfolding case scenarios, defined in quizbank/cases.py
