"""The quiz's stylesheet: readable on a 390 px phone, no horizontal scrolling, and
state never shown by colour alone (every state also has an icon and words)."""

from __future__ import annotations

import ipywidgets as ipw

ROOT_CLASS = "cq-quiz"

CSS = """
.cq-quiz { max-width: 760px; margin: 0 auto; box-sizing: border-box; width: 100%;
  font-size: 16px; line-height: 1.45; color: #1a1a1a; overflow-wrap: anywhere; }
.cq-quiz * { box-sizing: border-box; }
.cq-quiz .widget-html-content, .cq-quiz .widget-label { font-size: 16px; line-height: 1.45; }
.cq-quiz .widget-inline-hbox { margin-left: 0; margin-right: 0; max-width: 100%; }
.cq-quiz .widget-html, .cq-quiz .widget-html-content { max-width: 100%; white-space: normal; height: auto; }
.cq-quiz .widget-html-content { width: 100%; }
.cq-quiz .widget-label { white-space: normal; height: auto; }
.cq-quiz h1 { font-size: 1.5em; margin: .3em 0; }
.cq-quiz h2 { font-size: 1.25em; margin: .4em 0; }
.cq-quiz h3 { font-size: 1.05em; margin: .6em 0 .2em; }
.cq-quiz p { margin: .35em 0; }
.cq-quiz .cq-muted { color: #4a4a4a; font-size: .92em; }
.cq-quiz .cq-stem { font-size: 1.08em; font-weight: 600; margin: .5em 0 .3em; }
.cq-quiz .cq-instruction { color: #333; font-style: italic; margin: 0 0 .4em; }
.cq-quiz .cq-card { border: 1px solid #c9c9c9; border-radius: 6px; padding: 8px 10px; margin: 6px 0; width: 100%; }

/* controls: full width, labels above, long texts wrap */
.cq-quiz .widget-inline-hbox.cq-field { flex-direction: column; align-items: stretch; height: auto; width: 100%; margin: 6px 0; }
.cq-quiz .cq-field > .widget-label { width: auto !important; max-width: 100%; text-align: left; font-weight: 600; padding: 0 0 2px; line-height: 1.4; }
.cq-quiz .cq-field > * { flex: 0 0 auto; }
.cq-quiz .cq-field select, .cq-quiz .cq-field input[type=text] { flex: 0 0 auto; width: 100%; max-width: 100%; height: 40px;
  font-size: 16px; }
.cq-quiz .widget-radio-box { width: 100%; margin: 0; }
.cq-quiz .widget-radio-box label { display: flex; align-items: flex-start; gap: .55em; height: auto !important;
  line-height: 1.4 !important; white-space: normal; padding: .45em .2em; font-size: 16px; cursor: pointer; }
.cq-quiz .widget-radio-box input { order: -1; float: none; flex: 0 0 auto; width: 20px; height: 20px !important; margin: 1px 0 0 0; }
.cq-quiz .widget-radio { width: 100%; height: auto; }
.cq-quiz .widget-checkbox { width: 100%; height: auto; }
.cq-quiz .widget-checkbox .widget-label-basic { display: flex; align-items: flex-start; gap: .55em; white-space: normal;
  overflow: visible; line-height: 1.4; padding: .45em .2em; font-size: 16px; width: 100%; height: auto; cursor: pointer; }
.cq-quiz .widget-checkbox .widget-label-basic input { order: -1; flex: 0 0 auto; width: 20px; height: 20px; margin: 1px 0 0 0; }
.cq-quiz .widget-checkbox .widget-label-basic span { white-space: normal; }
.cq-quiz .jupyter-button { height: auto; min-height: 40px; width: auto; font-size: 15px; padding: 6px 14px;
  white-space: normal; line-height: 1.3; margin: 4px 6px 4px 0; border-radius: 4px; }
.cq-quiz .jupyter-button:focus-visible, .cq-quiz input:focus-visible, .cq-quiz select:focus-visible {
  outline: 3px solid #1a5fb4; outline-offset: 2px; }
.cq-quiz .cq-row { display: flex; flex-flow: row wrap; align-items: center; width: 100%; gap: 0 4px; }
.cq-quiz .cq-sentence { gap: 4px 6px; }
.cq-quiz .widget-dropdown.cq-blank { width: auto; max-width: 100%; min-width: 0; margin: 2px 0; height: auto; }
.cq-quiz .widget-dropdown.cq-blank > label.widget-label { position: absolute; width: 1px; height: 1px;
  margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cq-quiz .widget-dropdown.cq-blank select { width: auto; max-width: 100%; min-width: 9em; height: 38px; font-size: 16px;
  border: 2px solid #555; }
.cq-quiz .cq-sentence .widget-html { width: auto; max-width: 100%; }
.cq-quiz .cq-sentence .widget-html-content { line-height: 38px; }

/* ordering */
.cq-quiz .cq-step { flex-wrap: nowrap; border: 1px solid #c9c9c9; border-radius: 6px; padding: 4px 6px; margin: 4px 0; }
.cq-quiz .cq-step .cq-step-text { flex: 1 1 auto; min-width: 0; }
.cq-quiz .cq-step .jupyter-button { flex: 0 0 auto; min-width: 44px; padding: 6px 8px; margin: 2px; }

/* highlight: the note as toggleable sentences */
.cq-quiz .cq-note { border-left: 4px solid #888; padding: 6px 8px; background: #fafafa; }
.cq-quiz .cq-segment.jupyter-button { text-align: left; background: #fff; border: 1px solid #999; margin: 3px 4px 3px 0;
  max-width: 100%; font-size: 16px; }
.cq-quiz .cq-segment.jupyter-button.mod-active { background: #ffe680; border: 2px solid #7a5c00; font-weight: 600;
  box-shadow: none; color: #1a1a1a; }

/* bow-tie */
.cq-quiz .cq-bowtie > .widget-box { flex: 1 1 230px; min-width: 0; }
.cq-quiz .cq-slot { border: 1px solid #c9c9c9; border-radius: 6px; padding: 6px 8px; margin: 4px; }

/* feedback and review */
.cq-quiz .cq-verdict { font-weight: 700; font-size: 1.1em; padding: 6px 10px; border-radius: 6px; margin: 6px 0; }
.cq-quiz .cq-right { background: #e3f4e1; border: 2px solid #2e7d32; }
.cq-quiz .cq-wrong { background: #fde7e7; border: 2px solid #b3261e; }
.cq-quiz .cq-partly { background: #fff4d6; border: 2px solid #8a6d00; }
.cq-quiz .cq-feedback { border: 1px solid #c9c9c9; border-radius: 6px; padding: 6px 10px; margin: 8px 0; background: #fcfcfc; }
.cq-quiz blockquote { margin: .3em 0 .5em; padding: .2em .8em; border-left: 4px solid #1a5fb4; background: #f2f6fc; }
.cq-quiz .cq-status { color: #7a2e00; font-weight: 600; }
.cq-quiz .cq-review-item { border-top: 1px solid #bbb; padding-top: 6px; margin-top: 10px; }
.cq-quiz .widget-progress { width: 100%; height: 14px; }
.cq-quiz .cq-nav { margin-top: 10px; border-top: 1px solid #ddd; padding-top: 6px; }
.cq-quiz .cq-seed { font-family: monospace; font-size: 1.05em; }

/* records: saved status, countdown, notes, home */
.cq-quiz .cq-saved-line { align-items: center; min-height: 1.6em; margin: 4px 0 0; }
.cq-quiz .cq-saved { font-size: .95em; }
.cq-quiz .cq-saved.cq-saved-ok { color: #1e5b22; }
.cq-quiz .cq-saved.cq-saved-warn { color: #7a2e00; font-weight: 600; }
.cq-quiz .cq-countdown-ok, .cq-quiz .cq-countdown-low { padding: 6px 10px; border-radius: 6px; margin: 4px 0;
  border: 2px solid #1a5fb4; background: #f2f6fc; }
.cq-quiz .cq-countdown-low { border-color: #b3261e; background: #fde7e7; }
.cq-quiz .cq-banner-holder p { padding: 6px 10px; border-radius: 6px; border: 1px solid #1a5fb4;
  background: #f2f6fc; margin: 6px 0; }
.cq-quiz .cq-choice { margin: 4px 0; gap: 0 10px; }
.cq-quiz .cq-choice .jupyter-button { margin: 4px 0; }
.cq-quiz .cq-choice-text { flex: 1 1 14em; min-width: 0; }
.cq-quiz .cq-home h2 { margin-top: 1em; }
"""


def stylesheet() -> ipw.HTML:
    """The stylesheet as a widget (static text written here, never bank text)."""
    return ipw.HTML(f"<style>{CSS}</style>", layout=ipw.Layout(height="0", margin="0"))


def classed(widget: ipw.DOMWidget, *classes: str) -> ipw.DOMWidget:
    """Add CSS classes to a widget and return it (for building layouts inline)."""
    for name in classes:
        widget.add_class(name)
    return widget
