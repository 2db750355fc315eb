"""Identity rules and the home screen's escaping, in-process (no browser)."""

from __future__ import annotations

import pytest

from quizbank.store import Store
from widgets.home import HomeActions, HomeScreen
from widgets.identity import IdentityProblem, identity_from_environment, identity_from_text, learner_id_for
from widgets.learner import LearnerContext


def test_the_same_id_however_typed_is_the_same_learner():
    same = {identity_from_text(t).learner_id for t in ("S1234567", " s1234567", "s1234567  ", "ｓ１２３４５６７")}
    assert len(same) == 1
    assert identity_from_text("Ana Lima").learner_id == identity_from_text("  ana   LIMA").learner_id
    assert identity_from_text("Ana Lima").display_name == "Ana Lima"
    assert identity_from_text("s1234567").learner_id != identity_from_text("s1234568").learner_id
    learner_id = identity_from_text("s1234567").learner_id
    assert learner_id.startswith("typed-") and "1234567" not in learner_id  # the typed id is not the key
    for bad in ("", "x", "a" * 61, "<b>", "ann\u0007", "--"):
        with pytest.raises(IdentityProblem):
            identity_from_text(bad)


def test_the_jupyterhub_user_is_the_learner_and_never_the_same_as_a_typed_id():
    hub = identity_from_environment({"JUPYTERHUB_USER": "ana"})
    assert hub is not None and hub.display_name == "ana"
    assert hub.learner_id == learner_id_for("ana", "hub") != identity_from_text("ana").learner_id
    assert identity_from_environment({}) is None
    assert identity_from_environment({"JUPYTERHUB_USER": "  "}) is None


def test_names_are_shown_as_text_not_markup(tmp_path):
    store = Store(tmp_path / "records.sqlite3")
    name = '<img src=x onerror="alert(1)"> & <b>Ann</b>'  # e.g. a JupyterHub user name: not checked by us
    store.ensure_learner("hub-x", name)
    actions = HomeActions(
        quiz=lambda: None,
        resume=lambda _a: None,
        join=lambda _s: None,
        case=lambda: None,
        refresher=lambda: None,
        change_learner=lambda: None,
    )
    home = HomeScreen(LearnerContext("hub-x", name, store), actions)
    html = "".join(w.value for w in home.box.children if hasattr(w, "value") and isinstance(w.value, str))
    assert "<img" not in html and "<b>Ann" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;Ann&lt;/b&gt;" in html
    store.close()
