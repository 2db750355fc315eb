"""The sign-in rules (quizbank.services.signin): new learners, phrases, one-time codes, the rate limit,
device tokens and where a page's learner comes from. Tables of cases, one store per test."""

from __future__ import annotations

import os
import stat

import pytest

from quizbank.services import device_tokens as dt
from quizbank.services import signin as si
from quizbank.services.identity_sources import DeviceCookieSource, HubSource, page_identity, request_cookie
from quizbank.services.learners import learner_id_for
from quizbank.services.roster import import_roster, reset_secret
from quizbank.services.secrets_words import hash_secret, new_code, new_phrase, secret_matches, tidy_secret
from quizbank.store import Store

KEY = b"k" * 64
NOW = 1_800_000_000.0


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.sqlite3") as s:
        yield s


def new_learner(store, typed="s1001", name="Ana Lima", address="10.0.0.1"):
    result = si.sign_in(store, KEY, typed, "", name, address, NOW)
    assert result.status == "new_phrase", result
    return result


@pytest.mark.parametrize(
    ("typed", "stored", "matches"),
    [
        ("river-apple-stone-42", "river-apple-stone-42", True),
        ("River Apple  STONE 42", "river-apple-stone-42", True),
        ("riverapplestone42", "river-apple-stone-42", True),
        ("k7qp4mxz", "K7QP-4MXZ", True),
        ("river-apple-stone-43", "river-apple-stone-42", False),
        ("", "river-apple-stone-42", False),
    ],
)
def test_a_secret_matches_its_hash_in_any_case_and_spacing(typed, stored, matches):
    assert secret_matches(typed, hash_secret(stored)) is matches


def test_secrets_are_salted_and_never_stored_plain():
    one, two = hash_secret("river-apple-stone-42"), hash_secret("river-apple-stone-42")
    assert one != two and "river" not in one and one.startswith("scrypt$")
    assert not secret_matches("x", None) and not secret_matches("x", "garbage") and not secret_matches("x", "a$b")


def test_new_phrases_and_codes_are_easy_to_write_and_differ():
    phrases = {new_phrase() for _ in range(50)}
    assert len(phrases) == 50
    for phrase in phrases:
        *words, digits = phrase.split("-")
        assert len(words) == 3 and all(w.isalpha() and w.islower() for w in words) and len(digits) == 2
    code = new_code()
    assert len(code) == 9 and code[4] == "-" and tidy_secret(code).isalnum()


def test_a_new_id_asks_a_name_then_creates_the_learner_with_a_phrase_shown_once(store):
    asked = si.sign_in(store, KEY, "S1001", "", "", "a", NOW)
    assert asked.status == "need_name" and store.get_learner(learner_id_for("S1001")) is None
    made = new_learner(store)
    assert made.learner_id == learner_id_for("s1001") and made.display_name == "Ana Lima" and made.phrase
    secret = store.get_secret(made.learner_id)
    assert secret is not None and secret.code_hash is None and made.phrase not in (secret.phrase_hash or "")
    assert dt.read_token(KEY, made.token).learner_id == made.learner_id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "secret", "status", "message"),
    [
        (" s1001 ", "PHRASE", "signed_in", ""),  # the id in any spacing and case, the phrase
        ("S1001", "PHRASE-upper", "signed_in", ""),
        ("s1001", "wrong-words-here-00", "refused", si.NO_MATCH),
        ("s9999", "wrong-words-here-00", "refused", si.NO_MATCH),  # an unknown id: the very same words
        ("s1001", "", "refused", si.TAKEN),  # a known id with no secret does not create or reach it
        ("x", "whatever", "refused", "That is too short: use at least 2 characters."),
    ],
)
def test_signing_in_with_id_and_secret(store, typed, secret, status, message):
    made = new_learner(store)
    typed_secret = made.phrase.upper() if secret == "PHRASE-upper" else made.phrase if secret == "PHRASE" else secret
    result = si.sign_in(store, KEY, typed, typed_secret, "Someone Else", "10.0.0.2", NOW)
    assert (result.status, result.message) == (status, message)
    assert (result.token != "") is (status == "signed_in")
    learner = store.get_learner(made.learner_id)
    assert learner is not None and learner.display_name == "Ana Lima"  # never renamed by a stranger


