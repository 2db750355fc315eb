"""The refresher's widgets in the kernel alone (no browser): the plan visit by visit, forged clicks,
escaping, the clock helper, the sign-in prompt, and no plotting stack in the student's kernel."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

import ipywidgets as ipw
import pytest

from quizbank.store import Store
from widgets.identity import identity_from_text
from widgets.learner import LearnerContext
from widgets.refresher import RefresherHome, SignIn, SignInError, learner_context, refresher_home
from widgets.refresher.clock import clock_from_environment, fake_clock, parse_instant, real_now

NAME = "Ana <b>Costa</b> & Co"


def texts(widget: Any) -> str:
    """Every HTML/label text and button description under `widget`, tags stripped, entities unescaped."""
    found: list[str] = []

    def walk(w: Any) -> None:
        value = getattr(w, "value", None)
        if isinstance(value, str):
            found.append(html.unescape(re.sub(r"<[^>]+>", " ", value)))
        if isinstance(w, ipw.Button):
            found.append(f"[{w.description}]")
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(widget)
    return re.sub(r"\s+", " ", " ".join(found))


def raw_html(widget: Any) -> str:
    found: list[str] = []

    def walk(w: Any) -> None:
        if isinstance(w, ipw.HTML):
            found.append(w.value)
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(widget)
    return "".join(found)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def home(small_bank, store, clock) -> RefresherHome:
    return RefresherHome(small_bank, LearnerContext("rx-1", NAME, store), clock=clock.now, mark=0.7)


def sit(
    page: RefresherHome, clock: Any, answers: dict[str, Any] | None = None, *, right: bool = True, check: bool = False
) -> None:
    """Take the session on screen: answer every item (its key when `right`), then submit through the screen."""
    player = page.player
    assert player is not None and player.screen is not None
    play = player.saving.play  # the attempt and its outbox, as the screen's controls reach them
    for item in play.attempt.items:
        answer = (answers or {}).get(item.id, item.key if right else None)
        if answer is not None:
            play.answer(item.id, answer)
            if check:
                play.check(item.id)
    clock.advance(minutes=5)  # a session takes a few minutes
    player.screen._ask_submit()
    player.screen._submit()


def test_visit_by_visit(small_bank, store, clock):
    page = home(small_bank, store, clock)
    shown = texts(page.view)
    assert "Pre-test (4 questions, about 3 minutes)" in shown and "[Start the pre-test]" in shown
    assert f"Hello, {NAME}." in shown and "<b>Costa</b>" not in raw_html(page.view)

    page.start("posttest")  # forged: the plan does not offer it
    assert page.player is None
    page.start("pretest")
    assert page.player is not None and "Pre-test" in texts(page.player.box)
    missed = {i.id for i in page.player.attempt.items if i.id.startswith(("m", "s"))}
    sit(page, clock, {i: "b" if small_bank.items[i].type == "single" else not small_bank.items[i].key for i in missed})
    shown = texts(page.holder)
    assert "Pre-test results" in shown and "2 questions not fully right at the first try" in shown
    assert "Quiz code" not in shown
    page._back()
    shown = texts(page.view)
    assert "Nothing is due for review today" in shown
    assert "Your next review: 2 questions on Tuesday 3 March 2026" in shown
    assert "[Start" not in shown and page.offered is None

    clock.advance(days=1)
    page = home(small_bank, store, clock)
    assert "2 questions due for review today" in texts(page.view) and page.offered == "review"
    page.start("review")
    assert {i.id for i in page.player.attempt.items} == missed
    assert page.player.attempt.settings.mode == "practice"
    sit(page, clock, check=True)
    assert "Review session results" in texts(page.holder)
    page._back()
    shown = texts(page.view)
    assert "Post-test (4 questions, about 3 minutes)" in shown and "Pass mark: 70%" in shown
    assert "one retake" in shown and page.offered == "posttest"

    page.start("posttest")
    post = page.player.attempt
    assert post.settings.mode == "exam" and not {i.id for i in post.items} & (missed | {"m4-nursing"})
    sit(page, clock)
    assert "You passed (pass mark 70%)" in texts(page.holder)
    page._back()
    shown = texts(page.view)
    assert "Refresher complete" in shown and "Statement of completion" in shown
    assert "This statement is not accredited continuing-education credit." in shown
    assert "Ctrl+P" in shown and NAME in shown
    statement = raw_html(page.view)
    assert "&lt;b&gt;Costa&lt;/b&gt; &amp; Co" in statement and "<b>Costa</b>" not in statement


def test_stop_and_resume_a_session(small_bank, store, clock):
    page = home(small_bank, store, clock)
    page.start("pretest")
    first = page.player.attempt
    page.player.saving.play.answer(first.items[0].id, first.items[0].key)
    page._leave()
    assert page.player is None
    assert "[Resume the pre-test (1 of 4 answered)]" in texts(page.view)
    again = home(small_bank, store, clock)  # a reload: a fresh kernel
    again.start("pretest")
    assert again.player.attempt.attempt_id == first.attempt_id
    assert again.player.screen.position == 1
    assert "Welcome back" in texts(again.player.box)


def test_a_failed_post_test_then_the_retake_then_closed(small_bank, store, clock):
    page = home(small_bank, store, clock)
    page.start("pretest")
    sit(page, clock)  # all right: the post-test opens at once
    page._back()
    page.start("posttest")
    sit(page, clock, right=False)
    assert "Not passed yet" in texts(page.holder)
    page._back()
    assert "Nothing is due for review today" in texts(page.view)
    assert "post-test retake opens once" in texts(page.view)
    clock.advance(days=1)
    page = home(small_bank, store, clock)
    page.start("review")
    sit(page, clock, check=True)
    page._back()
    shown = texts(page.view)
    assert "Post-test retake (4 questions" in shown and "Your first sitting scored 0%" in shown
    page.start("posttest")
    sit(page, clock, right=False)
    assert "Please talk to your educator" in texts(page.holder)
    page._back()
    assert "Post-test sittings used" in texts(page.view)


def test_refresher_home_without_a_store_and_with_a_home_button(small_bank, clock):
    went: list[bool] = []
    view = refresher_home(small_bank, LearnerContext("rx-2", "Bo"), clock=clock.now, on_home=lambda: went.append(True))
    assert "cq-quiz" in view._dom_classes and "Pre-test" in texts(view)
    home_button = next(w for w in _all(view) if isinstance(w, ipw.Button) and w.description == "← Home")
    home_button.click()
    assert went == [True]


def _all(widget: Any) -> list[Any]:
    out = [widget]
    for child in getattr(widget, "children", ()) or ():
        out.extend(_all(child))
    return out


# -- the clock -----------------------------------------------------------------------------


def test_parse_instant():
    assert parse_instant("2026-03-02") == datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    assert parse_instant("2026-03-02T15:30") == datetime(2026, 3, 2, 15, 30, tzinfo=timezone.utc)
    assert parse_instant("2026-03-02T15:30+01:00") == datetime(2026, 3, 2, 14, 30, tzinfo=timezone.utc)


def test_clock_from_environment():
    assert clock_from_environment({}) is real_now
    now = clock_from_environment({"CLINQUIZ_FAKE_NOW": "2026-03-02"})()
    assert now - datetime(2026, 3, 2, 9, tzinfo=timezone.utc) < timedelta(seconds=5)
    with pytest.raises(ValueError, match="CLINQUIZ_FAKE_NOW"):
        clock_from_environment({"CLINQUIZ_FAKE_NOW": "next tuesday"})


def test_fake_clock_runs_on():
    ticks = iter([100.0, 100.0, 160.0])
    clock = fake_clock(datetime(2026, 3, 2, 9, tzinfo=timezone.utc), lambda: next(ticks))
    assert clock() == datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    assert clock() == datetime(2026, 3, 2, 9, 1, tzinfo=timezone.utc)


# -- sign-in --------------------------------------------------------------------------------------


def test_learner_context(store):
    with pytest.raises(SignInError, match="New here"):
        learner_context(store, "rx-ana", "")
    with pytest.raises(SignInError):
        learner_context(store, "<script>", "Ana")
    first = learner_context(store, "  RX-ana ", "Ana  Costa")
    assert first.learner_id == identity_from_text("rx-ana").learner_id, "the same id as the app's id screen"
    assert first.display_name == "Ana Costa" and first.store is store
    again = learner_context(store, "rx-ana", "")
    assert again.display_name == "Ana Costa"


def test_sign_in_prompt(store):
    opened: list[tuple[str, str]] = []

    def ready(learner_id: str, name: str) -> None:
        if not name:
            raise SignInError("New here")
        opened.append((learner_id, name))
        prompt.show(ipw.HTML("refresher"))

    prompt = SignIn(ready)
    prompt.learner_id.value = "rx-1"
    prompt.go.click()
    assert prompt.message.value == "New here" and not opened
    prompt.name.value = "Ana"
    prompt.go.click()
    assert opened == [("rx-1", "Ana")] and texts(prompt.view) == "refresher"
    prompt.go.click()  # forged: the prompt is gone
    assert len(opened) == 1


def test_no_plotting_stack_in_the_students_kernel():
    code = (
        "import sys, widgets.refresher; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pandas'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
