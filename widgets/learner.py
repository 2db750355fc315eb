"""Who is using the page, and where their records go: handed to every screen."""

from __future__ import annotations

from dataclasses import dataclass

from quizbank.services.records_access import Records


@dataclass(frozen=True)
class LearnerContext:
    """The learner's id and name, the store that keeps their records, and a class code if they joined one.

    `store` is None only where nothing is to be saved (tests of a single widget).
    """

    learner_id: str
    display_name: str
    store: Records | None = None
    session_code: str | None = None
