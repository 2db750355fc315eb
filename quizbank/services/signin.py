"""Signing a learner in on a device (standalone classroom, no logins): the rules the sign-in page follows.

- A new student id with no secret: the learner gives their name, and gets a resume phrase,
  shown once, to write down. The device is remembered (a device token, see device_tokens).
- A known id with its resume phrase: signed in; the device is remembered.
- A known id with a one-time code (from a roster or a reset): the code is used up and a new
  resume phrase is shown once.
- Anything else: one message, the same whether the id exists or not; each failure counts
  against the typed id and against the client's address, and after too many in the window
  every try waits (`LIMIT_PER_ID`, `LIMIT_PER_ADDRESS`, `WINDOW_S`).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal

from quizbank.services.device_tokens import issue_device
from quizbank.services.learners import MAX_NAME, IdentityProblem, check_typed, learner_id_for, tidy
from quizbank.services.secrets_words import hash_secret, new_phrase, secret_matches, tidy_secret
from quizbank.store.api import RecordsStore

WINDOW_S = 15 * 60
LIMIT_PER_ID = 5
LIMIT_PER_ADDRESS = 20  # a classroom's devices may share one address behind a router
NO_MATCH = "That student id and secret do not match. Check both and try again."
WAIT = (
    "Too many tries that did not match. Please wait 15 minutes and try again, "
    "or ask your instructor for a one-time code."
)
TAKEN = (
    "That student id is already in use. If it is yours, type your resume phrase (or the one-time code "
    "your instructor gave you). If not, check the id you typed."
)
NEED_NAME = "New here: type your name as your instructor should see it, then press Continue."
Status = Literal["signed_in", "new_phrase", "need_name", "refused"]


@dataclass(frozen=True)
class SignInResult:
    """What the sign-in page shows next: signed in (with a device token), a new phrase to write down
    (with a token), a request for a name, or a refusal whose message is fit to show."""

    status: Status
    message: str = ""
    learner_id: str = ""
    display_name: str = ""
    token: str = ""
    phrase: str = ""


def _subject(key: bytes, kind: str, text: str) -> str:
    """A keyed hash, so the failure table holds neither typed ids nor addresses."""
    return kind + ":" + hmac.new(key, f"{kind}\0{text}".encode(), hashlib.sha256).hexdigest()[:32]


def _limited(store: RecordsStore, subjects: tuple[str, str], now: float) -> bool:
    since = now - WINDOW_S
    return (
        store.count_signin_failures(subjects[0], since) >= LIMIT_PER_ID
        or store.count_signin_failures(subjects[1], since) >= LIMIT_PER_ADDRESS
    )


def _refuse(store: RecordsStore, subjects: tuple[str, str], now: float, message: str) -> SignInResult:
    store.record_signin_failure(subjects, now)
    return SignInResult("refused", WAIT if _limited(store, subjects, now) else message)


def sign_in(
    store: RecordsStore, key: bytes, typed_id: str, secret: str, name: str, address: str, now: float
) -> SignInResult:
    """Sign in whoever typed `typed_id` and `secret` (and, when new, `name`) from `address` (see the module)."""
    try:
        cleaned = check_typed(typed_id)
    except IdentityProblem as problem:
        return SignInResult("refused", str(problem))
    learner_id = learner_id_for(cleaned)
    subjects = (_subject(key, "id", learner_id), _subject(key, "addr", address))
    if _limited(store, subjects, now):
        return SignInResult("refused", WAIT)
    store.forget_signin_failures((), before=now - WINDOW_S)
    if not tidy_secret(secret):
        return _new_learner(store, key, learner_id, name, subjects, now)
    stored = store.get_secret(learner_id)
    if stored is not None and stored.phrase_hash and secret_matches(secret, stored.phrase_hash):
        return _signed_in(store, key, learner_id, subjects, now, "signed_in")
    if stored is not None and stored.code_hash and secret_matches(secret, stored.code_hash):
        phrase = new_phrase()
        if store.replace_code_with_phrase(learner_id, stored.code_hash, hash_secret(phrase)):
            return _signed_in(store, key, learner_id, subjects, now, "new_phrase", phrase)
    if stored is None:
        secret_matches(secret, None)  # the same work as a real check
    return _refuse(store, subjects, now, NO_MATCH)


def _new_learner(
    store: RecordsStore,
    key: bytes,
    learner_id: str,
    name: str,
    subjects: tuple[str, str],
    now: float,
) -> SignInResult:
    if store.get_learner(learner_id) is not None:
        return _refuse(store, subjects, now, TAKEN)
    given = tidy(name)[:MAX_NAME]
    if not given:
        return SignInResult("need_name", NEED_NAME)
    phrase = new_phrase()
    if not store.create_learner_with_phrase(learner_id, given, hash_secret(phrase)):
        return _refuse(store, subjects, now, TAKEN)
    return _signed_in(store, key, learner_id, subjects, now, "new_phrase", phrase)


def _signed_in(
    store: RecordsStore,
    key: bytes,
    learner_id: str,
    subjects: tuple[str, str],
    now: float,
    status: Status,
    phrase: str = "",
) -> SignInResult:
    store.forget_signin_failures(subjects[:1])
    learner = store.get_learner(learner_id)
    name = learner.display_name if learner is not None else learner_id
    return SignInResult(status, "", learner_id, name, issue_device(store, key, learner_id, now), phrase)
