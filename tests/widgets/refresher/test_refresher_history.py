"""Earlier sittings on the refresher plan: each one listed with a unique button, read again with its
review, back to the plan; only the learner's own submitted sittings open (forged ids do nothing)."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import pytest

from tests.support.widget_text import strings

from quizbank.store import Store
from widgets.learner import LearnerContext
from widgets.refresher import RefresherHome


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def page_for(bank, store, clock, learner: str = "rx-1") -> RefresherHome:
    return RefresherHome(bank, LearnerContext(learner, "Ana Costa", store), clock=clock.now, mark=0.7)


def buttons(widget: Any) -> list[str]:
    found: list[str] = []

    def walk(w: Any) -> None:
        if isinstance(w, ipw.Button) and w.layout.display != "none":
            found.append(w.description)
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(widget)
    return found


def shown(widget: Any) -> str:
    return " ".join(strings(widget))


def wrong_answer(item: Any) -> Any:
    """A wrong answer to a single-answer or true/false item."""
    if item.type == "true_false":
        return not item.key
    return next(o.id for o in item.options if o.id != item.key)


def sit_pretest(page: RefresherHome, clock: Any, wrong: set[str]) -> str:
    page.start("pretest")
    player = page.player
    assert player is not None and player.screen is not None
    for item in player.attempt.items:
        player.saving.play.answer(item.id, wrong_answer(item) if item.id in wrong else item.key)
    clock.advance(minutes=5)
    player.screen._ask_submit()
    player.screen._submit()
    attempt_id = player.attempt.attempt_id
    page._back()
    return attempt_id


def test_the_pretest_opens_again_from_the_plan_and_goes_back(small_bank, store, clock):
    page = page_for(small_bank, store, clock)
    assert not any(b.startswith("Pre-test,") for b in buttons(page.view))  # nothing sat yet
    attempt_id = sit_pretest(page, clock, set())
    labels = [b for b in buttons(page.view) if b.startswith("Pre-test,")]
    assert labels == ["Pre-test, Monday 2 March 2026: 100%"]
    assert "Your earlier sittings" in shown(page.view)

    page.reopen(attempt_id)
    assert page.player is not None and page.player.attempt.attempt_id == attempt_id
    text = shown(page.holder)
    assert "Pre-test results" in text and "Submitted on Monday 2 March 2026" in text
    assert "Stop here (answers saved)" not in buttons(page.holder)
    page._back()
    assert page.player is None and page.holder.children == (page.plan_box,)

    again = page_for(small_bank, store, clock)  # next week, a fresh kernel: still listed
    assert "Pre-test, Monday 2 March 2026: 100%" in buttons(again.view)


def test_each_sitting_has_its_own_name(small_bank, store, clock):
    page = page_for(small_bank, store, clock)
    sit_pretest(page, clock, {i for i in small_bank.items if i.startswith("m")})
    clock.advance(days=1)
    page = page_for(small_bank, store, clock)
    page.start("review")
    player = page.player
    assert player is not None and player.screen is not None
    for item in player.attempt.items:
        player.saving.play.answer(item.id, item.key)
    player.screen._ask_submit()
    player.screen._submit()
    page._back()
    history = [b for b in buttons(page.view) if b.startswith(("Pre-test", "Review session"))]
    assert history == ["Review session, Tuesday 3 March 2026: 100%", "Pre-test, Monday 2 March 2026: 75%"]
    assert len(set(buttons(page.view))) == len(buttons(page.view)), "every button has its own name"


def test_a_forged_id_opens_nothing(small_bank, store, clock):
    other = page_for(small_bank, store, clock, learner="rx-2")
    theirs = sit_pretest(other, clock, set())
    page = page_for(small_bank, store, clock)
    page.reopen(theirs)  # another learner's sitting
    page.reopen("no-such-attempt")
    assert page.player is None and page.holder.children == (page.plan_box,)
    page.start("pretest")  # under way, not submitted: not an earlier sitting
    open_id = page.player.attempt.attempt_id
    page._leave()
    page.reopen(open_id)
    assert page.player is None
    assert "rx-2" not in shown(page.view)
