"""Forged and malformed widget messages sent to a live kernel of the student quiz.

The student quiz runs as `make serve` runs it (widgets.server.voila_app with the repository's
voila.json); a learner's page is opened, and a second websocket session on the page's
kernel (what a forged browser could send: tests/hardening/fuzz_wire.py) sends at least
1,000 messages (10,000 with CLINQUIZ_DEEP=1) chosen by a seeded random generator
(CLINQUIZ_FUZZ_SEED, default below; every message is written to
test-artifacts/fuzz-widgets-<phase>.log so a failure can be replayed):

- updates with values outside the options, wrong types and shapes, huge strings, deeply
  nested JSON, unknown keys carrying another learner's ids; clicks on disabled, hidden
  and closed buttons and on widgets that are not buttons; unknown methods, unknown and
  closed model ids; invalid buffers; widgets opened from the page; message types Voila
  does not allow (execute_request, ...); and, where no browser is watching, re-arranged
  widget trees (`children`), renamed and re-styled buttons and closed widgets;
- in four situations: a practice quiz half done (in Chromium), an exam before and after
  submission, a timed class quiz across its time limit, and the websocket itself
  (malformed frames, on both the legacy and the v1 protocol).

The oracle (tests/hardening/fuzz_oracle.py), checked every 25 messages: nothing in the
store changes that a real learner could not have done; the kernel answers; the server
answers; no traceback or error message reaches the client; no answer key or rationale
reaches the page of an exam before it is submitted. Afterwards the quiz still works: a
real click in Chromium still answers and saves.

Buttons that take the learner elsewhere (Submit…, Start a new quiz, ← Home, ...) are not
clicked while they are on screen: a learner may press them, and what follows is another
situation (tested on its own), not a forgery.

The websocket's frames and the targeted forgeries are in test_fuzz_kernel.py; the forger, the
fixtures and the phase runner in fuzz_forger.py, fuzz_forger_aim.py and fuzz_session.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from random import Random
from typing import Any

import pytest

from tests.hardening import fuzz_oracle as oracle
from tests.hardening import fuzz_wire as fw
from tests.hardening.fuzz_forger import Forger
from tests.hardening.fuzz_session import (  # noqa: F401 - the fixtures these tests use
    SEED,
    SIZES,
    TIME_LIMIT_S,
    Phase,
    assert_fresh_page_works,
    bank,
    leaked,
    learner_wire,
    marker,
    server,
    victim,
)

from quizbank.class_settings import ClassSettings
from quizbank.store import Store
from widgets.identity import identity_from_text

# -- the tests -----------------------------------------------------------------------------------


@pytest.mark.browser
def test_forged_messages_on_a_practice_quiz_in_the_browser(server, bank, victim, marker, browser_page):  # noqa: F811 - fixtures from fuzz_session
    """A practice quiz open in Chromium, half done; the forger speaks to its kernel on a second connection."""
    from tests.support import quiz_ui as ui
    from tests.support.browser_api import expect

    page = browser_page
    typed = f"fuzz-practice-{SEED}"
    ui.open_quiz(page, server.url, learner=typed)
    ui.start_quiz(page, "practice", f"fz{SEED % 10**6}")
    ui.spec_on_screen(page).right(page)
    ui.wait_answered(page, 1)
    page.get_by_role("button", name="Check answer").click()
    expect(ui.quiz(page).locator(".cq-verdict")).to_be_visible()
    ui.go_next(page)
    ui.spec_on_screen(page).wrong(page)
    ui.wait_answered(page, 2)
    ui.go_next(page)
    expect(ui.quiz(page).locator(".cq-saved")).to_have_text(fw.SAVED)

    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    wire = fw.Wire(server.url, kernel_id)
    try:
        wire.load()
        learner_id = identity_from_text(typed).learner_id
        phase = Phase("practice", server, bank, victim, learner_id)
        forger = Forger(wire, Random(SEED), victim, marker, None, presentation=False)
        phase.run(forger, SIZES["practice"])
        assert not marker.exists(), "a forged execute_request ran code in the kernel"
        print(f"practice: {forger.sent} messages {dict(forger.kinds)}")

        # The same page and kernel still work: a real flag, a real submission, a new quiz, a real answer.
        before = phase.snapshot()
        flag = ui.quiz(page).get_by_role("button", name=re.compile(r"^(⚐ Flag for review|⚑ Flagged: tap to unflag)$"))
        was_flagged = flag.inner_text().startswith("⚑")
        flag.click()
        expect(
            ui.quiz(page).get_by_role("button", name="⚐ Flag for review" if was_flagged else "⚑ Flagged: tap to unflag")
        ).to_be_visible()
        ui.submit(page)
        page.get_by_role("button", name="Start a new quiz").click()
        # The forger may have changed the (hidden) start screen's choices, as the learner could (even to a
        # topic and objective no question has). The kernel does not send a forged index back to the page
        # (the sender is taken to hold it), so this page may not show the kernel's choice: choose another
        # value and then the wanted one, so that each choice reaches the kernel. Any length will do.
        for kind, name, other, wanted in (
            ("radio", None, "Nurse", "Either (all questions)"),
            ("combobox", "Topic", "Dosing", "All topics"),
            ("combobox", "Learning objective", "Explain how anakinra works.", "Any learning objective"),
        ):
            if kind == "radio":
                page.get_by_role("radio", name=other, exact=True).check()
                page.get_by_role("radio", name=wanted, exact=True).check()
            else:
                box = page.get_by_role("combobox", name=name)
                box.select_option(label=other)
                box.select_option(label=wanted)
        page.get_by_role("radio", name=ui.MODE_LABEL["practice"], exact=True).check()
        page.get_by_role("radio", name=ui.MODE_LABEL["exam"], exact=True).check()
        ui.seed_box(page).fill(f"after{SEED % 10**6}")
        page.get_by_role("button", name="Start quiz").click()
        expect(ui.quiz(page).get_by_text(re.compile(r"^Item 1 of \d+$"))).to_be_visible()
        spec = ui.spec_on_screen(page)
        spec.right(page)
        ui.wait_answered(page, 1)
        expect(ui.quiz(page).locator(".cq-saved")).to_have_text(fw.SAVED)
        after = phase.snapshot()
        assert oracle.problems(before, after, bank, new_attempts=1) == []
        new = [a for a in after.mine.values() if a.attempt_id not in before.mine]
        assert len(new) == 1 and new[0].responses[spec.id].answer is not None  # the real answer is saved
        old = next(iter(before.mine))
        handed_in, earlier = after.mine[old], before.mine[old]
        assert handed_in.submitted and any(
            handed_in.responses[i].flagged != earlier.responses[i].flagged for i in handed_in.item_order
        )
        assert not leaked(wire)
    finally:
        wire.close()


def test_forged_messages_on_an_exam_before_and_after_submission(server, bank, victim, marker):  # noqa: F811 - fixtures from fuzz_session
    rng = Random(SEED + 1)
    typed = f"fuzz-exam-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    try:
        learner.open_quiz("exam", f"ex{SEED % 10**6}")
        for _ in range(3):
            assert learner.answer_here() is not None
            learner.press("Next →")
        learner_id = identity_from_text(typed).learner_id
        # With the page re-arranged, the forger can reach what a learner reaches by other buttons (hand in,
        # start another quiz): new attempts are allowed, and are checked like any other.
        phase = Phase("exam-open", server, bank, victim, learner_id, allow_new_attempts=True, exam_open=True)
        forger = Forger(learner.w, rng, victim, marker, None, presentation=True)
        phase.run(forger, SIZES["exam"] // 2)
        # An honest submission (the page may have been re-arranged by the forger: reload it first).
        learner.close()
        learner = learner_wire(server, bank, typed, rng)
        learner.open_quiz("exam")
        assert learner.submit() is not None, learner.w.texts()[:8]
        phase = Phase("exam-submitted", server, bank, victim, learner_id, allow_new_attempts=True)
        forger = Forger(learner.w, rng, victim, marker, None, presentation=True)
        phase.run(forger, SIZES["exam"] - SIZES["exam"] // 2)
        assert not marker.exists(), "a forged execute_request ran code in the kernel"
        print(f"exam: {forger.sent} messages after submission {dict(forger.kinds)}")
    finally:
        learner.close()
    assert_fresh_page_works(server, bank, typed, rng)


def test_forged_messages_on_a_timed_class_quiz_across_its_time_limit(server, bank, victim, marker):  # noqa: F811 - fixtures from fuzz_session
    rng = Random(SEED + 2)
    settings = ClassSettings(
        kind="quiz",
        item_ids=tuple(bank.items),
        mode="practice",
        feedback="each_answer",
        time_limit_s=TIME_LIMIT_S,
        title="Fuzzed class",
    )
    with Store(server.db) as store:
        session = store.create_session(settings.to_dict(), "fuzz")
    typed = f"fuzz-timed-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    try:
        learner.w.update(learner.w.one("TextModel", description="Join code"), {"value": session.code})
        learner.press("Join class")
        learner.press("Start")
        assert learner.answer_here() is not None
        learner_id = identity_from_text(typed).learner_id
        with Store(server.db) as store:
            (attempt,) = store.list_attempts(learner_id)
        assert attempt.deadline is not None
        phase = Phase("timed", server, bank, victim, learner_id)
        forger = Forger(learner.w, rng, victim, marker, None, presentation=True)
        last = phase.run(forger, SIZES["timed"], keep_going=lambda: time.time() < attempt.deadline + 1.5)
        record = last.mine[attempt.attempt_id]
        assert record.submitted, "the kernel did not submit the attempt at its time limit"
        assert all(r.answered_at is None or r.answered_at <= attempt.deadline for r in record.responses.values())
        print(f"timed: {forger.sent} messages {dict(forger.kinds)}")
    finally:
        learner.close()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A Chromium page (Debian's), refusing any request to an outside host."""
    from tests.support.pages import DESKTOP, launched_browser, open_pages

    with launched_browser() as chromium, open_pages(chromium) as opened:
        page = opened.recording(DESKTOP).page
        page.set_default_timeout(60_000)
        yield page
