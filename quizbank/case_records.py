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
``restore_case`` rebuilds the play from ``load_attempt(...).case_choices`` with
``CasePlay.restore``. Nothing here imports a UI library.

Limitation: a case whose graph revisits a correct/incorrect step (a loop with a way out)
keeps only the last answer to that step's item; its earlier visits are replayed from it
and the restore refuses (ResumeError) if that no longer leads to the recorded branch.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from quizbank.case_session import CasePlay, Choice
from quizbank.cases import Case
from quizbank.records import Conflict, ResumeError
from quizbank.scoring import max_points
from quizbank.session import Refused
from quizbank.store import (
    Ack,
    AttemptExists,
    AttemptRecord,
    FinalState,
    ItemSpec,
    Store,
    StoreBusy,
    StoreError,
    new_attempt_id,
)

Reveal = Literal["step", "end"]
SETTINGS_VERSION = 1
Write = Callable[[int], Ack]


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
        ItemSpec(step.item.id, step.item.version, max_points(step.item), f"{seed}:{case.id}:{step.id}")
        for step in case.steps
    ]


@dataclass
class CaseRecorder:
    """The listener that writes every Choice of a play; never raises into the play.

    `status` after each choice: "saved", "pending" (the database stayed busy: the writes are
    kept and sent first on the next choice or `flush`), "conflict" (another window wrote this
    attempt: reload) or "error" (the store refused, e.g. the class session was closed).
    """

    store: Store
    learner_id: str
    attempt_id: str
    case: Case
    next_seq: int = 1
    choices: list[Choice] = field(default_factory=list)
    pending: list[tuple[int, Write]] = field(default_factory=list)
    status: str = "saved"
    problem: str = ""

    def __call__(self, choice: Choice) -> None:
        self.choices.append(choice)
        self._queue(self._answer_write(choice))
        self._queue(self._choice_write(choice))
        if self.case.is_ending(choice.next):
            self._queue(self._submit_write(choice.at))
        self.flush_quietly()

    @property
    def saved(self) -> bool:
        return self.status == "saved" and not self.pending

    def _queue(self, write: Write) -> None:
        self.pending.append((self.next_seq, write))
        self.next_seq += 1

    def flush(self) -> Ack | None:
        """Send every pending write in order. Raises StoreBusy (the rest stays pending), Conflict
        (another window wrote first) or a StoreError the store raised (that write is dropped)."""
        last = None
        while self.pending:
            seq, write = self.pending[0]
            try:
                ack = write(seq)
            except StoreBusy:
                raise
            except BaseException:
                self.pending.pop(0)
                raise
            self.pending.pop(0)
            last = ack
            if ack.status == "stale":
                self.pending.clear()
                raise Conflict("this case was changed in another window; reload the page")
        return last

    def flush_quietly(self) -> str:
        """`flush`, turning what goes wrong into `status` and `problem` (for the screen)."""
        try:
            self.flush()
        except StoreBusy as exc:
            self.status, self.problem = "pending", str(exc)
        except Conflict as exc:
            self.status, self.problem = "conflict", str(exc)
        except StoreError as exc:
            self.status, self.problem = "error", str(exc)
        else:
            self.status, self.problem = "saved", ""
        return self.status

    def _answer_write(self, choice: Choice) -> Write:
        store, learner, attempt = self.store, self.learner_id, self.attempt_id
        return lambda seq: store.record_answer(learner, attempt, choice.item_id, choice.response, seq=seq, at=choice.at)

    def _choice_write(self, choice: Choice) -> Write:
        store, learner, attempt = self.store, self.learner_id, self.attempt_id
        return lambda seq: store.record_case_choice(
            learner,
            attempt,
            seq=seq,
            step_id=choice.step_id,
            choice_id=choice.branch,
            at=choice.at,
            points=choice.points,
        )

    def _submit_write(self, at: float) -> Write:
        last: dict[str, Choice] = {c.item_id: c for c in self.choices}
        finals = [FinalState(c.item_id, c.response, c.points, 1) for c in last.values()]
        store, learner, attempt = self.store, self.learner_id, self.attempt_id
        return lambda seq: store.submit_attempt(learner, attempt, finals, seq=seq, at=at)


def start_case(store: Store, learner_id: str, play: CasePlay, *, session_code: str | None = None) -> CaseRecorder:
    """Store a new case attempt for `play` (seed and settings fixed) and record its future choices.

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
    recorder = CaseRecorder(store, learner_id, attempt_id, play.case, choices=list(play.choices))
    play.listeners.insert(0, recorder)
    return recorder


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
        if step.item.type == "single":
            response: Any = choice.choice_id
        elif step.item.type == "true_false":
            response = choice.choice_id == "true"
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
) -> tuple[CasePlay, CaseRecorder]:
    """The stored case attempt as a play in exactly the stored state, recording its further choices.

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
    recorder = CaseRecorder(
        store, learner_id, record.attempt_id, case, next_seq=record.last_seq + 1, choices=list(play.choices)
    )
    play.listeners.insert(0, recorder)
    if play.finished and not record.submitted:  # the ending was reached but the closing write was lost
        recorder.pending.append((recorder.next_seq, recorder._submit_write(clock())))
        recorder.next_seq += 1
        recorder.flush_quietly()
    return play, recorder


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
) -> CaseRecorder:
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
    "CaseRecorder",
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
