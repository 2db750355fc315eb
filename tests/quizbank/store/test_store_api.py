"""The records API: Store (SQLite) offers every call of RecordsStore with the same signature, and nothing more."""

from __future__ import annotations

import inspect

import quizbank.store
from quizbank.store import RecordsStore, Store

# Every name callers imported from quizbank.store when it was one module; they must keep working.
PUBLIC_NAMES = """
    ATTEMPT_KINDS BUSY_TIMEOUT_S CODE_ALPHABET CODE_LENGTH CSV_COLUMNS LATE_WRITE_GRACE_S MAX_ID_LENGTH MIGRATIONS
    SCHEMA_VERSION WRITE_TRIES AccessDenied Ack AttemptClosed AttemptExists AttemptKind AttemptRecord AttemptSummary
    CaseChoice ClassSession FinalState ItemLocked ItemSpec Learner Migration NewClassSession NotFound ResponseRecord
    ResultRow SchemaTooNew SessionClosed Store StoreBusy StoreError TimeUp WriteRefused default_db_path
    new_attempt_id new_join_code new_learner_id normalize_code
""".split()


def _members(cls: type) -> dict[str, object]:
    return {
        name: value
        for klass in reversed(cls.__mro__)
        if klass is not object
        for name, value in vars(klass).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, property))
    }


def test_store_is_a_records_store(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        assert isinstance(store, RecordsStore)


def test_store_has_every_call_of_the_protocol_with_the_same_signature():
    wanted = _members(RecordsStore)
    offered = _members(Store)
    assert set(wanted) <= set(offered), sorted(set(wanted) - set(offered))
    for name, member in wanted.items():
        if isinstance(member, property):
            assert isinstance(offered[name], property), name
        else:
            assert inspect.signature(offered[name]) == inspect.signature(member), name


def test_the_protocol_names_every_public_call_of_store():
    assert set(_members(Store)) - set(_members(RecordsStore)) == set()


def test_every_name_of_the_old_module_is_still_importable():
    missing = [name for name in PUBLIC_NAMES if not hasattr(quizbank.store, name)]
    assert missing == []
    assert set(PUBLIC_NAMES) | {"RecordsStore"} == set(quizbank.store.__all__)
