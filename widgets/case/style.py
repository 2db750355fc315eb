"""The case player's extra styles, on top of the quiz's (widgets/style.py).

The chart and the question sit side by side on a wide screen and stack (chart first) on
a phone: one flex row that wraps. "New" chart entries say so in words, with a colour too.
"""

from __future__ import annotations

import ipywidgets as ipw

CASE_CLASS = "cq-case"

CSS = """
.cq-quiz.cq-case { max-width: 1240px; }
/* Shown inside another screen's root (the home screen's), widen that root while a case is on it. */
.cq-quiz:has(.cq-case) { max-width: 1240px; }
.cq-case .cq-case-head { border-bottom: 1px solid #ddd; margin-bottom: 8px; padding-bottom: 4px; }
.cq-case .cq-case-head h2 { margin: .2em 0; }
.cq-case .cq-case-where { font-weight: 600; color: #1a3d6e; }
.cq-case .cq-case-layout { display: flex; flex-flow: row wrap; align-items: flex-start; gap: 12px 20px; width: 100%; }
.cq-case .cq-case-chart { flex: 1 1 340px; min-width: 0; max-width: 100%; }
.cq-case .cq-case-question { flex: 1.35 1 430px; min-width: 0; max-width: 100%; }
@media (min-width: 820px) {
  .cq-case .cq-case-chart { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; }
}
.cq-case .cq-narrative { border-left: 4px solid #1a5fb4; background: #f2f6fc; padding: 6px 10px; margin: 4px 0 8px; }
.cq-case .cq-chart-hint { font-weight: 600; color: #5c3b00; }

/* the chart */
.cq-case .cq-chart { border: 1px solid #b8c4d6; border-radius: 6px; padding: 6px 8px; background: #fbfcfe; }
.cq-case .cq-chart h3 { margin-top: .2em; }
.cq-case .jupyter-widgets.cq-chart-tabs > .lm-TabBar { min-height: 0; height: auto; overflow: visible; }
.cq-case .jupyter-widgets.cq-chart-tabs > .lm-TabBar > .lm-TabBar-content { flex-wrap: wrap; align-items: stretch;
  gap: 2px 0; }
.cq-case .jupyter-widgets.cq-chart-tabs > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none; min-width: 0;
  height: auto; min-height: 38px; line-height: 1.3; padding: 8px 10px; font-size: 15px; margin-left: 0;
  border-bottom: 1px solid #bbb; color: #1f1f1f; background: #e9edf2; }
.cq-case .jupyter-widgets.cq-chart-tabs > .lm-TabBar .lm-TabBar-tabLabel { white-space: normal; overflow: visible;
  line-height: 1.3; }
.cq-case .jupyter-widgets.cq-chart-tabs > .lm-TabBar .lm-TabBar-tab.lm-mod-current { font-weight: 700;
  text-decoration: underline; text-underline-offset: 3px; border-bottom-color: transparent;
  background: #fff; }
.cq-case .cq-chart .widget-tab-contents, .cq-case .cq-chart .lm-TabPanel-stackedPanel { padding: 6px 4px;
  overflow: visible; height: auto; }
.cq-case ul.cq-chart-rows { list-style: none; margin: 0; padding: 0; }
.cq-case li.cq-chart-row { border-bottom: 1px solid #e3e3e3; padding: 6px 4px; }
.cq-case li.cq-chart-row:last-child { border-bottom: none; }
.cq-case li.cq-chart-new { background: #fff6d6; border-left: 4px solid #8a6d00; padding-left: 8px; }
.cq-case .cq-badge { display: inline-block; font-weight: 700; font-size: .85em; padding: 0 6px; margin-right: 6px;
  border: 1px solid #7a5c00; border-radius: 4px; background: #ffe680; color: #1a1a1a; }
.cq-case .cq-time { font-weight: 600; color: #333; margin-right: 6px; }

/* what happens, and the debrief */
.cq-case .cq-outcome { border: 2px solid #1a5fb4; border-radius: 6px; padding: 6px 12px; margin: 10px 0;
  background: #f7faff; }
.cq-case .cq-consequence { font-size: 1.05em; }
.cq-case .cq-saved { color: #1e5e22; font-weight: 600; }
.cq-case .cq-unsaved { color: #7a2e00; font-weight: 600; }
.cq-case .cq-ending { border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
.cq-case .cq-debrief { max-width: 860px; }
.cq-case ol.cq-path { list-style: none; padding-left: 0; }
.cq-case li.cq-path-step { margin: 10px 0 16px; padding: 2px 0 4px 12px; border-left: 4px solid #9aa7b8; }
.cq-case .cq-better { border-left: 4px solid #2e7d32; background: #f3faf2; padding: 4px 10px; margin: 6px 0; }
.cq-case .cq-card h3 { margin-top: .2em; }
.cq-case .cq-picker-card { border: 1px solid #c9c9c9; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.cq-case .cq-resume-card { border: 2px solid #1a5fb4; background: #f7faff; }
.cq-case .cq-score { font-size: 1.1em; font-weight: 700; }
.cq-case table.cq-scores { border-collapse: collapse; margin: 6px 0; }
.cq-case table.cq-scores td, .cq-case table.cq-scores th { border: 1px solid #ccc; padding: 4px 8px; text-align: left;
  overflow-wrap: normal; }
.cq-case table.cq-scores td:last-child, .cq-case table.cq-scores th:last-child { white-space: nowrap; }
"""


def button(description: str, primary: bool = False, tooltip: str = "") -> ipw.Button:
    """A button as wide as its words (not the whole column)."""
    return ipw.Button(
        description=description,
        button_style="primary" if primary else "",
        tooltip=tooltip,
        layout=ipw.Layout(width="auto", align_self="flex-start"),
    )


def case_stylesheet() -> ipw.HTML:
    """The case styles as a widget (static text written here, never bank text)."""
    return ipw.HTML(f"<style>{CSS}</style>", layout=ipw.Layout(height="0", margin="0"))
