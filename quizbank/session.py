"""A learner's attempt at a quiz: the state machine the UI drives, with every rule enforced here.

The browser can send anything; this module decides what counts. An answer to a locked
item, a check in exam mode, anything after submission or after the time limit is refused
(the action returns an Outcome with a Refusal and its code) and changes nothing; a done
action returns the Events the outbox records. Feedback (key, rationale, sources) is built only when the
mode allows it: in practice mode once an item is locked, in exam mode after submission.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from quizbank import items as item_types
from quizbank.attempt_score import AttemptScore, ScoreBy, attempt_score
from quizbank.models import Citation, Item
from quizbank.outcomes import FinalAnswer, Outcome, RefusalCode, refused
from quizbank.scoring import InvalidResponse, Score, check_response, max_points, score
from quizbank.shuffle import draw, shuffle_seed
from quizbank.sources import SourceDocument

Mode = Literal["practice", "exam"]
Clock = Callable[[], float]


class Refused(Exception):
    """A reading asked for something the attempt does not have (an unknown item or part)."""


@dataclass(frozen=True)
class QuizSettings:
    """What the learner or instructor chose: mode, length, filters, penalty, time limit."""

    mode: Mode = "practice"
    length: int = 10
    audience: str | None = None
    topics: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    retry_penalty: float = 0.25  # share of an item's full points taken off per try after the first (practice)
    max_tries: int = 2  # practice: tries before the answer is shown
    time_limit_s: float | None = None
    shuffle_options: bool = True
    score_by: ScoreBy = "marks"  # how the attempt's score counts (quizbank.attempt_score)


@dataclass
class ItemState:
    """What the learner has done on one item."""

    response: Any = None
    tries: int = 0
    locked: bool = False
    flagged: bool = False
    last_score: Score | None = None
    awarded: float = 0.0


def retry_points(earned: float, possible: float, extra_tries: int, penalty: float) -> float:
    """The practice retry rule: each try after the first takes `penalty` of the item's full points
    off what the answer earns, never below 0 (as Moodle's penalty works)."""
    return max(0.0, earned - penalty * max(0, extra_tries) * possible)


@dataclass(frozen=True)
class CitedPassage:
    """A citation made readable: the quote and the title of its document."""

    source: str
    title: str
    quote: str


def cited_passages(citations: Iterable[Citation], sources: Mapping[str, SourceDocument]) -> tuple[CitedPassage, ...]:
    """Citations made readable with their documents' titles (the source id when it has no document)."""
    return tuple(
        CitedPassage(c.source, sources[c.source].title if c.source in sources else c.source, c.quote) for c in citations
    )


@dataclass(frozen=True)
class Feedback:
    """What the learner may see about one item once it is allowed."""

    item_id: str
    correct: bool
    score: Score
    awarded: float
    max_points: float
    tries: int
    final: bool  # True when the item is locked and the key may be shown
    option_feedback: tuple[tuple[str, str], ...] = ()  # (option id, text) for the options the learner chose
    key_text: tuple[str, ...] = ()
    rationale: str = ""
    citations: tuple[CitedPassage, ...] = ()


@dataclass(frozen=True)
class Event:
    """One change to an attempt, for the store to record: all a write needs, as of the change."""

    kind: Literal["answer", "check", "flag", "submit"]
    item_id: str | None
    response: Any
    points: float | None
    at: float
    tries: int = 0  # check: the item's tries so far
    locked: bool = False  # check: the item is now final
    finals: tuple[FinalAnswer, ...] = ()  # submit: every item as submitted


AttemptOutcome = Outcome[Event, Feedback]


def key_text(item: Item) -> tuple[str, ...]:
    """The key in words, for the review after an item is locked or an exam submitted."""
    return item_types.key_text(item)


def _chosen_feedback(item: Item, response: Any) -> tuple[tuple[str, str], ...]:
    return item_types.chosen_feedback(item, response)


@dataclass
class Attempt:
    """One learner's attempt at a set of items, in a fixed order with fixed option orders."""

    attempt_id: str
    items: list[Item]
    settings: QuizSettings
    seed: str
    sources: dict[str, SourceDocument]
    clock: Clock = time.time
    started_at: float = 0.0
    submitted: bool = False
    states: dict[str, ItemState] = field(default_factory=dict)
    option_orders: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.started_at = self.started_at or self.clock()
        self._by_id = {item.id: item for item in self.items}
        for item in self.items:
            self.states.setdefault(item.id, ItemState())
            if item.id not in self.option_orders:
                self.option_orders[item.id] = self._order(item)

    @classmethod
    def start(
        cls,
        attempt_id: str,
        pool: list[Item],
        settings: QuizSettings,
        seed: str,
        sources: dict[str, SourceDocument],
        clock: Clock = time.time,
    ) -> Attempt:
        """Draw `settings.length` items from `pool` with `seed` and start the attempt."""
        chosen = draw([i.id for i in pool], settings.length, seed)
        by_id = {i.id: i for i in pool}
        return cls(attempt_id, [by_id[i] for i in chosen], settings, seed, sources, clock)

    def _order(self, item: Item) -> list[str]:
        seed = shuffle_seed(self.seed, item.id)
        return item_types.option_order(item, seed, shuffle=self.settings.shuffle_options)

    # -- reading -------------------------------------------------------------------

    def choice_order(self, item_id: str, part: str) -> list[str]:
        """The shown order of the choices inside one part of an item, fixed by the seed.

        `part` is a blank id (cloze, drop-down rationale: returns the blank's choice texts)
        or a bow-tie slot (`condition`, `actions`, `parameters`: returns option ids). Bank
        authors often write the key first, so these are shuffled like options are, unless
        the quiz does not shuffle; pinned bow-tie options keep their place.
        """
        item = self.item(item_id)
        seed = shuffle_seed(self.seed, item.id, part)
        try:
            return item_types.part_order(item, part, seed, shuffle=self.settings.shuffle_options)
        except item_types.NoSuchPart as missing:
            if missing.noun == "blank":
                raise Refused(f"item {item_id!r} has no blank {part!r}") from None
            raise Refused(f"item {item_id!r} has no part {part!r} with its own choices") from None

    def item(self, item_id: str) -> Item:
        if item_id not in self._by_id:
            raise Refused(f"no item {item_id!r} in this attempt")
        return self._by_id[item_id]

    @property
    def deadline(self) -> float | None:
        limit = self.settings.time_limit_s
        return None if limit is None else self.started_at + limit

    def time_left(self) -> float | None:
        """Seconds left before the time limit, or None when there is none."""
        return None if self.deadline is None else max(0.0, self.deadline - self.clock())

    @property
    def answered(self) -> int:
        return sum(1 for s in self.states.values() if s.response is not None)

    def total(self) -> tuple[float, float]:
        """Points awarded and points possible (awarded counts only what is final)."""
        possible = sum(max_points(i) for i in self.items)
        return sum(s.awarded for s in self.states.values()), possible

    def score(self) -> AttemptScore:
        """The attempt's score as its settings count it (quizbank.attempt_score; only what is final)."""
        parts = [(self.states[i.id].awarded, max_points(i)) for i in self.items]
        return attempt_score(parts, self.settings.score_by)

    # -- acting (each action returns an Outcome; a refused one changed nothing) ---------

    def _closed(self, item_id: str) -> AttemptOutcome | None:
        """The refusal for any change to the attempt now, if it is closed to `item_id`."""
        if item_id not in self._by_id:
            return refused(RefusalCode.UNKNOWN_ITEM, f"no item {item_id!r} in this attempt")
        if self.submitted:
            return refused(RefusalCode.SUBMITTED, "the attempt has been submitted")
        if self.deadline is not None and self.clock() > self.deadline:
            return refused(RefusalCode.TIME_UP, "the time limit has passed")
        return None

    def _open(self, item_id: str) -> AttemptOutcome | None:
        """The refusal for changing `item_id`'s answer now, if any."""
        closed = self._closed(item_id)
        if closed is None and self.states[item_id].locked:
            return refused(RefusalCode.ITEM_LOCKED, "this item is already answered")
        return closed

    def answer(self, item_id: str, response: Any) -> AttemptOutcome:
        """Record the learner's current answer to an item (not yet checked)."""
        no = self._open(item_id)
        if no is not None:
            return no
        try:
            check_response(self.item(item_id), response)
        except InvalidResponse as exc:
            return refused(RefusalCode.INVALID_ANSWER, f"not a valid answer: {exc}")
        self.states[item_id].response = response
        return Outcome((Event("answer", item_id, response, None, self.clock()),))

    def flag(self, item_id: str, on: bool) -> AttemptOutcome:
        """Mark or unmark an item for review."""
        no = self._closed(item_id)
        if no is not None:
            return no
        self.states[item_id].flagged = bool(on)
        return Outcome((Event("flag", item_id, bool(on), None, self.clock()),))

    def check(self, item_id: str) -> AttemptOutcome:
        """Practice mode: score the current answer; lock when right or out of tries (value: the Feedback)."""
        if self.settings.mode != "practice":
            return refused(RefusalCode.NOT_IN_PRACTICE, "answers are checked only after submission in exam mode")
        no = self._open(item_id)
        if no is not None:
            return no
        state = self.states[item_id]
        if state.response is None:
            return refused(RefusalCode.NO_ANSWER, "choose an answer first")
        item = self.item(item_id)
        result = score(item, state.response)
        state.tries += 1
        state.last_score = result
        if result.correct or state.tries >= self.settings.max_tries:
            state.locked = True
            state.awarded = retry_points(result.points, result.max_points, state.tries - 1, self.settings.retry_penalty)
        points = state.awarded if state.locked else None
        event = Event("check", item_id, state.response, points, self.clock(), tries=state.tries, locked=state.locked)
        return Outcome((event,), value=self._feedback(item, state, final=state.locked))

    def submit(self) -> AttemptOutcome:
        """End the attempt: score every item (exam) and lock everything."""
        if self.submitted:
            return refused(RefusalCode.SUBMITTED, "the attempt has already been submitted")
        for item in self.items:
            state = self.states[item.id]
            if not state.locked:
                result = score(item, state.response)
                # Practice: an answer scoring as it did at its last check is scored on that try; a
                # changed or never checked one is one more try. An unanswered item earns nothing.
                checked = state.last_score if state.tries > 0 else None
                unchanged = checked is not None and checked.points == result.points
                extra = state.tries - 1 if unchanged else state.tries
                state.last_score = result
                state.locked = True
                exam = self.settings.mode == "exam"
                penalty = 0.0 if exam else self.settings.retry_penalty
                state.awarded = retry_points(result.points, result.max_points, extra, penalty)
        self.submitted = True
        finals = tuple(FinalAnswer(i, s.response, s.awarded, s.tries) for i, s in self.states.items())
        return Outcome((Event("submit", None, None, self.total()[0], self.clock(), finals=finals),))

    # -- feedback --------------------------------------------------------------------

    def feedback(self, item_id: str) -> Feedback | None:
        """Feedback for an item if the mode allows it now, else None."""
        item = self.item(item_id)
        state = self.states[item_id]
        if self.settings.mode == "exam" and not self.submitted:
            return None
        if state.last_score is None:
            return None
        return self._feedback(item, state, final=state.locked)

    def _feedback(self, item: Item, state: ItemState, final: bool) -> Feedback:
        assert state.last_score is not None
        common: dict[str, Any] = dict(
            item_id=item.id,
            correct=state.last_score.correct,
            score=state.last_score,
            awarded=state.awarded,
            max_points=max_points(item),
            tries=state.tries,
            final=final,
            option_feedback=_chosen_feedback(item, state.response),
        )
        if not final:
            # Per-part results would say which options are keys: only the totals go out before the end.
            common["score"] = Score(state.last_score.points, state.last_score.max_points, ())
            return Feedback(**common)
        citations = cited_passages(item.citations, self.sources)
        return Feedback(**common, key_text=key_text(item), rationale=item.rationale or "", citations=citations)
