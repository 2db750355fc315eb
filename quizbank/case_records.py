"""Connect a CasePlay to the Store: every choice written the moment it is made, a reload restores the play.

A case attempt is an attempt of kind "case" whose items are the case's step items (so
each step's full answer has a row) and whose settings name the case. Each choice is two
writes, each with the attempt's next sequence number:

1. ``record_answer``: the step item's answer as given (a step that branches on
   correct/incorrect cannot be replayed from its branch alone);
2. ``record_case_choice``: the step and the branch taken (``choice_id`` is the branch: an
   option id, "true"/"false" or "correct"/"incorrect", as the instructor's case report
   reads it) with the step's points.

Reaching an ending submits the attempt (it is closed; its total is the steps' points).
The play's events are written by the outbox (quizbank.services.outbox) that ``start_case``
and ``restore_case`` hand back. ``restore_case`` rebuilds the play from
``load_attempt(...).case_choices`` with ``CasePlay.restore``. Nothing here imports a UI library.

Limitation: a case whose graph revisits a correct/incorrect step (a loop with a way out)
keeps only the last answer to that step's item; its earlier visits are replayed from it
and the restore refuses (ResumeError) if that no longer leads to the recorded branch.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal

from quizbank import items as item_types
from quizbank.case_session import CasePlay
from quizbank.cases import Case
from quizbank.records import ResumeError
from quizbank.scoring import max_points
from quizbank.services.outbox import Outbox
from quizbank.session import Refused
from quizbank.shuffle import shuffle_seed
from quizbank.store import (
    Ack,
    AttemptExists,
    AttemptRecord,
    FinalState,
    ItemSpec,
    Store,
    new_attempt_id,
)

Reveal = Literal["step", "end"]
SETTINGS_VERSION = 1


def case_settings(play: CasePlay) -> dict[str, Any]:
    """What the attempt's settings record about the play (the seed is stored apart)."""
    return {
        "version": SETTINGS_VERSION,
        "case_id": play.case.id,
        "case_version": play.case.version,
        "reveal": play.reveal,
    }


def case_item_specs(case: Case, seed: str) -> list[ItemSpec]:
    """One row per step item of the case (whichever steps the learner reaches)."""
    return [
        ItemSpec(step.item.id, step.item.version, max_points(step.item), shuffle_seed(seed, case.id, step.id))
        for step in case.steps
    ]


def start_case(store: Store, learner_id: str, play: CasePlay, *, session_code: str | None = None) -> Outbox:
    """Store a new case attempt for `play` (seed and settings fixed); the outbox records its future choices.

    Raises AttemptExists when the learner already has an unfinished case here: resume or close it.
    """
    attempt_id = new_attempt_id()
    store.start_attempt(
        learner_id,
        attempt_id=attempt_id,
        kind="case",
        items=case_item_specs(play.case, play.seed),
        settings=case_settings(play),
        seed=play.seed,
        option_orders={},
        started_at=play.started_at,
        session_code=session_code,
    )
    return Outbox(store, learner_id, attempt_id)


def new_play(
    case: Case,
    sources: Mapping[str, Any],
    *,
    reveal: Reveal = "step",
    seed: str | None = None,
    clock: Callable[[], float] = time.time,
) -> CasePlay:
    """A fresh play of `case` with a new random seed (the options' order)."""
    return CasePlay(case, seed=seed or secrets.token_hex(8), sources=sources, reveal=reveal, clock=clock)


def find_open_case(store: Store, learner_id: str, session_code: str | None) -> AttemptRecord | None:
    """The learner's unfinished case attempt here (None: none open)."""
    attempt_id = store.find_open_attempt(learner_id, session_code, "case")
    return None if attempt_id is None else store.load_attempt(learner_id, attempt_id)


def recorded_answers(case: Case, record: AttemptRecord) -> list[tuple[str, Any]]:
    """(step id, response) for every stored choice, in order, ready for CasePlay.restore."""
    answers = []
    for choice in record.case_choices:
        try:
            step = case.step(choice.step_id)
        except KeyError:
            raise ResumeError(f"the case no longer has step {choice.step_id!r}") from None
        if item_types.answer_branches(step.item) is not None:
            response: Any = item_types.branch_answer(step.item, choice.choice_id)
        else:
            row = record.responses.get(step.item.id)
            if row is None or row.answer is None:
                raise ResumeError(f"no stored answer for step {step.id!r}")
            response = row.answer
        answers.append((step.id, response))
    return answers


def restore_case(
    store: Store,
    learner_id: str,
    record: AttemptRecord,
    cases: Mapping[str, Case],
    sources: Mapping[str, Any],
    *,
    clock: Callable[[], float] = time.time,
) -> tuple[CasePlay, Outbox]:
    """The stored case attempt as a play in exactly the stored state, with the outbox for its further choices.

    Raises ResumeError when the bank's case no longer fits what was stored.
    """
    settings = record.settings or {}
    case = cases.get(str(settings.get("case_id", "")))
    if case is None:
        raise ResumeError(f"the bank no longer has case {settings.get('case_id')!r}")
    if settings.get("case_version", case.version) != case.version:
        raise ResumeError(f"case {case.id!r} has changed since this attempt was started")
    reveal: Reveal = "end" if settings.get("reveal") == "end" else "step"
    answers = recorded_answers(case, record)
    try:
        play = CasePlay.restore(case, answers, seed=record.seed, sources=sources, reveal=reveal, clock=clock)
    except (Refused, ValueError) as exc:
        raise ResumeError(f"the stored choices no longer fit case {case.id!r}: {exc}") from None
    if [c.branch for c in play.choices] != [c.choice_id for c in record.case_choices]:
        raise ResumeError(f"the stored choices no longer lead the same way through case {case.id!r}")
    play.started_at = record.started_at
    outbox = Outbox(store, learner_id, record.attempt_id, next_seq=record.last_seq + 1)
    if play.finished and not record.submitted:  # the ending was reached but the closing write was lost
        outbox.send([play.ended(clock())])
    return play, outbox


def close_case(
    store: Store, learner_id: str, record: AttemptRecord, case: Case | None = None, *, at: float | None = None
) -> Ack:
    """Close an unfinished case attempt (to start another case): its choices stay as they are.

    With `case`, each answered step item keeps its points; without (the case is gone), they count 0.
    """
    finals = []
    if case is not None:
        last = {c.step_id: c for c in record.case_choices}
        for step_id, choice in last.items():
            try:
                item_id = case.step(step_id).item.id
            except KeyError:
                continue
            row = record.responses.get(item_id)
            if row is not None:
                finals.append(FinalState(item_id, row.answer, choice.points or 0.0, 1))
    return store.submit_attempt(
        learner_id, record.attempt_id, finals, seq=record.last_seq + 1, at=time.time() if at is None else at
    )


def open_or_start(
    store: Store,
    learner_id: str,
    play: CasePlay,
    *,
    session_code: str | None = None,
    cases: Mapping[str, Case] | None = None,
) -> Outbox:
    """`start_case`, first closing the learner's unfinished case here if there is one (`cases`: the
    bank's cases, to keep that attempt's points)."""
    try:
        return start_case(store, learner_id, play, session_code=session_code)
    except AttemptExists:
        record = find_open_case(store, learner_id, session_code)
        if record is not None:
            close_case(store, learner_id, record, (cases or {}).get(str(record.settings.get("case_id", ""))))
        return start_case(store, learner_id, play, session_code=session_code)


__all__ = [
    "case_item_specs",
    "case_settings",
    "close_case",
    "find_open_case",
    "new_play",
    "open_or_start",
    "recorded_answers",
    "restore_case",
    "start_case",
]
