"""The projector view: counts and one item's answers, no names, and no key of an open exam until
the instructor reveals that item (every string trait of the whole tree, walked)."""

from __future__ import annotations

from tests.support.class_seed import RIGHT, WRONG, answer_in_session
from tests.support.widget_text import strings

from quizbank import review_policy
from quizbank.class_settings import ClassSettings
from quizbank.items import key_lines
from widgets.instructor.session_view import SessionView

ITEMS = ("d-single", "d-tf")


def test_nothing_of_the_key_until_revealed(store, bank):
    settings = ClassSettings(
        item_ids=ITEMS, mode="exam", feedback="after_submit", review=review_policy.class_defaults("exam")
    )
    code, key = store.create_session(settings.to_dict(), instructor_label="Ward 3")
    answer_in_session(store, bank, code, "s1", "Alice Example", {i: RIGHT[i] for i in ITEMS}, submit=True)
    answer_in_session(store, bank, code, "s2", "Bob Example", {i: WRONG[i] for i in ITEMS}, submit=False)
    view = SessionView(store, bank, code, key, settings)
    view.refresh(force=True)
    view.projector.value = True
    secrets = [bank.items[i].rationale for i in ITEMS] + [key]
    text = "\n".join(strings(view.box))
    assert "Joined: 2" in text and "Submitted: 1" in text
    assert not [s for s in secrets if s in text]
    assert "Alice Example" not in text and "Bob Example" not in text

    view.projector_view.pick.value = "d-single"
    text = "\n".join(strings(view.box))
    assert "How the class answered" in text and bank.items["d-single"].rationale not in text
    assert "✓" not in text

    view.projector_view.reveal_button.click()
    text = "\n".join(strings(view.box))
    assert bank.items["d-single"].rationale in text
    assert all(line in text for line in key_lines(bank.items["d-single"]))
    assert bank.items["d-tf"].rationale not in text and "Alice Example" not in text

    view.projector.value = False
    assert "Alice Example" in "\n".join(strings(view.box))
    view.stop()
