"""Enter in a text field runs its form's button (the 'submit' message ipywidgets' text box sends)."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from widgets.case.entry import LearnerPrompt
from widgets.keys import on_enter
from widgets.refresher.signin import SignIn

ENTER = {"event": "submit"}


def press_enter(field: ipw.Text) -> None:
    field._handle_custom_msg(ENTER, [])


def test_enter_runs_the_action_and_other_messages_do_not() -> None:
    runs: list[str] = []
    first, second = ipw.Text(), ipw.Text()
    on_enter([first, second], lambda: runs.append("go"))
    press_enter(first)
    press_enter(second)
    first._handle_custom_msg({"event": "other"}, [])
    first._handle_custom_msg("submit", [])
    assert runs == ["go", "go"]


def test_enter_in_the_refresher_sign_in_continues_with_what_was_typed() -> None:
    seen: list[tuple[str, str]] = []
    form = SignIn(lambda learner, name: seen.append((learner, name)))
    form.learner_id.value, form.name.value = "rx-jsmith", "J Smith"
    press_enter(form.name)
    assert seen == [("rx-jsmith", "J Smith")]


def test_enter_in_the_case_prompt_says_what_is_missing() -> None:
    ready: list[Any] = []
    prompt = LearnerPrompt(lambda: None, ready.append)  # type: ignore[arg-type,return-value]
    prompt.code.value = "s1234567"
    press_enter(prompt.code)
    assert prompt.message.value == "Type your name first." and ready == []
