"""Without Playwright, browser tests are skipped with the reason and every other test still runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# pytest in a child process in which `import playwright` fails, as on a machine without it
WITHOUT_PLAYWRIGHT = "import sys; sys.modules['playwright'] = None; import pytest; sys.exit(pytest.main(sys.argv[1:]))"


def run_without_playwright(*paths: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PLAYWRIGHT, "-q", "-rs", "-p", "no:cacheprovider", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_browser_folder_runs_its_pure_tests_and_skips_its_browser_tests_with_the_reason():
    out = run_without_playwright(
        "tests/browser/records/test_identity_and_home.py",  # every test drives a browser
        "tests/widgets/test_identity_rules.py",  # no browser
        "tests/hardening/test_xss_payloads.py",
    )
    assert re.search(r"\b4 passed\b", out), out  # the rules and payload tests ran
    assert re.search(r"\b1 skipped\b", out), out  # the browser module, as one skip
    assert "Playwright is not installed: `make test` installs it" in out


def test_a_browser_test_beside_pure_ones_is_skipped_alone():
    out = run_without_playwright("tests/widgets/server/test_dashboard_launcher.py")
    assert re.search(r"\b1 skipped\b", out) and re.search(r"\b[1-9]\d* passed\b", out), out
    assert "test_dashboard_launcher.py" in out and "Playwright is not installed" in out
