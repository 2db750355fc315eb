"""The dashboard's report as HTML text. Every bank or learner text is escaped (widgets.html).

Pure string building, so tests can check the escaping without a browser. Learner names
are typed by learners: a name such as ``<script>`` shows as those characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quizbank.services.answer_labels import OptionCount
from quizbank.services.reports import CaseReport, ClassReport, ItemRow, StudentRow
from widgets.html import esc, raw_tag, tag

MARK_SYMBOL = {"right": "✓", "partly": "½", "wrong": "✗", "pending": "○", "blank": "–"}
FEW_LEARNERS = 5  # below this many complete learners, item-rest r and alpha say little
MARK_WORDS = {
    "right": "right",
    "partly": "partly right",
    "wrong": "wrong",
    "pending": "answered, not scored yet",
    "blank": "not answered",
}
STATUS_WORDS = {"joined": "Joined", "answering": "Answering", "submitted": "Submitted"}
STEM_CHARS = 90


def percent(value: float | None, digits: int = 0) -> str:
    """0.756 -> '76%'; None -> '–'."""
    return "–" if value is None else f"{100.0 * value:.{digits}f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def short(text: str, limit: int = STEM_CHARS) -> str:
    """The first `limit` characters, with an ellipsis when cut (escape the result, not the input)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(head: Sequence[str], rows: Iterable[str], cls: str) -> str:
    header = raw_tag("tr", "".join(tag("th", h) for h in head))
    return raw_tag("table", raw_tag("thead", header) + raw_tag("tbody", "".join(rows)), cls)


def _cell(text: object, cls: str = "") -> str:
    return tag("td", text, cls)


def stat_cards(cards: Sequence[tuple[str, str]]) -> str:
    """Big figures with their labels, e.g. [("Joined", "3")]."""
    return raw_tag(
        "div",
        "".join(
            raw_tag("div", tag("div", value, "cq-stat-value") + tag("div", label, "cq-stat-label"), "cq-stat")
            for label, value in cards
        ),
        "cq-stats",
    )


def progress_html(report: ClassReport, total_items: int) -> str:
    """Joined / answering / submitted, mean score and alpha."""
    mean = "–" if report.mean_percent is None else f"{report.mean_percent:.0f}%"
    note = ""
    if report.complete < FEW_LEARNERS:
        note = tag(
            "p",
            f"Item-rest r and alpha use the learners with every item scored; with fewer than "
            f"{FEW_LEARNERS} of them they say little.",
            "cq-muted",
        )
    return (
        stat_cards(
            [
                ("Joined", str(report.joined)),
                ("Answered at least one", str(report.answered_any)),
                ("Submitted", str(report.submitted)),
                ("Every item scored", str(report.complete)),
                (f"Mean score, every item scored ({total_items} items)", mean),
                ("Cronbach's alpha", number(report.alpha)),
            ]
        )
        + note
    )


def options_html(options: Sequence[OptionCount], learners: int) -> str:
    """What the class chose: one line per answer, count and share, the right ones marked."""
    items = []
    for option in options:
        mark = "✓ " if option.correct else ""
        share = f" ({100.0 * option.count / learners:.0f}%)" if learners else ""
        cls = "cq-opt cq-opt-right" if option.correct else "cq-opt cq-opt-wrong" if option.count else "cq-opt"
        items.append(
            raw_tag(
                "li",
                tag("span", f"{mark}{option.label}", "cq-opt-label")
                + tag("span", f"{option.count}{share}", "cq-opt-count"),
                cls,
            )
        )
    return raw_tag("ul", "".join(items), "cq-options")


