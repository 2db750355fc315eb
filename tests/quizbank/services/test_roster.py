"""Roster import (quizbank.services.roster): every bad line named, nothing half-imported, codes printable."""

from __future__ import annotations

import pytest

from quizbank.services.learners import learner_id_for
from quizbank.services.roster import RosterProblem, import_roster, parse_roster, printable_codes, reset_secret
from quizbank.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.sqlite3") as s:
        yield s


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("id,name\ns,Ana\n", None),  # too short an id
        ("id,name\ns1001,Ana Lima\n", [("s1001", "Ana Lima")]),
        ("\ufeffStudent ID;x\n", None),
        ("Name,Student ID,Email\n Ana  Lima , S1001 ,a@x\n\nBen,s1002,\n", [("S1001", "Ana Lima"), ("s1002", "Ben")]),
    ],
)
def test_parse_roster_rows(text, rows):
    if rows is None:
        with pytest.raises(RosterProblem):
            parse_roster(text)
    else:
        assert parse_roster(text) == rows


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "The file is empty"),
        ("student,who\na,b\n", "Line 1: the header row needs"),
        ("id,name\n", "no learners"),
        ("id,name\ns1001,\n", "Line 2: the name is missing."),
        ("id,name\ns1001,Ana\nS1001 ,Ana again\n", "Line 3: the id 'S1001' is already on line 2."),
        ("id,name\ns1001,Ana\n<b>,Bad\n", "Line 3: Use only letters"),
        ("id,name\nx,Ana\ns1002,Ben\n,Cy\n", "Line 2: That is too short"),
    ],
)
def test_bad_rosters_name_the_line(text, says):
    with pytest.raises(RosterProblem) as raised:
        parse_roster(text)
    assert says in str(raised.value)


def test_a_bad_row_imports_nothing(store):
    with pytest.raises(RosterProblem) as raised:
        import_roster(store, "id,name\ns1001,Ana\ns1002,\ns1003,Cy\n")
    assert "Line 3" in str(raised.value) and "Nothing was imported" in str(raised.value)
    assert store.get_learner(learner_id_for("s1001")) is None


def test_import_gives_each_learner_a_distinct_code_and_a_printable_list(store):
    codes = import_roster(store, "id,name\ns1001,Ana Lima\ns1002,Ben Okafor\n")
    assert len({c.code for c in codes}) == 2
    sheet = printable_codes(codes)
    assert all(c.code in sheet and c.student_id in sheet and c.display_name in sheet for c in codes)
    assert store.get_learner(learner_id_for("s1001")).display_name == "Ana Lima"  # type: ignore[union-attr]
    secret = store.get_secret(learner_id_for("s1001"))
    assert secret is not None and secret.phrase_hash is None and codes[0].code not in (secret.code_hash or "")


def test_reset_of_an_unknown_id_says_so(store):
    with pytest.raises(RosterProblem, match="No learner has the id 's-none'"):
        reset_secret(store, "s-none")
    with pytest.raises(RosterProblem, match="too short"):
        reset_secret(store, "x")
