"""Interchange with learning management systems: Moodle XML and GIFT in, Moodle XML, QTI 2.2,
Canvas QTI 1.2 and GIFT out, each with a loss report of what did not carry over.

    from quizbank.interchange import import_file, export_bank
    result = import_file(Path("questions.xml"), "moodle-xml", out=Path("imported.yaml"))
    print(result.report)

See docs/interchange.md for what maps to what.

The readers and writers here keep their own tables and branches per item type (and per
foreign question type): they map clinquiz's types to another format's, which is knowledge
of that format, so it stays beside it rather than in the item-type registry (quizbank/items/).
"""

from __future__ import annotations

from quizbank.interchange.exporter import EXPORT_FORMATS, ExportFormat, ExportResult, export_bank, export_items
from quizbank.interchange.importer import (
    IMPORT_FORMATS,
    ImportFormat,
    ImportResult,
    NothingImported,
    convert,
    import_file,
)
from quizbank.interchange.report import Entry, Loss, LossReport

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "Entry",
    "ExportFormat",
    "ExportResult",
    "ImportFormat",
    "ImportResult",
    "Loss",
    "LossReport",
    "NothingImported",
    "convert",
    "export_bank",
    "export_items",
    "import_file",
]
