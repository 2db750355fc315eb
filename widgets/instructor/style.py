"""The dashboard's stylesheet, on top of the quiz's (widgets.style): wider, tables, a join code
big enough to read from the back of a classroom. Static text only, never bank text."""

from __future__ import annotations

import ipywidgets as ipw

ROOT_CLASSES = ("cq-quiz", "cq-dash")

CSS = """
.cq-quiz.cq-dash { max-width: 1180px; padding: 0 12px; }
.cq-dash .cq-join { text-align: center; border: 3px solid #1a5fb4; border-radius: 10px; padding: 10px 8px 14px;
  margin: 8px 0 12px; background: #f2f6fc; }
.cq-dash .cq-join-label { font-size: 22px; font-weight: 600; margin: 0; }
.cq-dash .cq-join-code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: clamp(56px, 11vw, 132px); font-weight: 700; letter-spacing: .08em; line-height: 1.1; margin: 4px 0;
  color: #0b2e59; }
.cq-dash .cq-join-where { font-size: 20px; margin: 0; }
.cq-dash .cq-join-where b { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.cq-dash .cq-session-head { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
.cq-dash .cq-badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em; font-weight: 600;
  border: 1px solid #555; }
.cq-dash .cq-badge-open { background: #e3f4e1; border-color: #2e7d32; }
.cq-dash .cq-badge-closed { background: #fde7e7; border-color: #b3261e; }
.cq-dash .cq-live { font-size: .92em; color: #333; }
.cq-dash .cq-stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.cq-dash .cq-stat { flex: 1 1 140px; border: 1px solid #c9c9c9; border-radius: 6px; padding: 6px 10px;
  background: #fff; }
.cq-dash .cq-stat-value { font-size: 30px; font-weight: 700; line-height: 1.2; }
.cq-dash .cq-stat-label { font-size: .9em; color: #444; }
.cq-dash .cq-plots { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; }
.cq-dash .cq-plot { max-width: 100%; height: auto; border: 1px solid #ddd; border-radius: 4px; background: #fff; }
.cq-dash table.cq-table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 14px; }
.cq-dash .cq-table th, .cq-dash .cq-table td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
  vertical-align: top; }
.cq-dash .cq-table th { background: #f3f3f3; font-weight: 600; white-space: nowrap; }
.cq-dash .cq-table td:first-child { white-space: nowrap; }
.cq-dash .cq-table td.cq-num { text-align: right; white-space: nowrap; }
.cq-dash .cq-table td.cq-low { color: #b3261e; font-weight: 700; }
.cq-dash .cq-table td.cq-name { font-weight: 600; }
.cq-dash ul.cq-options { list-style: none; margin: 0; padding: 0; }
.cq-dash .cq-opt { display: flex; justify-content: space-between; gap: 8px; padding: 1px 4px; border-radius: 3px; }
.cq-dash .cq-opt-right { background: #e3f4e1; }
.cq-dash .cq-opt-wrong { background: #fde7e7; }
.cq-dash .cq-opt-count { white-space: nowrap; font-variant-numeric: tabular-nums; }
.cq-dash .cq-stem-short { font-weight: 600; }
.cq-dash .cq-marks { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: nowrap; }
.cq-dash .cq-mark { display: inline-block; width: 1.4em; text-align: center; }
.cq-dash .cq-mark-right { color: #2e7d32; }
.cq-dash .cq-mark-wrong { color: #b3261e; }
.cq-dash .cq-mark-partly { color: #8a6d00; }
.cq-dash .cq-missed h4 { margin: .2em 0; font-size: 1em; }
.cq-dash .cq-section { margin-top: 14px; border-top: 2px solid #ddd; padding-top: 4px; }
.cq-dash .cq-download a { font-weight: 600; }
.cq-dash .widget-textarea.cq-field textarea { width: 100%; min-height: 70px; font-size: 15px; font-family: monospace; }
.cq-dash .cq-field input[type=password], .cq-dash .cq-field input[type=number] { flex: 0 0 auto; width: 100%;
  max-width: 100%; height: 40px; font-size: 16px; }
.cq-dash .cq-columns { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.cq-dash .cq-columns > .widget-box { flex: 1 1 420px; min-width: 0; }
"""


def dashboard_stylesheet() -> ipw.HTML:
    """The stylesheet as a widget (static text)."""
    return ipw.HTML(f"<style>{CSS}</style>", layout=ipw.Layout(height="0", margin="0"))


def show(widget: ipw.DOMWidget, visible: bool) -> None:
    """Show or hide a widget (hidden widgets keep their state)."""
    widget.layout.display = None if visible else "none"
