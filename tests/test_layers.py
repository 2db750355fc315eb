"""The layers hold: widgets reach the records only through quizbank.services; notebooks only wire.

Imports are read with ast (not by importing), so a module that imports the store inside a
function is caught too.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WIDGETS = ROOT / "widgets"
NOTEBOOKS = ROOT / "notebooks"
RECORDS_MODULES = ("quizbank.store", "quizbank.records", "quizbank.case_records", "sqlite3")

# Nothing is exempt now; a module that must wait for a later change is named here, with why.
NOT_YET_MOVED: dict[str, str] = {}
NOTEBOOKS_NOT_YET_WIRING: dict[str, str] = {}


def _exempt(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return any(relative == p or relative.startswith(p + "/") for p in NOT_YET_MOVED)


def imported_modules(source: str) -> set[str]:
    """Every module a Python source imports (``from a.b import c`` gives a.b and a.b.c)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def reaches_records(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in RECORDS_MODULES))


WIDGET_FILES = sorted(p for p in WIDGETS.rglob("*.py") if not _exempt(p))


@pytest.mark.parametrize("path", WIDGET_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_widgets_never_import_the_store_the_records_or_sqlite(path: Path) -> None:
    bad = reaches_records(imported_modules(path.read_text(encoding="utf-8")))
    assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}: call quizbank.services instead"


def test_the_check_sees_an_import_of_the_store() -> None:
    source = "from quizbank.store import Store\nimport sqlite3\nfrom quizbank import records\n"
    assert reaches_records(imported_modules(source)) == [
        "quizbank.records",
        "quizbank.store",
        "quizbank.store.Store",
        "sqlite3",
    ]


def test_every_exemption_names_something_that_exists() -> None:
    for relative in NOT_YET_MOVED:
        assert (ROOT / relative).exists(), relative
    for name in NOTEBOOKS_NOT_YET_WIRING:
        assert (NOTEBOOKS / name).exists(), name


# -- notebooks -----------------------------------------------------------------------------------

WIRING = (ast.Import, ast.ImportFrom, ast.Expr, ast.Assign)
CALLBACK_HOOKS = ("on_click", "observe", "on_submit", "on_msg", "register_callback")


def wiring_problems(source: str) -> list[str]:
    """What in a code cell is more than wiring: definitions, lambdas, callbacks, other statements."""
    problems: list[str] = []
    tree = ast.parse(source)
    for statement in tree.body:
        if not isinstance(statement, WIRING):
            problems.append(f"line {statement.lineno}: a {type(statement).__name__} statement")
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            problems.append(f"line {node.lineno}: defines a {type(node).__name__}")
        elif isinstance(node, ast.Attribute) and node.attr in CALLBACK_HOOKS:
            problems.append(f"line {node.lineno}: sets a callback ({node.attr})")
    return problems


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


NOTEBOOK_FILES = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if p.name not in NOTEBOOKS_NOT_YET_WIRING)


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_notebooks_only_wire(path: Path) -> None:
    for number, source in enumerate(code_cells(path), start=1):
        problems = wiring_problems(source)
        assert not problems, f"{path.name} cell {number}: " + "; ".join(problems)


def test_the_check_sees_a_callback_and_a_definition() -> None:
    assert (
        wiring_problems("from widgets.launch import app_from_environment\napp = app_from_environment(b)\napp\n") == []
    )
    assert len(wiring_problems("def f():\n    pass\n")) == 2
    assert wiring_problems("button.on_click(handler)\n") == ["line 1: sets a callback (on_click)"]
    assert wiring_problems("x = lambda: 1\n") == ["line 1: defines a Lambda"]
