"""axe-core in the page (bundled by axe-playwright-python, injected with `page.evaluate`: no outside host).

`axe_violations(page)` runs the WCAG 2.0, 2.1 and 2.2 A and AA rules on what the page shows now
and returns one readable line per violation (rule, impact, the first offending elements);
`assert_accessible(page, screen)` fails with those lines.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_AXE = Axe()


def axe_violations(page: Any, context: str | None = None) -> list[str]:
    """One line per axe violation of the WCAG A/AA rules on the page (or inside the `context` selector)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    results = _AXE.run(page, context=context, options=options)
    lines = []
    for violation in results.response.get("violations", []):
        targets = [", ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])[:3]]
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} at {'; '.join(targets)}")
    return lines


def assert_accessible(page: Any, screen: str, context: str | None = None) -> None:
    """Fail, naming the screen, when axe finds any WCAG A/AA violation on it."""
    problems = axe_violations(page, context)
    assert not problems, f"axe on the {screen} screen:\n" + "\n".join(problems)
