"""The refresher's words: the plan page's path, buttons and lines, and the results page's "what next".

Every value from the learner or the bank is escaped (widgets.html).
"""

from __future__ import annotations

from datetime import date, datetime

from quizbank.refresher import (
    REVIEW_SESSION_SIZE,
    SECONDS_PER_EXAM_ITEM,
    SECONDS_PER_REVIEW_ITEM,
    RefresherState,
    Sitting,
    minutes_for,
)
from quizbank.services.refresher import PosttestOutcome
from quizbank.session import Attempt
from widgets.html import esc, raw_tag, tag
from widgets.review import score_line

TITLES = {"pretest": "Pre-test", "review": "Review session", "posttest": "Post-test"}


def day_words(day: date | datetime) -> str:
    """'Tuesday 3 March 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def questions(count: int) -> str:
    return f"{count} question{'' if count == 1 else 's'}"


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def path_html(
    title: str, name: str, test_length: int, mark: float, state: RefresherState, step: str, now: datetime
) -> str:
    """The plan page's head: the greeting and the four steps of the path, each marked done, now or later."""
    n = test_length
    pre = state.of_kind("pretest")
    posts = state.of_kind("posttest")
    done, current, later = "✓ Done", "▶ Now", "Later"

    def line(mark_: str, cls: str, what: str, detail: str) -> str:
        state_html = tag("span", mark_, f"cq-step-state {cls}")
        return raw_tag("li", state_html + raw_tag("span", tag("b", what) + esc(detail)))

    if pre:
        first = line(done, "cq-done", "Pre-test", f": {percent(pre[0].score)} on {day_words(pre[0].submitted)}.")
    else:
        first = line(
            current,
            "cq-current",
            "Pre-test",
            f": {questions(n)}, about {minutes_for(n, SECONDS_PER_EXAM_ITEM)} minutes.",
        )
    review_state = {
        "review": (current, "cq-current"),
        "posttest": ("✓ Caught up", "cq-done"),
        "passed": (done, "cq-done"),
    }.get(step, (later, "cq-later"))
    second = line(
        *review_state,
        "Spaced review",
        f": short sessions of the questions due that day, at most {REVIEW_SESSION_SIZE} at a time.",
    )
    if step == "passed":
        post_state = (done, "cq-done")
    elif step == "posttest":
        post_state = (current, "cq-current")
    else:
        post_state = (later, "cq-later") if step != "closed" else ("✗ Closed", "cq-later")
    scores = "; ".join(percent(s.score) for s in posts)
    third = line(
        *post_state,
        "Post-test",
        f": exam, pass mark {percent(mark)}, one retake." + (f" Your scores: {scores}." if posts else ""),
    )
    fourth = (
        line(current, "cq-current", "Statement of completion", ": ready below; print it.")
        if step == "passed"
        else line(later, "cq-later", "Statement of completion", ": print it once you pass.")
    )
    return (
        tag("h1", title)
        + tag("p", f"Hello, {name}. Today is {day_words(now)}.")
        + tag("h2", "Your path")
        + raw_tag("ol", first + second + third + fourth, "cq-steps")
    )


def resume_words(state: RefresherState, kind: str) -> str | None:
    """The button's words for an unfinished sitting of `kind` (None when there is none)."""
    unfinished = state.unfinished.get(kind)
    if unfinished is None:
        return None
    return f"Resume the {TITLES[kind].lower()} ({unfinished.answered} of {unfinished.total} answered)"


def due_line(state: RefresherState, now: datetime) -> str:
    """How many questions are due today, and when the next ones fall due."""
    due = len(state.due(now))
    text = f"Due for review today: {questions(due)}."
    upcoming = state.next_due(now)
    if upcoming is not None:
        day, count = upcoming
        text += f" Next: {questions(count)} on {day_words(day)}."
    return tag("p", text, "cq-muted")


def session_words(state: RefresherState, now: datetime) -> str:
    """The review button's words: resume the unfinished session, or start one of today's due questions."""
    resume = resume_words(state, "review")
    if resume:
        return resume
    count = len(state.review_items(now))
    return f"Start a review session ({questions(count)}, about {minutes_for(count, SECONDS_PER_REVIEW_ITEM)} minutes)"


def gate_words(state: RefresherState) -> str:
    """When the post-test (or its retake) opens, and how many missed questions are still to answer right."""
    waiting = len(state.still_to_review)
    after = "post-test retake" if state.of_kind("posttest") else "post-test"
    text = f"The {after} opens once every question you missed has been answered right in a review and nothing is due."
    if waiting:
        text += f" Still to answer right: {questions(waiting)}."
    return tag("p", text, "cq-muted")


def results_html(
    kind: str, attempt: Attempt, sitting: Sitting | None, outcome: PosttestOutcome | None, mark: float
) -> str:
    """The refresher's words on a results page: the score and what happens next."""
    missed = len(sitting.missed) if sitting else 0
    html = tag("h2", f"{TITLES[kind]} results") + tag("p", score_line(attempt), "cq-stem")
    if kind == "posttest" and sitting is not None:
        if outcome == "passed":
            nxt = f"You passed (pass mark {percent(mark)}). Your statement of completion is on your plan."
        elif outcome == "closed":
            nxt = f"Not passed (pass mark {percent(mark)}). Please talk to your educator."
        else:
            nxt = (
                f"Not passed yet (pass mark {percent(mark)}). The questions you missed come back for "
                "review from tomorrow; then you have one retake."
            )
    elif missed:
        nxt = (
            f"{questions(missed)} not fully right at the first try: "
            f"{'they come' if missed != 1 else 'it comes'} back for review soon (tomorrow at the earliest)."
        )
    else:
        nxt = "All right at the first try: these come back later, spaced out."
    return html + tag("p", nxt) + tag("p", "Below is every question with your answer, the answer, why, and the source.")
