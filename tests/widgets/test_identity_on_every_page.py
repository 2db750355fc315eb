"""One identity scheme (quizbank.services.learners): the same typed id names the same learner on the
quiz page, the case page and the refresher; on JupyterHub the hub user is the learner everywhere."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

from quizbank.loader import Bank, load_bank
from quizbank.services import learners
from quizbank.store import Store
from widgets.case import entry
from widgets.identity import IdentityScreen, identity_from_environment
from widgets.learner import LearnerContext
from widgets.refresher import learner_context

TYPED = ["s1234567", "  S1234567 ", "Ana  Costa", "rx-jsmith", "Zoë O\u2019Neil"]
NO_HUB = {"QUERY_STRING": ""}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def quiz_page_learner(typed: str) -> str:
    """The learner the quiz page's id screen hands on."""
    chosen: list[str] = []
    screen = IdentityScreen("Quiz", lambda identity: chosen.append(identity.learner_id))
    screen.typed.value = typed
    screen.button.click()
    assert len(chosen) == 1, screen.message.value
    return chosen[0]


@pytest.fixture
def case_learners(monkeypatch) -> list[str]:
    """The learners the case page opens its case screen for (the screen itself is left out)."""
    opened: list[str] = []

    def case_home(bank: Bank, learner: LearnerContext) -> ipw.Widget:
        opened.append(learner.learner_id)
        return ipw.VBox()

    monkeypatch.setattr(entry, "case_home", case_home)
    return opened


def case_page_learner(bank: Bank, store: Store, typed: str, opened: list[str]) -> str:
    """The learner the case page's prompt makes from a typed student id."""
    page = entry.CasePage(bank, NO_HUB, lambda: store)
    page.prompt.name.value = "Ana"
    page.prompt.code.value = typed
    page.prompt.go.click()
    assert len(opened) == 1, page.prompt.message.value
    return opened[0]


@pytest.mark.parametrize("typed", TYPED)
def test_the_same_typed_id_is_the_same_learner_on_every_page(typed, bank, store, case_learners, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    expected = learners.identity_from_text(typed).learner_id
    quiz = quiz_page_learner(typed)
    case = case_page_learner(bank, store, typed, case_learners)
    refresher = learner_context(store, typed, "Ana").learner_id
    assert quiz == case == refresher == expected
    assert store.get_learner(expected) is not None


def test_case_and_spacing_do_not_matter_and_other_ids_differ():
    same = {learners.identity_from_text(t).learner_id for t in ("s1234567", "S1234567", " s1234567 ")}
    assert len(same) == 1
    assert learners.identity_from_text("s1234568").learner_id not in same


@pytest.mark.parametrize(
    ("environ", "typed", "namespace"),
    [
        ({"JUPYTERHUB_USER": "alice"}, "s1234567", "hub"),
        ({"JUPYTERHUB_USER": "  "}, "s1234567", "typed"),
        ({}, "s1234567", "typed"),
    ],
)
def test_the_hub_user_wins_over_the_typed_id(environ, typed, namespace):
    identity = learners.identify(typed, environ)
    assert identity.learner_id.startswith(namespace + "-")
    if namespace == "hub":
        assert identity == learners.hub_identity(environ) == identity_from_environment(environ)
        assert identity.display_name == "alice"
        assert identity.learner_id != learners.identity_from_text(typed).learner_id


def test_on_the_hub_every_page_has_the_hub_user(bank, store, case_learners):
    hub = {"JUPYTERHUB_USER": "alice", "QUERY_STRING": "learner=abcdefgh123&name=Bo"}
    expected = learners.hub_identity(hub)
    assert expected is not None
    assert identity_from_environment(hub) == expected  # the quiz page asks nobody
    page = entry.CasePage(bank, hub, lambda: store)
    assert not hasattr(page, "prompt")  # the case page asks nobody, and the address does not count
    assert case_learners == [expected.learner_id]
    assert learners.sign_in(store, "anything at all", "Alice", hub).learner_id == expected.learner_id


def test_sign_in_keeps_the_saved_name_and_asks_a_new_learner_for_one(store):
    with pytest.raises(learners.IdentityProblem, match="New here"):
        learners.sign_in(store, "rx-ana", "", {})
    first = learners.sign_in(store, "rx-ana", "Ana  Costa", {})
    assert first.display_name == "Ana Costa"
    assert learners.sign_in(store, "RX-ANA", "", {}) == first
