"""The refresher's layers: the widgets call quizbank.services.refresher (never the store), and the
notebook only wires (no function, class or callback of its own)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from quizbank.store import Store
from widgets.identity import identity_from_text
from widgets.refresher import RefresherPage

REPO = Path(__file__).resolve().parents[3]


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_refresher_widgets_do_not_import_the_store():
    for path in sorted((REPO / "widgets" / "refresher").glob("*.py")):
        modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        store = sorted(m for m in modules if m == "quizbank.store" or m.startswith("quizbank.store."))
        assert store == [], f"{path.name} imports {store}"


def test_the_refresher_notebook_only_wires():
    notebook = json.loads((REPO / "notebooks" / "refresher.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        defined = [
            type(node).__name__
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
        ]
        assert defined == [], f"the notebook defines {defined}"
        assert not any(m.startswith("quizbank.store") for m in imported_modules(tree))


def test_the_refresher_modules_are_small():
    folders = [REPO / "quizbank" / "refresher", REPO / "widgets" / "refresher"]
    paths = [p for folder in folders for p in folder.glob("*.py")] + [REPO / "quizbank" / "services" / "refresher.py"]
    too_long = {p.name: n for p in paths if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert too_long == {}


def test_the_refresher_page_opens_the_records_at_sign_in(small_bank):  # noqa: F811 - a pytest fixture
    opened: list[Store] = []

    def open_store() -> Store:
        opened.append(Store(":memory:"))
        return opened[-1]

    page = RefresherPage(small_bank, open_store)
    assert opened == []  # nobody signed in: no database touched
    page.sign_in.learner_id.value = "rx-ana"
    page.sign_in.go.click()
    assert "New here" in page.sign_in.message.value and len(opened) == 1
    page.sign_in.name.value = "Ana"
    page.sign_in.go.click()
    assert len(opened) == 1 and page.view.children != (page.sign_in.prompt,)
    assert opened[0].get_learner(identity_from_text("rx-ana").learner_id) is not None
    for store in opened:
        store.close()
