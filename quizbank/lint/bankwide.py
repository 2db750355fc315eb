"""Rules that compare items: near-duplicate, over-tested-sentence, uneven-marks, case-step-copies-item,
and the bank-level longest-key figure."""

from __future__ import annotations

import difflib
import statistics
from collections.abc import Callable, Sequence

from quizbank import models as m
from quizbank.cases import Case
from quizbank.coverage import _overlaps  # the coverage report's own rule for "a quote cites a passage"
from quizbank.lint.choices import key_is_longest
from quizbank.lint.parts import Hit, all_texts, key_signature, question_text
from quizbank.lint.text import content_words, jaccard, normalise, shorten
from quizbank.scoring import max_points
from quizbank.sources import SourceDocument

# near-duplicate: the same key (as text) and stems with content-word Jaccard >= NEAR_JACCARD or a
# difflib ratio (on the normalised stems) >= NEAR_RATIO.
NEAR_JACCARD = 0.6
NEAR_RATIO = 0.8
# over-tested-sentence: more than OVER_TESTED items resting on one sentence (passage) of a source.
OVER_TESTED = 3
# uneven-marks: an item worth at least MARKS_RATIO times the bank's median item.
MARKS_RATIO = 5.0
# case-step-copies-item: the same type, stems with a difflib ratio >= CASE_STEM_RATIO and
# choice texts with a Jaccard >= CASE_CHOICES_JACCARD.
CASE_STEM_RATIO = 0.9
CASE_CHOICES_JACCARD = 0.75
# The bank-level longest-key figure is an error above chance + LONGEST_MARGIN, once the bank has
# at least LONGEST_MIN_ITEMS single-answer items (fewer say little).
LONGEST_MARGIN = 0.15
LONGEST_MIN_ITEMS = 10

Where = Callable[[str], str]  # item id -> "file:line", for messages


def waives(item: m.Item, rule: str) -> bool:
    """Whether the item carries a waiver for `rule`."""
    return any(w.rule == rule for w in item.lint_waivers)


def _ratio(first: str, second: str) -> float:
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= min(NEAR_RATIO, CASE_STEM_RATIO) else 0.0


def similar_stems(first: m.Item, second: m.Item) -> bool:
    """Stems (with a cloze's sentence) alike enough for near-duplicate."""
    a, b = question_text(first), question_text(second)
    if jaccard(content_words(a), content_words(b)) >= NEAR_JACCARD:
        return True
    return _ratio(normalise(a), normalise(b)) >= NEAR_RATIO


def check_near_duplicates(items: Sequence[m.Item], order: Callable[[str], tuple[str, int]], where: Where) -> list[Hit]:
    """Pairs of items with the same key text and similar stems; reported on the later of the two."""
    groups: dict[tuple[str, ...], list[m.Item]] = {}
    for item in items:
        groups.setdefault(key_signature(item), []).append(item)
    hits = []
    for group in groups.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if not similar_stems(first, second):
                    continue
                earlier, later = sorted((first, second), key=lambda i: order(i.id))
                hits.append(
                    Hit(
                        "near-duplicate",
                        later.id,
                        ("stem",),
                        f"this item has the same key as item '{earlier.id}' ({where(earlier.id)}) and nearly the "
                        f'same stem ("{shorten(earlier.stem, 60)}"): a learner who meets both answers the second '
                        "from memory. Merge them, or make them test different things.",
                        also_waived_by=(earlier.id,),
                    )
                )
    return hits


def check_over_tested(
    items: Sequence[m.Item], sources: dict[str, SourceDocument], order: Callable[[str], tuple[str, int]]
) -> list[Hit]:
    """More than OVER_TESTED items (not waiving the rule) resting on the same sentence of a source: one
    finding per sentence, on the first item beyond OVER_TESTED in file order, naming them all."""
    resting: dict[tuple[str, int], list[tuple[m.Item, int]]] = {}
    text: dict[tuple[str, int], str] = {}
    for item in items:
        if waives(item, "over-tested-sentence"):
            continue
        seen: set[tuple[str, int]] = set()
        for c_index, citation in enumerate(item.citations):
            document = sources.get(citation.source)
            if document is None:
                continue
            spans = document.find(citation.quote)
            for passage in document.passages:
                key = (document.id, passage.start)
                if key not in seen and _overlaps(passage, spans):
                    seen.add(key)
                    resting.setdefault(key, []).append((item, c_index))
                    text[key] = passage.text
    hits = []
    for key, found in resting.items():
        if len(found) <= OVER_TESTED:
            continue
        found.sort(key=lambda pair: order(pair[0].id))
        item, c_index = found[OVER_TESTED]
        names = ", ".join(i.id for i, _ in found)
        hits.append(
            Hit(
                "over-tested-sentence",
                item.id,
                ("citations", c_index, "quote"),
                f'{len(found)} items rest on the same sentence of {key[0]} ("{shorten(text[key], 60)}"): {names}. '
                f"More than {OVER_TESTED} items on one sentence over-test it while other sentences go untested "
                "(see quizbank coverage --passages). Retire or refocus some, or waive the rule on the ones that "
                "must stay (a waived item is not counted).",
            )
        )
    return hits


