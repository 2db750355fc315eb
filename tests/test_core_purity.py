"""The core package must not pull in the UI stack."""

import subprocess
import sys

CODE = """
import sys, pkgutil, importlib, quizbank
for mod in pkgutil.walk_packages(quizbank.__path__, 'quizbank.'):
    if mod.name != 'quizbank.__main__':
        importlib.import_module(mod.name)
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'IPython', 'ipykernel', 'widgets', 'matplotlib'))
print(','.join(bad))
"""


def test_importing_quizbank_imports_no_ui_or_plotting():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"quizbank imported: {out.stdout.strip()}"