def test_wrong_tries_are_rate_limited_per_id_the_same_whether_it_exists_or_not(store):
    made = new_learner(store)
    for typed in ("s1001", "s-nobody"):
        messages = [si.sign_in(store, KEY, typed, "no-no-no-00", "", f"addr-{typed}", NOW).message for _ in range(6)]
        assert messages[: si.LIMIT_PER_ID - 1] == [si.NO_MATCH] * (si.LIMIT_PER_ID - 1)
        assert messages[si.LIMIT_PER_ID - 1 :] == [si.WAIT] * (7 - si.LIMIT_PER_ID)
    blocked = si.sign_in(store, KEY, "s1001", made.phrase, "", "fresh-address", NOW + 60)
    assert (blocked.status, blocked.message) == ("refused", si.WAIT)  # even the right phrase waits
    later = si.sign_in(store, KEY, "s1001", made.phrase, "", "fresh-address", NOW + si.WINDOW_S + 1)
    assert later.status == "signed_in"


def test_wrong_tries_are_rate_limited_per_address_across_ids(store):
    for n in range(si.LIMIT_PER_ADDRESS):
        si.sign_in(store, KEY, f"s-{n:04d}", "no-no-no-00", "", "10.9.9.9", NOW)
    assert si.sign_in(store, KEY, "s-other", "no-no-no-00", "", "10.9.9.9", NOW).message == si.WAIT
    assert si.sign_in(store, KEY, "s-other", "no-no-no-00", "", "10.9.9.8", NOW).message == si.NO_MATCH


def test_the_failure_table_holds_no_typed_id_or_address(store, tmp_path):
    si.sign_in(store, KEY, "s-secret-id", "no-no-no-00", "", "192.168.7.7", NOW)
    raw = (tmp_path / "r.sqlite3").read_bytes() + (tmp_path / "r.sqlite3-wal").read_bytes()
    assert b"s-secret-id" not in raw and b"192.168.7.7" not in raw


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # the signature changed
        lambda t: dt.make_token(b"another key" * 4, dt.read_token(KEY, t)),  # signed with another key
        lambda t: dt.make_token(KEY, dt.DeviceClaim("typed-" + "0" * 32, "d" * 32, 1)),  # a device never issued
        lambda t: "",
        lambda t: "not.a.token",
        lambda t: "@@@.###",
    ],
)
def test_a_forged_or_tampered_token_names_nobody(store, tamper):
    made = new_learner(store)
    assert dt.verified_claim(store, KEY, made.token) is not None
    assert dt.verified_claim(store, KEY, tamper(made.token)) is None


def test_a_token_for_another_learner_cannot_be_made_from_ones_own(store):
    mine, theirs = new_learner(store, "s-me"), new_learner(store, "s-them")
    claim = dt.read_token(KEY, mine.token)
    assert claim is not None
    forged = dt.make_token(b"guess" * 8, dt.DeviceClaim(theirs.learner_id, claim.device_id, claim.issued_at))
    assert dt.verified_claim(store, KEY, forged) is None
    # even rightly signed, my device names me, not them
    relabelled = dt.make_token(KEY, dt.DeviceClaim(theirs.learner_id, claim.device_id, claim.issued_at))
    assert dt.verified_claim(store, KEY, relabelled) is None


