"""The review options in the learner's kernel: in an open class exam the widget tree after submit holds
no key, rationale or source text (every string trait of every widget, walked); after the instructor
closes the session the learner's next visit shows everything; a forged check click shows nothing."""

from __future__ import annotations

from tests.support.banks import QUIZ_BANK as TEST_BANK
from tests.support.widget_text import strings

from quizbank import review_policy
from quizbank.class_settings import ClassSettings
from quizbank.items import key_lines
from quizbank.loader import load_bank
from quizbank.store import Store
from widgets.app import QuizApp
from widgets.identity import identity_from_text

ITEMS = ("t-tf", "t-single")


def secrets(bank) -> list[str]:
    found: list[str] = []
    for item_id in ITEMS:
        item = bank.items[item_id]
        found.append(item.rationale)
        found += [c.quote for c in item.citations]
        found += [line for line in key_lines(item) if len(line) > 12]
    return [s for s in found if s]


def _join_and_submit(app: QuizApp, code: str) -> None:
    app.home.code.value = code
    app.home.join_button.click()
    app.current.start_button.click()
    screen = app.current.player.screen
    screen.play.answer("t-tf", True)
    screen._ask_submit()
    screen._submit()


def test_an_open_class_exam_sends_no_key_then_everything_once_closed(tmp_path):
    bank = load_bank([TEST_BANK])
    hidden = secrets(bank)
    assert hidden
    with Store(tmp_path / "records.sqlite3") as store:
        settings = ClassSettings(
            item_ids=ITEMS, mode="exam", feedback="after_submit", review=review_policy.class_defaults("exam")
        )
        code, key = store.create_session(settings.to_dict())
        identity = identity_from_text("s-throwaway-1")
        app = QuizApp(bank, open_store=lambda: store, identity=identity)
        _join_and_submit(app, code)
        text = "\n".join(strings(app.view))
        assert "You scored" in text
        assert not [s for s in hidden if s in text]
        assert "<h3>The answer</h3>" not in text and "<h3>Why</h3>" not in text

        later = QuizApp(bank, open_store=lambda: store, identity=identity)  # a later visit, still open
        later.home.code.value = code
        later.home.join_button.click()
        text = "\n".join(strings(later.view))
        assert "You scored" in text and not [s for s in hidden if s in text]

        store.close_session(code, key)
        after = QuizApp(bank, open_store=lambda: store, identity=identity)
        after.home.code.value = code
        after.home.join_button.click()
        text = "\n".join(strings(after.view))
        assert all(s in text for s in hidden)


def test_old_after_class_settings_still_show_nothing(tmp_path):
    bank = load_bank([TEST_BANK])
    with Store(tmp_path / "records.sqlite3") as store:
        code, _key = store.create_session(
            {"version": 1, "item_ids": list(ITEMS), "mode": "exam", "feedback": "after_class"}
        )
        app = QuizApp(bank, open_store=lambda: store, identity=identity_from_text("s-old-2"))
        _join_and_submit(app, code)
        text = "\n".join(strings(app.view))
        assert "You scored" not in text
        assert not [s for s in secrets(bank) if s in text]
