"""What one item type module provides: the interface of the item-type registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from quizbank.items.points import Score

T = TypeVar("T", bound=BaseModel)
Choice = tuple[str, bool]  # (id, pinned)
# How the top-level options are shown: in the author's order ("text"), shuffled when the quiz
# shuffles ("seeded"), or shuffled even when it does not ("always").
OrderRule = Literal["text", "seeded", "always"]
CountChoice = tuple[str, str, bool]  # (count label, words, right)
NO_ANSWER = "(no answer)"


@dataclass(frozen=True)
class AnswerWords(Generic[T]):
    """How one item type words answers on screen: pure text, which the widgets only lay out.

    - `review_lines`: a learner's response (never None) as the review and the debrief list it;
    - `key_lines`: the key as the review and the debrief's better choice list it;
    - `option_label`: the words of one chosen option, beside its feedback;
    - `count_choices`: (count label, words, right) per choice, for the instructor's counts
      (labels as `analytics.chosen_options` gives them); `lists_every_choice`: list every
      choice, even one nobody picked (else only the picked and the right ones);
    - `whole_answer`: when whole answers are counted instead of choices (an ordering), an
      answer in words (None for one that is not a whole answer);
    - `branch_text`: the words of a case step's per-answer branch (None: the step's branches
      are worded by the score, or by the branch id).
    """

    review_lines: Callable[[T, Any], tuple[str, ...]]
    key_lines: Callable[[T], tuple[str, ...]]
    option_label: Callable[[T, str], str]
    count_choices: Callable[[T], list[CountChoice]]
    lists_every_choice: bool = False
    whole_answer: Callable[[T, Any], str | None] | None = None
    branch_text: Callable[[T, str], str] | None = None


@dataclass(frozen=True)
class ItemType(Generic[T]):
    """Everything the core needs to know about one item type.

    - `score` checks the response's shape (raising InvalidResponse) and scores it;
    - `key_text`/`response_text` put the key or a well-formed response in words;
    - `chosen_feedback` gives (choice id, text) for the choices a response picked;
    - `choices` are the top-level options shown in an order (`order_rule`), `parts` the inner
      parts with their own choices (blanks, bow-tie sides, named as `part_noun`);
    - `solved_order` is the order that would show the answer (never shown), or None;
    - `key_response` is a response that earns every point;
    - `words` words answers for the review, the debrief and the instructor (`AnswerWords`);
    - `answer_branches`/`answer_branch`/`branch_answer`: a case step with this item branches per
      answer, and a branch stands for one response (None: it branches on correct/incorrect).
    """

    name: str
    model: type[T]
    score: Callable[[T, Any], Score]
    max_points: Callable[[T], float]
    key_text: Callable[[T], tuple[str, ...]]
    response_text: Callable[[T, Any], tuple[str, ...]]
    chosen_feedback: Callable[[T, Any], tuple[tuple[str, str], ...]]
    choices: Callable[[T], list[Choice]]
    order_rule: OrderRule
    parts: Callable[[T], dict[str, list[Choice]]]
    part_noun: str
    solved_order: Callable[[T], list[str] | None]
    key_response: Callable[[T], Any]
    words: AnswerWords[T]
    answer_branches: Callable[[T], tuple[str, ...]] | None = None
    answer_branch: Callable[[T, Any], str] | None = None
    branch_answer: Callable[[T, str], Any] | None = None  # the response a per-answer branch stands for
    branch_noun: str = "answer"  # what a case step's branches are named after: "option" for single