def test_the_signing_key_is_made_once_owner_only(tmp_path):
    path = tmp_path / "deep" / "clinquiz-signing.key"
    first = dt.signing_key(path)
    assert dt.signing_key(path) == first and len(first) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_roster_code_signs_in_once_and_gives_a_new_phrase(store):
    codes = import_roster(store, "id,name\ns2001,Ben Okafor\ns2002,Chen Wu\n")
    assert [(c.student_id, c.display_name) for c in codes] == [("s2001", "Ben Okafor"), ("s2002", "Chen Wu")]
    assert si.sign_in(store, KEY, "s2001", "", "Me", "a", NOW).message == si.TAKEN  # not claimable without the code
    first = si.sign_in(store, KEY, "s2001", codes[0].code.lower(), "", "a", NOW)
    assert first.status == "new_phrase" and first.display_name == "Ben Okafor" and first.phrase
    again = si.sign_in(store, KEY, "s2001", codes[0].code, "", "b", NOW)
    assert again.message == si.NO_MATCH  # used up
    assert si.sign_in(store, KEY, "s2001", first.phrase, "", "b", NOW).status == "signed_in"
    assert si.sign_in(store, KEY, "s2002", codes[0].code, "", "c", NOW).message == si.NO_MATCH  # another's code


def test_a_reset_revokes_every_device_and_the_old_phrase(store):
    made = new_learner(store)
    other_device = si.sign_in(store, KEY, "s1001", made.phrase, "", "b", NOW)
    code = reset_secret(store, " S1001 ")
    assert code.display_name == "Ana Lima"
    assert (
        dt.verified_claim(store, KEY, made.token) is None and dt.verified_claim(store, KEY, other_device.token) is None
    )
    assert si.sign_in(store, KEY, "s1001", made.phrase, "", "c", NOW).message == si.NO_MATCH
    assert si.sign_in(store, KEY, "s1001", code.code, "", "c", NOW).status == "new_phrase"


def test_a_learner_from_before_phrases_needs_a_code(store):
    store.ensure_learner(learner_id_for("s-old"), "Old Learner")
    assert si.sign_in(store, KEY, "s-old", "", "Me", "a", NOW).message == si.TAKEN
    assert si.sign_in(store, KEY, "s-old", "any-thing-else-00", "", "a", NOW).message == si.NO_MATCH


@pytest.mark.parametrize(
    ("environ_has", "expected_how"),
    [
        ({"JUPYTERHUB_USER": "ana"}, "hub"),
        ({"JUPYTERHUB_USER": "ana", "COOKIE": True}, "hub"),  # the hub user wins over any cookie
        ({"COOKIE": True}, "device"),
        ({"COOKIE": "forged"}, None),
        ({}, None),
    ],
)
def test_a_page_learner_comes_from_the_hub_then_the_device_cookie(store, tmp_path, environ_has, expected_how):
    db = tmp_path / "r.sqlite3"
    key = dt.signing_key(tmp_path / "clinquiz-signing.key")
    made = si.sign_in(store, key, "s1001", "", "Ana Lima", "a", NOW)
    environ = {"CLINQUIZ_DB": str(db)}
    if "JUPYTERHUB_USER" in environ_has:
        environ["JUPYTERHUB_USER"] = environ_has["JUPYTERHUB_USER"]
    cookie = environ_has.get("COOKIE")
    if cookie:
        token = made.token if cookie is True else made.token[:-3] + "xyz"
        environ["HTTP_COOKIE"] = f"_xsrf=abc; {dt.COOKIE_NAME}={token}; other=1"
    found = page_identity(environ, lambda: store)
    assert (found.how if found else None) == expected_how
    if expected_how == "hub":
        assert found is not None and found.identity.learner_id == learner_id_for("ana", "hub")
    if expected_how == "device":
        assert found is not None and found.identity.display_name == "Ana Lima"


def test_sources_plug_in_in_order(store):
    assert page_identity({}, lambda: store, sources=[]) is None
    assert HubSource().identify({}) is None and DeviceCookieSource(lambda: store).identify({}) is None
    assert request_cookie({"HTTP_COOKIE": 'bad"cookie'}) == ""
