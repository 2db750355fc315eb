"""The quiz page in real Chromium: time to interactive against a bare one-button page, and the answer round trip.

`tti`: the quiz page (notebooks/quiz.ipynb, the shipped bank) and a bare Voila notebook
holding one ipywidgets button (benchmarks/bare_button.ipynb), each on its own student
server started the same way (benchmarks/_voila.py: the launcher's command, voila.json, the
launcher's preheated kernel pool, PAGE_POOL kernels), loaded in turn in one run (quiz, bare, bare, quiz, ...), each load
in a fresh browser context (a first visit: nothing cached). Time to interactive (TTI) is
navigation start -> the first interactive control of the page (the first input, button,
select or textarea inside a widget, in document order) is visible and enabled: for the
quiz the student-id box of its first screen, for the bare page its button. It is stamped
inside the page (performance.now(), whose zero is the navigation start) by a script that
looks at every DOM change and every frame. Before each load both servers are at rest (their
kernels idle, the pool refilled), and each page is left through about:blank so that its
kernel is shut down as when a student closes the tab.

`roundtrip`: a practice quiz on the browser tests' bank (one item of each type), answered
rightly item by item (tests/support/quiz_ui.py); for every item the page's own script
presses "Check answer" and stamps the moment the new verdict is in the page (DOM) and the
next frame after it (shown). Several quizzes, each in a fresh page and kernel.

Nothing is judged here: the figures are for RESULTS.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

from tests.support.banks import QUIZ_BANK
from tests.support.browser_env import CHROMIUM_ARGS

from benchmarks._voila import BARE_NOTEBOOK, StudentServer, wanted_pool_size
from benchmarks.harness import Report, benchmark, percentile

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1100, "height": 900}
WAIT_MS = 120_000  # a safety stop for a page that never becomes interactive; not a speed check
TTI_RUNS = {"tiny": 1, "default": 7, "large": 15}
ROUND_TRIPS = {"tiny": (1, 2), "default": (3, 10), "large": (6, 10)}  # (quizzes, items checked in each)
# One page at a time, each after the pool has refilled: a pool of 2 serves every load from a
# preheated kernel exactly as a class-sized pool would, without starting 2 x 60 kernels.
PAGE_POOL = 2

# Stamps the first moment a widget control is visible and enabled, in the page's own clock.
TTI_SCRIPT = """
(() => {
  const found = () => {
    for (const el of document.querySelectorAll('input, button, select, textarea')) {
      if (!el.closest('.jupyter-widgets') || el.disabled) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || el.offsetParent === null) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') continue;
      return el;
    }
    return null;
  };
  const look = () => {
    if (window.__cqTTI) return true;
    const el = found();
    if (!el) return false;
    const label = el.getAttribute('aria-label') || el.textContent || el.placeholder || '';
    window.__cqTTI = {ms: performance.now(), tag: el.tagName.toLowerCase(), type: el.type || '',
                      label: label.trim().slice(0, 60)};
    return true;
  };
  const start = () => {
    if (look()) return;
    new MutationObserver((_, obs) => { if (look()) obs.disconnect(); })
      .observe(document.documentElement, {childList: true, subtree: true, attributes: true});
    const frame = () => { if (!look()) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  };
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start, {once: true});
})();
"""

# Presses the visible, enabled "Check answer" button and stamps when a new verdict is in the page.
CHECK_SCRIPT = """
() => new Promise((resolve, reject) => {
  const root = document.querySelector('.cq-quiz');
  const before = new Set(root.querySelectorAll('.cq-verdict'));
  const button = [...root.querySelectorAll('button')]
      .find(b => b.textContent.trim() === 'Check answer' && !b.disabled && b.offsetParent !== null);
  if (!button) { reject(new Error('no Check answer button')); return; }
  let obs = null;
  const look = () => {
    const v = [...root.querySelectorAll('.cq-verdict')].find(x => !before.has(x) && x.offsetParent !== null);
    if (!v) return;
    const dom = performance.now() - t0;
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => resolve({dom, shown: performance.now() - t0,
                                                           text: v.textContent.trim()}), 0));
  };
  obs = new MutationObserver(look);
  obs.observe(root, {childList: true, subtree: true, characterData: true, attributes: true});
  const t0 = performance.now();
  button.click();
  setTimeout(() => { obs.disconnect(); reject(new Error('no verdict within 60 s')); }, 60000);
})
"""


def _chromium() -> Any:
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def _navigation(page: Any) -> dict[str, float]:
    return page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {response_end: n.responseEnd, dom_content_loaded: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
    )


def load_once(browser: Any, server: StudentServer) -> dict[str, Any]:
    """One first visit: the TTI stamp, the navigation timings; the page is then left (kernel shut down)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(TTI_SCRIPT)
        page.goto(server.url, wait_until="commit", timeout=WAIT_MS)
        page.wait_for_function("() => !!window.__cqTTI", timeout=WAIT_MS, polling=100)
        stamp = page.evaluate("() => window.__cqTTI")
        timings = _navigation(page)
        page.goto("about:blank")  # leaving the page sends Voila's kernel-shutdown beacon
    finally:
        context.close()
    return {"tti_ms": stamp["ms"], "control": f"{stamp['tag']}[{stamp['type']}] {stamp['label']!r}", **timings}


