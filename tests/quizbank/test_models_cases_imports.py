"""quizbank.models and quizbank.cases do not import each other: each imports alone in a fresh interpreter."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

QUIZBANK = Path(__file__).resolve().parents[2] / "quizbank"


def _top_level_imports(module: str) -> set[str]:
    tree = ast.parse((QUIZBANK / f"{module}.py").read_text())
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize(("module", "other"), [("models", "cases"), ("cases", "models")])
def test_neither_imports_the_other(module, other):
    assert not any(name in (f"quizbank.{other}",) for name in _top_level_imports(module))
    code = f"import sys, quizbank.{module}; print('quizbank.{other}' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_the_whole_bank_file_model_still_builds():
    code = "from quizbank.bankfile import BankFile; from quizbank import models; print(models.BankFile is BankFile)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "True"
