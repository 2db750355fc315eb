"""Who can reach what: one learner's records from another's page, and from the store.

- the store (quizbank.store): every learner-side call with another learner's attempt,
  and with ids that are *almost* theirs (case, spaces, look-alike characters, prefixes,
  SQL wildcards and quotes), is refused and changes nothing in the database file;
- the page: the student quiz takes no attempt id from the page. A learner who puts another
  learner's stored id, attempt id or quiz code into every field and every forged message
  of their own page reaches none of that learner's records; typing another learner's
  stored id (or attempt id) as one's own student id opens an empty record, not theirs;
- on JupyterHub (JUPYTERHUB_USER) the learner is fixed by the server and no forged message
  changes it.

In a classroom without logins the typed student id *is* the identity: whoever types
another student's id is that student (tests/HARDENING.md says what mitigates that).
The instructor's server without its token is in test_access_http.py.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from random import Random
from typing import Any

import pytest

from tests.hardening import fuzz_oracle as oracle
from tests.hardening import fuzz_wire as fw
from tests.hardening import wire_learner as wl
from tests.hardening.recorded import recorded_attempt
from tests.support.banks import QUIZ_BANK as TEST_BANK
from tests.support.student_server import StudentServer

from quizbank.loader import Bank, load_bank
from quizbank.session import QuizSettings
from quizbank.store import AccessDenied, FinalState, NotFound, Store, StoreError
from widgets.identity import identity_from_text, learner_id_for

# -- learner against learner: the store -------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([TEST_BANK])


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def near(learner_id: str) -> list[Any]:
    """Ids that are almost `learner_id`, and a few that match everything in careless code."""
    found = [
        learner_id.upper(),
        learner_id.lower() + " ",
        " " + learner_id,
        learner_id[:-1],
        learner_id + "x",
        learner_id.replace("e", "е"),  # Cyrillic e (every stored id has the e of "typed")
        learner_id + "\x00",
        "%",
        "_" * len(learner_id),
        "*",
        "' OR '1'='1",
        f"{learner_id}' --",
        "",
        " ",
        None,
        0,
        ["x"],
        learner_id.encode(),
    ]
    assert learner_id not in found
    return found


def test_the_store_refuses_other_learners_attempts_whatever_id_is_sent(tmp_path: Path, bank: Bank) -> None:
    db = tmp_path / "records.sqlite3"
    ana, bob = identity_from_text("ana-0001").learner_id, identity_from_text("bob-0002").learner_id
    with Store(db) as store:
        store.ensure_learner(ana, "ana-0001")
        store.ensure_learner(bob, "bob-0002")
        items = list(bank.items)
        attempt = recorded_attempt(
            store, ana, bank, QuizSettings(mode="practice", length=len(items)), item_ids=items, seed="ana-seed"
        )
        attempt.answer("t-single", "a")
        attempt.check("t-single")
        attempt.answer("t-tf", True)
        theirs = attempt.attempt_id
        mine = recorded_attempt(
            store, bob, bank, QuizSettings(mode="exam", length=2), item_ids=items[:2], seed="bob-seed"
        ).attempt_id
        before = dump(db)
        calls = {
            "load_attempt": lambda who, aid: store.load_attempt(who, aid),
            "record_answer": lambda who, aid: store.record_answer(who, aid, "t-tf", False, seq=99, at=1.0),
            "record_check": lambda who, aid: store.record_check(
                who, aid, "t-tf", False, tries=1, locked=True, points=1.0, seq=99, at=1.0
            ),
            "record_flag": lambda who, aid: store.record_flag(who, aid, "t-tf", True, seq=99, at=1.0),
            "submit_attempt": lambda who, aid: store.submit_attempt(
                who, aid, [FinalState("t-tf", True, 1.0, 1)], seq=99, at=1.0
            ),
            "record_case_choice": lambda who, aid: store.record_case_choice(
                who, aid, seq=99, step_id="s", choice_id="c", at=1.0
            ),
        }
        tried = 0
        for call in calls.values():
            for who in [bob, *near(ana)]:
                tried += 1
                with pytest.raises((AccessDenied, ValueError, TypeError, sqlite3.Error)):
                    call(who, theirs)
            for aid in [theirs.upper(), theirs[:-1], theirs + " ", "%", "_" * len(theirs), "' OR 1=1 --", mine + "%"]:
                tried += 1
                with pytest.raises((NotFound, AccessDenied, ValueError, sqlite3.Error)):
                    call(bob, aid)
        # Reading lists by another learner's id returns nothing for ids that are only almost theirs.
        for who in near(ana):
            if isinstance(who, str):
                assert store.list_attempts(who) == [] and store.find_open_attempt(who, None, "quiz") is None
                assert store.load_cards(who) == {}
        # Bob's own attempt still takes Bob's writes: the refusals above were about ownership, not a broken store.
        assert bank.items["t-single"].type == "single" and "t-single" in items[:2]
        assert store.record_answer(bob, mine, "t-single", "a", seq=1, at=1.0).ok
    after = dump(db)
    changed = [line for line in after if line not in before]
    assert [line for line in changed if mine not in line] == [], "a refused call changed the database"
    print(f"store: {tried} calls with another learner's attempt refused")


def test_stored_ids_are_namespaced_so_no_typed_text_is_a_hub_learner() -> None:
    """On JupyterHub the learner is `hub-…`; nothing typed on a page without logins maps to a hub learner."""
    for text in ("alice", "hub-alice", learner_id_for("alice", "hub")):
        typed = identity_from_text(text).learner_id
        assert typed.startswith("typed-") and typed != learner_id_for("alice", "hub")


# -- learner against learner: the page ---------------------------------------------------------------


@pytest.fixture(scope="module")
def quiz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudentServer]:
    db = tmp_path_factory.mktemp("access-records") / "records.sqlite3"
    Store(db).close()
    server = StudentServer(db, "voila-access.log").start()
    try:
        yield server
    finally:
        server.stop()


def victim_on_page(server: StudentServer, bank: Bank, typed: str) -> tuple[str, str, str]:
    """A learner who answered through the page; their stored id, attempt id and quiz code."""
    learner = wl.WireLearner(server.url, bank, typed, Random(7))
    try:
        learner.connect()
        learner.sign_in()
        code = learner.open_quiz("practice", f"v{uuid.uuid4().hex[:8]}")
        for _ in range(3):
            assert learner.answer_here() is not None
            learner.press("Next →")
    finally:
        learner.close()
    learner_id = identity_from_text(typed).learner_id
    with Store(server.db) as store:
        (attempt,) = store.list_attempts(learner_id)
    return learner_id, attempt.attempt_id, code


def forge_everything(wire: fw.Wire, values: list[str]) -> int:
    """Every text field, every button, every widget: another learner's ids in every form a page can send."""
    sent = 0
    for value in values:
        for comm_id, state in list(wire.states.items()):
            model = state.get("_model_name")
            if model == "TextModel":
                wire.update(comm_id, {"value": value}, local=False)
                sent += 1
            wire.update(comm_id, {"attempt_id": value, "learner_id": value}, local=False)
            wire.comm_msg(
                comm_id,
                {
                    "method": "custom",
                    "content": {"event": "click", "attempt_id": value, "learner_id": value, "resume": value},
                },
            )
            sent += 2
        for comm_id, state in list(wire.states.items()):
            if state.get("_model_name") == "ButtonModel" and state.get("description") not in ("Change id",):
                wire.click(comm_id)
                sent += 1
        wire.sync()
    return sent