def items_html(report: ClassReport) -> str:
    """The item statistics table."""
    rows = []
    for item in report.items:
        flag = " cq-low" if item.facility is not None and item.facility < 0.5 else ""
        rows.append(
            raw_tag(
                "tr",
                _cell(f"Q{item.number}")
                + raw_tag("td", tag("div", short(item.stem), "cq-stem-short") + tag("div", item.item_id, "cq-muted"))
                + _cell(item.item_type.replace("_", " "))
                + _cell(f"{item.answered} / {report.joined}")
                + _cell(percent(item.facility), "cq-num" + flag)
                + _cell(number(item.discrimination), "cq-num")
                + raw_tag("td", options_html(item.options, item.answered)),
                "cq-item-row",
            )
        )
    head = ["#", "Question", "Type", "Answered", "Facility", "Item-rest r", "What the class answered (✓ = key)"]
    return _table(head, rows, "cq-table cq-items")


def missed_html(items: Sequence[ItemRow]) -> str:
    """The most-missed items, with stem, class answers, key and rationale, for the discussion."""
    if not items:
        return tag("p", "No item has been missed yet (items appear here once learners have scores).", "cq-muted")
    cards = []
    for item in items:
        cards.append(
            raw_tag(
                "div",
                tag(
                    "h4",
                    f"Q{item.number} · facility {percent(item.facility)} · item-rest r {number(item.discrimination)}",
                )
                + tag("p", item.stem, "cq-stem")
                + options_html(item.options, item.answered)
                + raw_tag("p", tag("b", "Key: ") + esc("; ".join(item.key)))
                + raw_tag("p", tag("b", "Rationale: ") + esc(item.rationale))
                + tag("p", item.item_id, "cq-muted"),
                "cq-card cq-missed",
            )
        )
    return "".join(cards)


def _marks(student: StudentRow) -> str:
    return "".join(
        f'<span class="cq-mark cq-mark-{mark}" title="Q{i}: {esc(MARK_WORDS[mark])}">{MARK_SYMBOL[mark]}</span>'
        for i, mark in enumerate(student.marks, start=1)
    )


def students_html(report: ClassReport) -> str:
    """One row per learner: name, status, answered, score, a mark per item."""
    if not report.students:
        return tag("p", "Nobody has joined yet.", "cq-muted")
    rows = []
    for student in report.students:
        score = "–" if student.percent is None else f"{student.percent:.0f}%"
        points = f"{student.points:g} / {student.max_points:g}"
        rows.append(
            raw_tag(
                "tr",
                _cell(student.name, "cq-name")
                + _cell(STATUS_WORDS[student.status], f"cq-status-{student.status}")
                + _cell(f"{student.answered} / {student.items}")
                + _cell(points, "cq-num")
                + _cell(score, "cq-num")
                + raw_tag("td", _marks(student), "cq-marks"),
                "cq-student-row",
            )
        )
    legend = tag("p", "✓ right · ½ partly right · ✗ wrong · ○ answered, not scored yet · – not answered", "cq-muted")
    head = [
        "Learner",
        "Status",
        "Answered",
        "Points",
        "Score (each question 1 mark)",
        f"Per item (Q1–Q{len(report.items)})",
    ]
    return _table(head, rows, "cq-table cq-students") + legend


def case_html(report: CaseReport) -> str:
    """A case session: progress, endings, each step's branches, each learner's path."""
    cards = stat_cards([("Started", str(report.started)), ("Reached an ending", str(report.finished))])
    endings = tag("h3", "Endings reached") + options_html(report.endings, report.finished)
    steps = []
    for number_, step in enumerate(report.steps, start=1):
        steps.append(
            raw_tag(
                "div",
                tag("h4", f"Step {number_} · {step.judgment_step.replace('-', ' ')} · reached by {step.reached}")
                + tag("p", step.stem, "cq-stem")
                + options_html(step.branches, step.reached),
                "cq-card",
            )
        )
    learners = _table(
        ["Learner", "Steps answered", "Points", "Ending"],
        (
            raw_tag(
                "tr",
                _cell(r.name, "cq-name")
                + _cell(r.steps_done)
                + _cell(f"{r.points:g}", "cq-num")
                + _cell(r.ending or "not yet"),
            )
            for r in report.learners
        ),
        "cq-table cq-students",
    )
    return (
        cards
        + tag("h2", report.title)
        + endings
        + tag("h3", "Choices at each step")
        + "".join(steps)
        + tag("h3", "Learners")
        + learners
    )
