"""Driving the instructor dashboard as a person would, and reading figures off the screen."""

from __future__ import annotations

import re
import time
from pathlib import Path

import psutil

from tests.support.browser_api import Locator, Page, expect

WAIT_MS = 60_000  # upper bound for a page or kernel to show something; not a speed check
LIVE_MS = 20_000  # upper bound for a live update to reach the screen (the dashboard checks every second)


def dash(page: Page) -> Locator:
    return page.locator(".cq-dash")


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    expect(dash(page).get_by_role("heading", name="Instructor dashboard")).to_be_visible(timeout=WAIT_MS)


def stat(page: Page, label: str) -> Locator:
    """The big figure labelled exactly `label` (e.g. "Joined")."""
    name = page.locator(".cq-stat-label", has_text=re.compile(f"^{re.escape(label)}$"))
    card = dash(page).locator(".cq-stat").filter(has=name)
    return card.locator(".cq-stat-value")


def join_code(page: Page) -> str:
    code = dash(page).locator(".cq-join-code")
    expect(code).to_be_visible(timeout=WAIT_MS)
    return code.inner_text().strip()


def student_names(page: Page) -> list[str]:
    return [n.strip() for n in dash(page).locator(".cq-student-row .cq-name").all_inner_texts()]


def item_cells(page: Page, number: int) -> list[str]:
    """The cells of item row Q<number> of the item statistics table."""
    row = dash(page).locator(".cq-item-row").filter(has=page.locator("td", has_text=re.compile(f"^Q{number}$")))
    return [c.strip() for c in row.locator(":scope > td").all_inner_texts()]


def shot(page: Page, folder: Path, name: str) -> None:
    """A screenshot of the whole dashboard (the window grows to fit it, then is put back)."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = dash(page).evaluate(
        "el => { el.scrollIntoView({block: 'start'}); const r = el.getBoundingClientRect();"
        " return Math.ceil(Math.max(r.top, 0) + r.height); }"
    )
    if height + 40 > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height + 40})
    try:
        dash(page).screenshot(path=str(folder / f"{name}.png"))
    finally:
        page.set_viewport_size(size)


def kernels(server_pid: int) -> list[int]:
    """The kernel processes a Voila server has started and that are still running."""
    found = []
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child.pid)
        except psutil.Error:
            continue
    return found


def wait_until(condition, limit_s: float) -> bool:
    """Poll `condition` until it holds or `limit_s` passes (a safety stop, not a speed check)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