@pytest.mark.browser
def test_another_learners_ids_in_forged_messages_reach_none_of_their_records(
    quiz_server: StudentServer, bank: Bank
) -> None:
    victim_id, victim_attempt, victim_code = victim_on_page(quiz_server, bank, "victim-ui-0007")
    attacker = wl.WireLearner(quiz_server.url, bank, "attacker-0008", Random(8))
    try:
        attacker.connect()
        attacker.sign_in()
        before = oracle.snapshot(quiz_server.db, identity_from_text("attacker-0008").learner_id, [victim_id])
        sent = forge_everything(attacker.w, [victim_id, victim_attempt, victim_code, f"{victim_id}/{victim_attempt}"])
        after = oracle.snapshot(quiz_server.db, identity_from_text("attacker-0008").learner_id, [victim_id])
        assert after.others == before.others, "the other learner's records changed"
        everything = repr(attacker.w.states)
        assert "victim-ui-0007" not in everything  # their name never reached this page
        print(f"page: {sent} forged messages carrying another learner's ids")
    finally:
        attacker.close()


@pytest.mark.browser
@pytest.mark.parametrize("what", ["stored id", "attempt id", "quiz code"])
def test_typing_another_learners_stored_id_opens_an_empty_record(
    quiz_server: StudentServer, bank: Bank, what: str
) -> None:
    """The only key to a learner's records is what they type; nothing the system shows or stores opens them."""
    typed = f"victim-{what.replace(' ', '-')}-01"
    victim_id, victim_attempt, victim_code = victim_on_page(quiz_server, bank, typed)
    text = {"stored id": victim_id, "attempt id": victim_attempt, "quiz code": victim_code}[what]
    other = wl.WireLearner(quiz_server.url, bank, text[:60], Random(9))
    try:
        other.connect()
        other.sign_in()
        assert other.w.button("Continue your quiz") is None  # nothing in progress: not the victim's records
        assert other.w.button("Quiz") is not None
        assert identity_from_text(text[:60]).learner_id != victim_id
    finally:
        other.close()
    with Store(quiz_server.db) as store:
        assert [a.attempt_id for a in store.list_attempts(victim_id)] == [victim_attempt]


