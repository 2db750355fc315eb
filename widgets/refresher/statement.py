"""The statement of completion on screen, with how to print it.

Printing is the browser's own (window.print needs JavaScript the page does not run): the
statement's @media print rules print the statement alone, on one page.
"""

from __future__ import annotations

import ipywidgets as ipw

from widgets.html import tag

PRINT_HINT = (
    "To print your statement or save it as a PDF, use your browser's Print command "
    "(Ctrl+P, or ⌘P on a Mac). Only the statement is printed, on one page."
)


def statement_view(statement: str) -> ipw.VBox:
    """`statement` is the HTML of ``quizbank.refresher.statement_html`` (every value in it escaped)."""
    hint = ipw.HTML(tag("p", PRINT_HINT, "cq-print-hint"), layout=ipw.Layout(width="100%"))
    return ipw.VBox([hint, ipw.HTML(statement, layout=ipw.Layout(width="100%"))], layout=ipw.Layout(width="100%"))
