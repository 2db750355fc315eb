"""The `quizbank import` and `quizbank export` commands.

    quizbank import moodle-xml FILE -o OUT.yaml
    quizbank import gift FILE -o OUT.yaml
    quizbank export moodle-xml|qti22|canvas-qti|gift [PATH ...] -o OUT [--items ID,ID]

Exit 0 after printing the loss report; 2 when the input is unsafe or broken, with one line per
problem (file:line:column: message) and nothing written. The work is imported only when a
command runs, so registering the commands costs `quizbank validate` nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizbank.errors import BankError

EXIT_OK, EXIT_INVALID = 0, 2
IMPORT_CHOICES = ("moodle-xml", "gift")
EXPORT_CHOICES = ("moodle-xml", "qti22", "canvas-qti", "gift")


def _fail(exc: BankError) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s); nothing was written.", file=sys.stderr)
    return EXIT_INVALID


def cmd_import(args: argparse.Namespace) -> int:
    """Import a Moodle XML or GIFT file into a bank YAML file of draft items; print the loss report."""
    from quizbank.interchange.importer import NothingImported, import_file

    try:
        result = import_file(args.file, args.format, args.output)
    except NothingImported as exc:
        print(exc.report)
        return _fail(exc)
    except BankError as exc:
        return _fail(exc)
    print(result.report)
    drafts = sum(1 for item in result.items if item.draft)
    print(
        f"wrote {len(result.items)} item(s) to {args.output} ({drafts} draft(s): each needs a citation, an objective and a review)"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export the bank (or the items named) to an LMS format; print the loss report."""
    from quizbank.interchange.exporter import export_bank
    from quizbank.loader import DEFAULT_BANK, load_bank

    paths = args.paths or [DEFAULT_BANK]
    ids = [i.strip() for i in args.items.split(",") if i.strip()] if args.items else None
    try:
        bank = load_bank(paths)
        result = export_bank(bank, args.format, ids, args.output, source=", ".join(str(p) for p in paths))
    except BankError as exc:
        return _fail(exc)
    print(result.report)
    print(f"wrote {len(result.report.written)} item(s) to {args.output}")
    return EXIT_OK


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `import` and `export` on the `quizbank` command's subparsers."""
    importer = subparsers.add_parser(
        "import", help="import Moodle XML or GIFT questions as draft items (prints a loss report)"
    )
    kinds = importer.add_subparsers(dest="import_format", required=True, metavar="FORMAT")
    for fmt in IMPORT_CHOICES:
        sub = kinds.add_parser(fmt, help=f"import a {fmt} file")
        sub.add_argument("file", type=Path, help="the file to import")
        sub.add_argument("-o", "--output", type=Path, required=True, help="the bank YAML file to write")
        sub.set_defaults(func=cmd_import, format=fmt)
    exporter = subparsers.add_parser(
        "export", help="export the bank to Moodle XML, QTI 2.2, Canvas QTI or GIFT (prints a loss report)"
    )
    exporter.add_argument("format", choices=EXPORT_CHOICES, help="the format to write")
    exporter.add_argument("paths", nargs="*", type=Path, help="bank files or folders (default: the shipped bank)")
    exporter.add_argument("-o", "--output", type=Path, required=True, help="the file to write (.xml, .zip or .txt)")
    exporter.add_argument("--items", help="export only these item ids (comma-separated)")
    exporter.set_defaults(func=cmd_export)
