"""The refresher's own styles, on top of the quiz stylesheet (widgets.style)."""

from __future__ import annotations

import ipywidgets as ipw

REFRESHER_CLASS = "cq-refresher"

CSS = """
.cq-refresher .cq-plan-card { border: 1px solid #c9c9c9; border-radius: 8px; padding: 10px 14px; margin: 10px 0;
  background: #fcfcfc; width: 100%; }
.cq-refresher .cq-plan-card.cq-now { border: 2px solid #1a5fb4; background: #f4f8fd; }
.cq-refresher ol.cq-steps { padding-left: 0; list-style: none; margin: .4em 0; }
.cq-refresher ol.cq-steps li { display: flex; gap: .6em; align-items: baseline; padding: .3em 0;
  border-bottom: 1px solid #e4e4e4; }
.cq-refresher ol.cq-steps .cq-step-state { flex: 0 0 7.5em; font-weight: 700; }
.cq-refresher ol.cq-steps .cq-done { color: #2e7d32; }
.cq-refresher ol.cq-steps .cq-current { color: #1a5fb4; }
.cq-refresher ol.cq-steps .cq-later { color: #555; font-weight: 400; }
.cq-refresher ul.cq-progress { list-style: none; padding: 0; margin: .4em 0; }
.cq-refresher li.cq-progress-row { display: grid; grid-template-columns: minmax(8em, 13em) 1fr; gap: 2px 10px;
  align-items: center; padding: 4px 0; border-bottom: 1px solid #eee; }
.cq-refresher .cq-progress-label { font-weight: 600; }
.cq-refresher .cq-bar { height: 14px; background: #e6e6e6; border: 1px solid #9a9a9a; border-radius: 3px;
  overflow: hidden; }
.cq-refresher .cq-bar-fill { height: 100%; background: #2e6fbf; }
.cq-refresher .cq-progress-words { grid-column: 2; color: #333; font-size: .92em; }
.cq-refresher .cq-print-hint { border-left: 4px solid #1a5fb4; background: #f2f6fc; padding: 6px 10px; }
@media (max-width: 480px) {
  .cq-refresher li.cq-progress-row { grid-template-columns: 1fr; }
  .cq-refresher .cq-progress-words { grid-column: 1; }
}
"""


def refresher_stylesheet() -> ipw.HTML:
    """The stylesheet as a widget (static text written here, never bank text)."""
    return ipw.HTML(f"<style>{CSS}</style>", layout=ipw.Layout(height="0", margin="0"))
