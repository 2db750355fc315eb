"""The student's kernel never loads the dashboard's imports (matplotlib, the instructor package, Voila)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

STUDENT = """
import sys, json
cells = json.load(open('notebooks/quiz.ipynb'))['cells']
import widgets, widgets.runner, widgets.launch, widgets.items
for cell in cells:
    if cell['cell_type'] == 'code':
        source = ''.join(cell['source'])
        # the imports only: building the quiz is the browser tests' business
        exec('\\n'.join(l for l in source.splitlines() if l.startswith(('import ', 'from '))), {})
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'voila', 'PIL')
             or m.startswith('widgets.instructor') or m.startswith('widgets.server'))
print(','.join(bad))
"""

PACKAGE = """
import sys
import widgets.instructor
found = [m for m in sys.modules if m.split('.')[0] == 'matplotlib' or m.startswith('widgets.instructor.')]
print(','.join(sorted(found)))
"""


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_student_quiz_imports_nothing_of_the_dashboard():
    assert run(STUDENT) == ""


def test_the_instructor_package_itself_imports_nothing():
    assert run(PACKAGE) == ""


def test_the_instructor_notebook_is_wiring_only():
    cells = json.loads((REPO / "notebooks" / "instructor.ipynb").read_text())["cells"]
    source = "\n".join("".join(c["source"]) for c in cells)
    code = [line for line in source.splitlines() if line.strip() and not line.startswith("#")]
    assert code == [
        "from widgets.instructor.dashboard import dashboard_from_environment",
        "dashboard = dashboard_from_environment()",
        "dashboard",
    ]
    assert all(not c.get("outputs") for c in cells)
