"""The `quizbank` command: validate, coverage, stats, schema."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from quizbank.errors import BankError
from quizbank.interchange.cli import add_commands as add_interchange_commands
from quizbank.lint.cli import add_commands as add_lint_commands
from quizbank.loader import DEFAULT_BANK, Bank, load_bank

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2


def _load(paths: list[Path]) -> Bank | None:
    try:
        return load_bank(paths or [DEFAULT_BANK])
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was loaded.", file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    bank = _load(args.paths)
    if bank is None:
        return EXIT_INVALID
    print(f"ok: {len(bank.items)} items, {len(bank.objectives)} objectives, every quote found in its source")
    if bank.drafts:
        print(f"{len(bank.drafts)} draft item(s), which no quiz serves until they are ready:")
        for item_id, item in bank.drafts.items():
            file, line = bank.origins.get(item_id, ("?", 0))
            print(f"  {file}:{line}: draft '{item_id}' needs {', '.join(item.needs())}")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from quizbank.coverage import coverage

    bank = _load(args.paths)
    if bank is None:
        return EXIT_INVALID
    report = coverage(bank)
    gaps = 0
    for section in report:
        if not section.quizzable:
            print(f"{section.source} / {section.section}: not quizzable (references, attribution)")
            continue
        total = section.cited + len(section.uncited)
        mark = "covered" if section.covered else "NOT COVERED"
        print(f"{section.source} / {section.section}: {mark}, {section.cited} of {total} passages cited")
        for passage in section.uncited if args.passages else ():
            print(f"    uncited: {passage.text}")
        gaps += not section.covered
    print(f"{sum(s.covered for s in report if s.quizzable)} of {sum(s.quizzable for s in report)} sections covered")
    return EXIT_INVALID if gaps else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from quizbank.stats import bank_stats

    bank = _load(args.paths)
    if bank is None:
        return EXIT_INVALID
    print(f"{len(bank.items)} items")
    for facet, counts in bank_stats(bank).items():
        print(f"by {facet}:")
        for name, count in sorted(counts.items()):
            print(f"  {name:28} {count}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from quizbank.schema import bank_json_schema

    text = json.dumps(bank_json_schema(), indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 when the bank is invalid)."""
    parser = argparse.ArgumentParser(prog="quizbank", description="Check and describe a clinquiz question bank.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (
        ("validate", cmd_validate, "check bank files: schema, ids, keys, quotes (exit 2 if any problem)"),
        ("coverage", cmd_coverage, "show which passages of each source document no item cites"),
        ("stats", cmd_stats, "count items by type, objective, topic, audience"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("paths", nargs="*", type=Path, help="bank files or folders (default: the shipped bank)")
        sub.set_defaults(func=func)
        if name == "coverage":
            sub.add_argument("--passages", action="store_true", help="list every uncited passage")
    schema = commands.add_parser("schema", help="write the JSON Schema of a bank file (for editors)")
    schema.add_argument("-o", "--output", help="file to write (default: standard output)")
    schema.set_defaults(func=cmd_schema)
    add_interchange_commands(commands)
    add_lint_commands(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BankError as exc:  # e.g. the source documents themselves are broken
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # `quizbank stats | head`: the reader has gone, which is fine
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        except OSError:  # pragma: no cover
            pass
        return EXIT_OK
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # noqa: BLE001 - an educator should never see a traceback
        print(f"quizbank: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