def _no_browser(report: Report) -> Report:
    report.add("skipped", "Chromium or Playwright is not installed", "", CHROMIUM)
    report.notes.append(f"{CHROMIUM} or the playwright package is missing: nothing was measured")
    return report


def _have_browser() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


@benchmark("tti", "Time to interactive of the quiz page against a bare one-button Voila page (Chromium)")
def tti(size: str, workdir: Path) -> Report:
    report = Report()
    if not _have_browser():
        return _no_browser(report)
    runs = TTI_RUNS[size]
    pool = wanted_pool_size(cap=PAGE_POOL)
    servers = {
        "quiz": StudentServer(workdir, "quiz", pool_size=pool),
        "bare": StudentServer(workdir, "bare", notebook=BARE_NOTEBOOK, pool_size=pool),
    }
    results: dict[str, list[dict[str, Any]]] = {"quiz": [], "bare": []}
    waited: list[float] = []
    try:
        with _chromium() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                warm = load_once(browser, servers["bare"])  # the browser's own first start, not counted
                del warm
                for run in range(runs):
                    order = ("quiz", "bare") if run % 2 == 0 else ("bare", "quiz")
                    for name in order:
                        for server in servers.values():
                            waited.append(server.wait_settled(pool))
                        results[name].append(load_once(browser, servers[name]))
                        print(
                            f"[tti] run {run + 1}/{runs} {name}: {results[name][-1]['tti_ms']:.0f} ms",
                            file=sys.stderr,
                            flush=True,
                        )
            finally:
                browser.close()
    finally:
        for server in servers.values():
            server.stop()
    medians = {name: statistics.median(r["tti_ms"] for r in rows) for name, rows in results.items()}
    ratio = medians["quiz"] / medians["bare"]
    report.add("TTI ratio quiz / bare (medians)", round(ratio, 3), "x", "PRODUCT.md: within 1.2x")
    for name in ("quiz", "bare"):
        rows = results[name]
        values = [r["tti_ms"] for r in rows]
        report.add(
            f"{name}: TTI median",
            round(medians[name]),
            "ms",
            f"{len(values)} runs; min {min(values):.0f}, max {max(values):.0f}",
        )
        report.add(
            f"{name}: HTML response end, median",
            round(statistics.median(r["response_end"] for r in rows)),
            "ms",
            "the notebook has run on the server",
        )
        report.add(
            f"{name}: DOMContentLoaded, median",
            round(statistics.median(r["dom_content_loaded"] for r in rows)),
            "ms",
            "",
        )
    paired = [q["tti_ms"] / b["tti_ms"] for q, b in zip(results["quiz"], results["bare"])]
    report.add(
        "TTI ratio, median of the per-run ratios",
        round(statistics.median(paired), 3),
        "x",
        "each run's quiz load over its bare load",
    )
    report.add("preheated kernel pool per server", pool, "kernels", "0: every page load starts a kernel")
    report.add("first control (quiz)", results["quiz"][0]["control"], "", "")
    report.add("first control (bare)", results["bare"][0]["control"], "", "")
    report.checks["every page became interactive"] = all(len(results[n]) == runs for n in results)
    report.checks["the quiz's first control is its student-id box"] = all(
        r["control"].startswith("input[text]") for r in results["quiz"]
    )
    report.notes.append(
        f"servers waited for their kernels to be at rest before each load: median {statistics.median(waited):.1f} s"
    )
    return report


