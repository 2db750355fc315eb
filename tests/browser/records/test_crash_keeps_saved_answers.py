"""The server dies mid-quiz (SIGKILL: Voila and every kernel at once, no clean-up): every answer
the learner was told was saved is in the records, and after a restart on the same database
the learner carries on at the same item with their answers shown."""

from __future__ import annotations

import re

import psutil
import pytest

from tests.browser.records import records_steps as steps
from tests.support import quiz_ui as ui
from tests.support.banks import QUIZ_BANK as TEST_BANK
from tests.support.browser_api import expect
from tests.support.kernel_ws import KernelChannel, kernel_id_of
from tests.support.voila import VoilaServer

from quizbank.loader import load_bank
from quizbank.scoring import score

pytestmark = pytest.mark.browser

SEED = "crash-3"  # exam items 1-5: single, bow-tie, select N, true/false, highlight
LEARNER = "s-crash-042"


def test_sigkill_mid_quiz_loses_nothing_the_learner_was_told_was_saved(pages, tmp_path):
    db = tmp_path / "records.sqlite3"
    server = VoilaServer(TEST_BANK, "voila-records-crash.log", db=db)
    try:
        page = pages()
        ui.open_quiz(page, server.url, learner=LEARNER)
        ui.start_quiz(page, "exam", SEED)
        told_saved = []
        for number in range(4):
            told_saved.append(steps.answer_and_wait_saved(page, number))
            ui.go_next(page)
        # Every click the page sent has been handled (and so written) before the kill.
        channel = KernelChannel(server.url, kernel_id_of(page))
        channel.sync()
        channel.close()
        steps.expect_saved(page)
        expect(ui.quiz(page).get_by_text("Item 5 of 10", exact=True)).to_be_visible()
        killed = server.kill()
    finally:
        server.stop()
    assert len(killed) >= 2  # the server and the page's kernel
    assert not [pid for pid in killed if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]

    # The records, read through quizbank.store after the crash: all four answers, right as given.
    bank = load_bank([TEST_BANK])
    record = steps.stored_attempt(db, LEARNER)
    assert not record.submitted and record.seed == SEED
    first_four = record.item_order[:4]
    for item_id in first_four:
        answer = record.responses[item_id].answer
        assert answer is not None, f"{item_id}: told saved, not in the records"
        assert score(bank.items[item_id], answer).correct, f"{item_id}: the stored answer is not the one given"
    assert all(record.responses[i].answer is None for i in record.item_order[4:])
    with steps.Store(db) as store:
        assert store.integrity_check() == "ok"

    # Restart on the same database: the learner carries on at item 5, answers shown.
    server = VoilaServer(TEST_BANK, "voila-records-crash-restarted.log", db=db)
    try:
        page = pages()
        ui.open_page(page, server.url, learner=LEARNER)
        expect(ui.quiz(page).get_by_text(re.compile(r"4 of 10 answered, next item 5"))).to_be_visible()
        steps.continue_quiz(page)
        expect(ui.quiz(page).get_by_text("Item 5 of 10", exact=True)).to_be_visible()
        expect(ui.quiz(page).get_by_text(re.compile(r"^Answered 4 of 10"))).to_be_visible()
        steps.expect_saved(page)
        for number in (4, 3, 2, 1):
            ui.go_previous(page)
            assert ui.stem(page) == told_saved[number - 1]
            expect(ui.quiz(page).locator("input:checked").first).to_be_visible()
        # And the attempt goes on: one more answer is saved and counted.
        for _ in range(4):
            ui.go_next(page)
        steps.answer_and_wait_saved(page, 4)
        assert steps.stored_attempt(db, LEARNER).responses[record.item_order[4]].answer is not None
    finally:
        server.stop()
