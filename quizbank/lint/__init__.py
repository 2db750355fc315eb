"""`quizbank lint`: item-writing checks in the spirit of the NBME item-writing guide.

`lint(bank)` runs every rule of `RULES` on a loaded bank and returns a `LintReport`: findings
located by file, line and column, the bank-level figures, and counts by severity. An item
silences a rule for itself with `lint_waivers: [{rule: <id>, reason: <why>}]`.
"""

from quizbank.lint.engine import lint
from quizbank.lint.report import RULES, Figures, Finding, LintReport, Rule, Severity

__all__ = ["RULES", "Figures", "Finding", "LintReport", "Rule", "Severity", "lint"]
