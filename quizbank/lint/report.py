"""What `quizbank lint` finds: rules, findings, the bank-level figures and the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from quizbank.errors import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """An item-writing rule: its stable id, how serious a breach is, and what it checks."""

    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("key-longest", "warning", "the key is notably longer than every distractor"),
        Rule("absolute-distractor", "warning", "absolute words (never, always, only...) in distractors, not the key"),
        Rule("all-none-of-the-above", "error", "'all of the above', 'none of these' and the like as an option"),
        Rule("negative-stem", "warning", "a negative question (not, except, least) without capitals"),
        Rule("clang", "warning", "a word of the stem repeated in the key but in no distractor"),
        Rule("grammar-mismatch", "warning", "the stem's grammar (a/an, a number) fits only some options"),
        Rule("document-stem", "warning", "the stem asks what a document says, not what the clinician does"),
        Rule("near-duplicate", "warning", "two items with the same key and nearly the same stem"),
        Rule("over-tested-sentence", "warning", "too many items rest on one sentence of a source"),
        Rule("uneven-marks", "warning", "an item worth far more points than the bank's typical item"),
        Rule("case-step-copies-item", "warning", "a case step asks the same question as a bank item"),
        Rule("duplicate-instruction", "warning", "the stem repeats the instruction the quiz already shows"),
        Rule("unknown-waiver", "error", "a lint waiver names a rule that does not exist"),
    )
}


@dataclass(frozen=True)
class Finding:
    """One breach of an item-writing rule, located in the bank's files (line 0: the whole bank)."""

    file: str
    line: int
    column: int
    rule: str
    item: str | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        who = f"item '{self.item}'" if self.item else "bank"
        return visible(f"{where}: {self.severity} [{self.rule}] {who}: {self.message}")


@dataclass(frozen=True)
class Figures:
    """Bank-level figures: how often the test-wise cues and document-asking stems occur."""

    items: int  # ready items linted (drafts are left out of the figures)
    single_items: int
    key_longest: int  # single items whose key is strictly the longest option
    chance: float  # the share expected by chance: the mean of 1 / number of options
    key_longest_limit: float  # above this share (with enough single items) it is an error
    choice_items: int  # items with options to choose among (a key and distractors)
    absolute_items: int  # of those, items with an absolute word in a distractor
    document_stems: int  # items whose stem asks what a document says
    typical_points: float  # the median of the items' maximum points

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def key_longest_rate(self) -> float:
        return self.share(self.key_longest, self.single_items)

    @property
    def absolute_share(self) -> float:
        return self.share(self.absolute_items, self.choice_items)

    @property
    def document_share(self) -> float:
        return self.share(self.document_stems, self.items)

    def lines(self) -> list[str]:
        """The figures as an educator reads them."""
        return [
            f"longest-key rate: {self.key_longest} of {self.single_items} single-answer items "
            f"({self.key_longest_rate:.0%}) have the longest option as key; chance is {self.chance:.0%}, "
            f"the limit {self.key_longest_limit:.0%}",
            f"absolute words in distractors: {self.absolute_items} of {self.choice_items} items with options "
            f"({self.absolute_share:.0%})",
            f"document-asking stems: {self.document_stems} of {self.items} items ({self.document_share:.0%})",
            f"typical item: worth {self.typical_points:g} point(s) (median)",
        ]


@dataclass(frozen=True)
class LintReport:
    """Every finding (sorted by file, line and column), the bank-level figures, counts by severity."""

    findings: tuple[Finding, ...]
    figures: Figures
    linted: int  # items linted, drafts included
    counts: dict[str, int] = field(default_factory=dict)  # severity -> number of findings

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    @property
    def warnings(self) -> int:
        return self.counts.get("warning", 0)

    def by_rule(self) -> dict[str, int]:
        """Number of findings per rule id, every rule listed (0 when it found nothing)."""
        found = Counter(f.rule for f in self.findings)
        return {rule: found.get(rule, 0) for rule in RULES}
