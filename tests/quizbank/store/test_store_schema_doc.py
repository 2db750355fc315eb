"""docs/store.md documents every table, column and index a fresh database has, in order, with its type."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from quizbank.store import Store

DOC = Path(__file__).resolve().parents[3] / "docs" / "store.md"
HEADING = re.compile(r"^### `(\w+)`$")
ROW = re.compile(r"^\| `(\w+)` \| (.+?) \| (.+) \|$")


def documented() -> tuple[dict[str, list[tuple[str, str, str]]], list[str]]:
    """Columns (name, type, meaning) per documented table, and the documented index names."""
    tables: dict[str, list[tuple[str, str, str]]] = {}
    indexes: list[str] = []
    section: str | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") or line.startswith("### "):
            heading = HEADING.match(line)
            section = heading.group(1) if heading else ("indexes" if line == "### Indexes" else None)
            if heading:
                tables[heading.group(1)] = []
            continue
        row = ROW.match(line)
        if row is None or section is None:
            continue
        if section == "indexes":
            indexes.append(row.group(1))
        else:
            tables[section].append((row.group(1), row.group(2).strip(), row.group(3).strip()))
    return tables, indexes


def live_schema(path: Path) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
    """Columns (name, declared type) per table, and the index names, of the database at `path`."""
    Store(path).close()
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        tables = {
            name: [(c[1], c[2]) for c in conn.execute("SELECT * FROM pragma_table_info(?) ORDER BY cid", (name,))]
            for name in names
        }
        indexes = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
            )
        ]
        return tables, indexes
    finally:
        conn.close()


def test_every_table_and_column_is_documented_with_its_type(tmp_path):
    doc_tables, _ = documented()
    live_tables, _ = live_schema(tmp_path / "fresh.sqlite3")
    assert sorted(doc_tables) == sorted(live_tables)
    for name, columns in live_tables.items():
        assert [(c, t) for c, t, _ in doc_tables[name]] == columns, f"docs/store.md, table {name}"


def test_every_column_has_a_meaning():
    doc_tables, _ = documented()
    assert doc_tables, "no tables found in docs/store.md"
    assert all(len(meaning) > 10 for columns in doc_tables.values() for _, _, meaning in columns)


def test_every_index_is_documented(tmp_path):
    _, doc_indexes = documented()
    _, live_indexes = live_schema(tmp_path / "fresh.sqlite3")
    assert sorted(doc_indexes) == live_indexes
