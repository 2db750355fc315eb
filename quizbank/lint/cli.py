"""The `quizbank lint` command: one line per finding, then a summary; exit 2 when any is an error."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizbank.errors import BankError
from quizbank.lint.engine import lint
from quizbank.lint.report import RULES, LintReport
from quizbank.loader import DEFAULT_BANK, load_bank

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2


def default_bank() -> Path:
    """The shipped bank, named relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(DEFAULT_BANK)
    except ValueError:  # another drive (Windows)
        return DEFAULT_BANK
    return DEFAULT_BANK if relative.startswith("..") else Path(relative)


def print_report(report: LintReport, *, figures: bool) -> None:
    """The findings, a summary line and (with `figures`) the bank-level figures, on standard output."""
    for finding in report.findings:
        print(finding)
    print(f"{report.errors} error(s), {report.warnings} warning(s) in {report.linted} item(s)")
    if figures:
        print("figures:")
        for line in report.figures.lines():
            print(f"  {line}")
        print("findings by rule:")
        for rule, count in report.by_rule().items():
            print(f"  {rule:24} {RULES[rule].severity:8} {count}")


def cmd_lint(args: argparse.Namespace) -> int:
    """Run `quizbank lint` with parsed arguments; returns the exit status."""
    paths: list[Path] = list(args.paths) or [default_bank()]
    try:
        bank = load_bank(paths)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was loaded, so nothing was linted.", file=sys.stderr)
        return EXIT_INVALID
    report = lint(bank, files=paths, rules=args.rules)
    print_report(report, figures=args.figures)
    return EXIT_INVALID if report.errors else EXIT_OK


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `lint` to the `quizbank` command's subcommands."""
    sub = subparsers.add_parser(
        "lint",
        help="item-writing checks: cues for the test-wise, flaws that add irrelevant difficulty (exit 2 on error)",
    )
    sub.add_argument("paths", nargs="*", type=Path, help="bank files or folders (default: the shipped bank)")
    sub.add_argument(
        "--rule",
        dest="rules",
        action="append",
        choices=list(RULES),
        metavar="ID",
        help=f"report only this rule (repeat for more): {', '.join(RULES)}",
    )
    sub.add_argument("--figures", action="store_true", help="also print the bank-level figures and counts by rule")
    sub.set_defaults(func=cmd_lint)


def main(argv: list[str] | None = None) -> int:
    """`quizbank lint` on its own (as `quizbank.cli` runs it once it calls add_commands)."""
    parser = argparse.ArgumentParser(prog="quizbank", description="Check a clinquiz question bank.")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BankError as exc:  # the source documents themselves are broken, say
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # noqa: BLE001 - an educator should never see a traceback
        print(f"quizbank: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
