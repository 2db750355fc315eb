"""The instructor's session list: every session, newest first, its counts, and keys made again from the secret."""

from __future__ import annotations

import os
import stat

from quizbank.class_settings import ClassSettings
from quizbank.services.classes import close_session, create_session, session_list
from quizbank.services.session_keys import SessionKeys, load_or_create_secret, secret_path


def _join(store, code, learner, submit):
    store.ensure_learner(learner, learner.title())
    attempt = store.start_attempt(
        learner,
        attempt_id=f"a-{learner}-{code}",
        kind="quiz",
        items=[],
        settings={},
        seed="s",
        option_orders={},
        started_at=store.clock(),
        session_code=code,
    )
    if submit:
        store.submit_attempt(learner, attempt, [], seq=1, at=store.clock())


def test_every_session_newest_first_with_its_counts_and_state(store, clock, db_path):
    keys = SessionKeys.beside(db_path)
    first, first_key = create_session(store, ClassSettings(item_ids=("a",), title="Ward 3"), keys)
    clock.advance(60)
    second, _ = create_session(store, ClassSettings(kind="case", case_id="fever", mode="exam", title="Case day"), keys)
    clock.advance(60)
    old, _ = store.create_session(ClassSettings(item_ids=("a",)).to_dict(), instructor_label="Before the list")
    _join(store, first, "ana", submit=True)
    _join(store, first, "ben", submit=False)
    _join(store, second, "cy", submit=False)
    close_session(store, first, first_key)

    listed = session_list(store, keys)
    assert [(x.session.code, x.session.joined, x.session.submitted, x.session.closed) for x in listed] == [
        (old, 0, 0, False),
        (second, 1, 0, False),
        (first, 2, 1, True),
    ]
    assert [x.settings.kind for x in listed] == ["quiz", "case", "quiz"]
    assert listed[2].key == first_key == keys.key_for(first)
    assert store.class_results(second, listed[1].key) == []  # the key shown opens the session
    assert listed[0].key is None  # a random key made before cannot be shown again
    assert all(x.key is None for x in session_list(store))


def test_the_key_secret_is_owner_only_and_the_same_for_every_process(tmp_path):
    path = secret_path(tmp_path / "records.sqlite3")
    secret = load_or_create_secret(path)
    assert load_or_create_secret(path) == secret and len(secret) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert SessionKeys(secret).key_for("K7Q-4MP") != SessionKeys(b"x" * 32).key_for("K7Q-4MP")