def _quiz_ui() -> Any:
    # the browser tests' page helpers (imported late: they import Playwright, through tests/support/browser_api.py)
    from tests.support import quiz_ui

    return quiz_ui


@benchmark("roundtrip", "Answer round trip: Check pressed -> verdict shown, in Chromium (practice quiz)")
def roundtrip(size: str, workdir: Path) -> Report:
    report = Report()
    if not _have_browser():
        return _no_browser(report)
    ui = _quiz_ui()
    quizzes, per_quiz = ROUND_TRIPS[size]
    pool = wanted_pool_size(cap=PAGE_POOL)
    server = StudentServer(workdir, "roundtrip", bank=QUIZ_BANK, pool_size=pool)
    samples: list[dict[str, Any]] = []
    verdicts_ok = True
    try:
        with _chromium() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for number in range(quizzes):
                    server.wait_settled(pool)
                    context = browser.new_context(viewport=VIEWPORT)
                    try:
                        page = context.new_page()
                        page.set_default_timeout(WAIT_MS)
                        ui.open_quiz(page, server.url)
                        ui.start_quiz(page, "practice", f"bench-{number}", count=10)
                        for item in range(1, per_quiz + 1):
                            spec = ui.spec_on_screen(page)
                            spec.right(page)
                            ui.wait_answered(page, item)
                            time.sleep(0.2)  # let the page and kernel go quiet: the check is timed alone
                            sample = page.evaluate(CHECK_SCRIPT)
                            sample["type"] = spec.type
                            verdicts_ok &= sample["text"].startswith("✓ Correct")
                            samples.append(sample)
                            if item < per_quiz:
                                ui.go_next(page)
                        page.goto("about:blank")
                    finally:
                        context.close()
                    print(
                        f"[roundtrip] quiz {number + 1}/{quizzes}: {len(samples)} checks", file=sys.stderr, flush=True
                    )
            finally:
                browser.close()
    finally:
        server.stop()
    shown = [s["shown"] for s in samples]
    dom = [s["dom"] for s in samples]
    report.add("round trip p50 (shown)", round(percentile(shown, 0.5), 1), "ms", f"{len(shown)} checks")
    report.add("round trip p95 (shown)", round(percentile(shown, 0.95), 1), "ms", "PRODUCT.md: under 100 ms")
    report.add("round trip max (shown)", round(max(shown), 1), "ms", "")
    report.add("round trip p50 (in the DOM)", round(percentile(dom, 0.5), 1), "ms", "before the next frame")
    report.add("round trip p95 (in the DOM)", round(percentile(dom, 0.95), 1), "ms", "")
    slowest = max(samples, key=lambda s: s["shown"])
    report.add("slowest item type", slowest["type"], "", f"{slowest['shown']:.0f} ms")
    report.checks["every check showed a verdict"] = len(samples) == quizzes * per_quiz
    report.checks["every right answer was marked correct"] = verdicts_ok
    return report