def typical_points(items: Sequence[m.Item]) -> float:
    """The median of the items' maximum points (1 for an empty bank)."""
    return float(statistics.median(max_points(i) for i in items)) if items else 1.0


_WHAT_SCORES = {"select_all": "key", "highlight": "key", "select_n": "n", "matrix": "rows", "cloze": "blanks"}


def check_uneven_marks(items: Sequence[m.Item], typical: float) -> list[Hit]:
    """Items worth at least MARKS_RATIO times the typical item."""
    hits = []
    for item in items:
        points = max_points(item)
        if points >= MARKS_RATIO * typical:
            hits.append(
                Hit(
                    "uneven-marks",
                    item.id,
                    (_WHAT_SCORES.get(item.type, "type"),),
                    f"this {item.type} item is worth up to {points:g} points, the bank's typical item {typical:g}: "
                    f"in a quiz that adds up points it weighs as much as {points / typical:g} ordinary items. "
                    "Quiz builders: balance it or expect it to dominate the score; authors: split it if it tests "
                    "several things.",
                )
            )
    return hits


def _copies(step_item: m.Item, item: m.Item) -> bool:
    if step_item.type != item.type:
        return False
    if _ratio(normalise(question_text(step_item)), normalise(question_text(item))) < CASE_STEM_RATIO:
        return False
    choices = jaccard({normalise(t) for t in all_texts(step_item)}, {normalise(t) for t in all_texts(item)})
    return choices >= CASE_CHOICES_JACCARD


def check_case_copies(cases: Sequence[Case], items: Sequence[m.Item], where: Where) -> list[Hit]:
    """Case steps whose question is (nearly) a bank item's: the same type, stem and choices."""
    hits = []
    for case in cases:
        for step in case.steps:
            for item in items:
                if _copies(step.item, item):
                    hits.append(
                        Hit(
                            "case-step-copies-item",
                            step.item.id,
                            ("stem",),
                            f"step '{step.id}' of case '{case.id}' asks the same question as bank item "
                            f"'{item.id}' ({where(item.id)}): a learner who meets both answers the second from "
                            "memory, and the case adds nothing. Rewrite the step around the case's patient and "
                            "chart, or drop one of the two.",
                            case=(case.id, step.id),
                            also_waived_by=(item.id,),
                        )
                    )
    return hits


def longest_key_figure(items: Sequence[m.Item]) -> tuple[int, int, float]:
    """Single-answer items, how many have the longest option as key, and the share chance gives."""
    singles = [i for i in items if isinstance(i, m.SingleItem)]
    longest = sum(key_is_longest(i) for i in singles)
    chance = statistics.fmean(1 / len(i.options) for i in singles) if singles else 0.0
    return len(singles), longest, chance


def check_longest_key_rate(singles: int, longest: int, chance: float) -> list[Hit]:
    """A bank-level error when the key is the longest option far more often than chance."""
    rate = longest / singles if singles else 0.0
    if singles < LONGEST_MIN_ITEMS or rate <= chance + LONGEST_MARGIN + 1e-9:  # (no error by rounding)
        return []
    return [
        Hit(
            "key-longest",
            None,
            (),
            f"in {longest} of {singles} single-answer items ({rate:.0%}) the key is the longest option; by chance "
            f"it would be about {chance:.0%} (one in the number of options), and above {chance + LONGEST_MARGIN:.0%} "
            "learners score by picking the longest option. Even out option lengths (quizbank lint --rule "
            "key-longest lists the worst items).",
            error=True,
        )
    ]
