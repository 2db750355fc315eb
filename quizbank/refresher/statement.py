"""The printable statement of completion (one A4 page, every value escaped)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from quizbank.sources import SourceDocument


def statement_html(
    *,
    learner_name: str,
    learner_id: str,
    completed: datetime,
    score: float,
    mark: float,
    objectives: Sequence[str],
    sources: Iterable[SourceDocument],
    course: str = "clinquiz anakinra refresher",
) -> str:
    """A printable, one-page statement of completion; every value is escaped."""
    e = html.escape
    objective_rows = "".join(f"<li>{e(text)}</li>" for text in objectives)
    source_rows = "".join(f"<li><i>{e(s.title)}</i>, {e(s.publisher)} ({e(s.date)})</li>" for s in sources)
    date = completed.astimezone(timezone.utc).strftime("%d %B %Y")
    return f"""<div class="cq-statement" role="document" aria-label="Statement of completion">
<style>{_STATEMENT_CSS}</style>
<h1>Statement of completion</h1>
<p class="cq-statement-center">{e(course)}</p>
<p class="cq-statement-name">{e(learner_name)}</p>
<p class="cq-statement-center">Completed {e(date)}</p>
<p>Post-test score: <b>{score:.0%}</b> (pass mark {mark:.0%}).</p>
<p>Learning objectives covered:</p><ul>{objective_rows}</ul>
<p>Written from these source documents:</p><ul>{source_rows}</ul>
<p class="cq-statement-note"><b>This statement is not accredited continuing-education credit.</b> It records that
the learner completed this self-paced refresher and passed its post-test. The source documents are dated
(2016); check current prescribing information before practice.</p>
<p class="cq-statement-ref">Record reference: {e(learner_id)}</p>
</div>"""


# Print: only the statement, on one A4 page. The page around it (Voila's panels) clips and
# scrolls, so for print every element that neither holds the statement nor is inside it is
# left out, and the statement's ancestors lose their fixed heights, scrolling and positions.
# Browsers without :has() fall back to hiding the rest (the visibility rules).
_STATEMENT_CSS = """
.cq-statement { font-family: Georgia, serif; max-width: 720px; margin: 0 auto; padding: 24px;
  border: 3px double #333; color: #111; background: #fff; line-height: 1.4; box-sizing: border-box; }
.cq-statement h1 { font-size: 1.5em; text-align: center; margin: 0 0 8px; }
.cq-statement p { margin: .4em 0; }
.cq-statement .cq-statement-center { text-align: center; }
.cq-statement .cq-statement-name { font-size: 1.3em; text-align: center; font-weight: bold; }
.cq-statement .cq-statement-note { font-size: 0.85em; border-top: 1px solid #999; padding-top: 8px; margin-top: 12px; }
.cq-statement .cq-statement-ref { font-size: 0.75em; color: #444; text-align: center; }
@media print {
  @page { size: A4; margin: 15mm; }
  body * { visibility: hidden; }
  .cq-statement, .cq-statement * { visibility: visible; }
  body *:not(:has(.cq-statement)):not(.cq-statement):not(.cq-statement *) { display: none !important; }
  *:has(.cq-statement) { position: static !important; overflow: visible !important; height: auto !important;
    min-height: 0 !important; max-height: none !important; contain: none !important; transform: none !important;
    margin: 0 !important; padding: 0 !important; border: 0 !important; box-shadow: none !important;
    background: #fff !important; width: auto !important; max-width: none !important; }
  .cq-statement { max-width: none; width: auto; margin: 0 1mm; break-inside: avoid; page-break-inside: avoid;
    font-size: 12pt; }
}
"""