@pytest.mark.browser
def test_typing_the_same_student_id_is_being_that_student(quiz_server: StudentServer, bank: Bank) -> None:
    """The documented threat of a classroom without logins: the typed id is the identity (see HARDENING.md)."""
    victim_id, _, _ = victim_on_page(quiz_server, bank, "S-Shared 4242")
    same = wl.WireLearner(quiz_server.url, bank, "  s-shared   4242 ", Random(10))
    try:
        same.connect()
        same.sign_in()
        assert same.w.button("Continue your quiz") is not None
    finally:
        same.close()


@pytest.fixture(scope="module")
def hub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudentServer]:
    db = tmp_path_factory.mktemp("access-hub") / "records.sqlite3"
    Store(db).close()
    server = StudentServer(db, "voila-access-hub.log", extra_env={"JUPYTERHUB_USER": "alice-hub"})
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.browser
def test_on_jupyterhub_no_forged_message_changes_who_the_learner_is(hub_server: StudentServer, bank: Bank) -> None:
    victim_id, victim_attempt, victim_code = victim_on_page_hub(hub_server, bank)
    kernel_id, _ = fw.open_page(hub_server.url)
    wire = fw.Wire(hub_server.url, kernel_id)
    try:
        wire.load()
        assert wire.shows(r"Hello, alice-hub") and wire.button("Change id") is None
        forge_everything(wire, ["victim-0001", victim_id, victim_attempt, victim_code])
        assert not wire.shows(r"Hello, (?!alice-hub)")  # the forged page went elsewhere, never to another learner
    finally:
        wire.close()
    kernel_id, _ = fw.open_page(hub_server.url)  # and the next page is alice's again
    wire = fw.Wire(hub_server.url, kernel_id)
    try:
        wire.load()
        assert wire.shows(r"Hello, alice-hub")
    finally:
        wire.close()
    with Store(hub_server.db) as store:
        assert [a.attempt_id for a in store.list_attempts(victim_id)] == [victim_attempt]
        assert store.get_learner(identity_from_text("victim-0001").learner_id) is not None
        assert store.get_learner(learner_id_for("victim-0001", "hub")) is None


def victim_on_page_hub(server: StudentServer, bank: Bank) -> tuple[str, str, str]:
    """On the hub server every page is alice; the victim's records are written straight to the store."""
    identity = identity_from_text("victim-0001")
    items = list(bank.items)
    with Store(server.db) as store:
        store.ensure_learner(identity.learner_id, identity.display_name)
        attempt = recorded_attempt(
            store,
            identity.learner_id,
            bank,
            QuizSettings(mode="exam", length=len(items)),
            item_ids=items,
            seed="victim-hub",
        )
        attempt.answer("t-tf", True)
    return identity.learner_id, attempt.attempt_id, "victim-hub"


def test_store_errors_name_no_other_learner(tmp_path: Path, bank: Bank) -> None:
    """What a refusal says (shown to a learner in words) names nobody: not whose attempt it is."""
    db = tmp_path / "records.sqlite3"
    with Store(db) as store:
        store.ensure_learner("typed-aaa", "Ana Secret")
        attempt = recorded_attempt(
            store, "typed-aaa", bank, QuizSettings(length=2), item_ids=list(bank.items)[:2], seed="s"
        )
        store.ensure_learner("typed-bbb", "Bob")
        with pytest.raises(StoreError) as refusal:
            store.load_attempt("typed-bbb", attempt.attempt_id)
    assert "typed-aaa" not in str(refusal.value) and "Ana" not in str(refusal.value)
