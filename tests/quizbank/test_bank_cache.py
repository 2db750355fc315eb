"""The on-disk cache of validated banks: a current cache answers, anything else loads afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.banks import VALID_BANK, write

from quizbank import bank_cache
from quizbank.bank_cache import cache_dir, load_bank_cached
from quizbank.errors import BankError
from quizbank.loader import load_bank


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "bank"
    directory.mkdir()
    write(directory, "items.yaml", VALID_BANK)
    return directory


def _no_load(*args: object, **kwargs: object) -> None:
    raise AssertionError("the bank was loaded again instead of coming from the cache")


def test_the_second_load_comes_from_the_cache(tmp_path: Path, bank_dir: Path, monkeypatch: pytest.MonkeyPatch):
    cache = tmp_path / "cache"
    first = load_bank_cached([bank_dir], directory=cache)
    assert first == load_bank([bank_dir], fast=False)
    assert len(list(cache.glob("bank-*.pickle"))) == 1
    monkeypatch.setattr(bank_cache, "load_bank", _no_load)
    second = load_bank_cached([bank_dir], directory=cache)
    assert second == first and second is not first
    assert dict(second.origins) == dict(first.origins)


def test_a_changed_file_is_never_served_from_the_cache(tmp_path: Path, bank_dir: Path):
    cache = tmp_path / "cache"
    load_bank_cached([bank_dir], directory=cache)
    write(bank_dir, "items.yaml", VALID_BANK.replace("Which protein does anakinra block?", "Which protein is blocked?"))
    bank = load_bank_cached([bank_dir], directory=cache)
    assert bank.items["sc-mechanism"].stem == "Which protein is blocked?"
    assert len(list(cache.glob("bank-*.pickle"))) == 1  # the new entry replaced the old one


def test_a_bank_with_problems_raises_and_is_not_cached(tmp_path: Path, bank_dir: Path):
    cache = tmp_path / "cache"
    write(bank_dir, "items.yaml", VALID_BANK.replace("    key: a\n", "    key: z\n", 1))
    with pytest.raises(BankError) as info:
        load_bank_cached([bank_dir], directory=cache)
    with pytest.raises(BankError) as strict:
        load_bank([bank_dir], fast=False)
    assert info.value.problems == strict.value.problems
    assert not list(cache.glob("bank-*.pickle"))


@pytest.mark.parametrize("garbage", [b"", b"clinquiz-bank-cache 1\n" + b"0" * 64 + b"\n", b"not a pickle at all"])
def test_a_broken_or_foreign_cache_file_is_ignored_and_replaced(tmp_path: Path, bank_dir: Path, garbage: bytes):
    cache = tmp_path / "cache"
    load_bank_cached([bank_dir], directory=cache)
    (entry,) = cache.glob("bank-*.pickle")
    entry.write_bytes(garbage)
    assert load_bank_cached([bank_dir], directory=cache) == load_bank([bank_dir])
    assert entry.read_bytes() != garbage


def test_a_truncated_cache_file_is_ignored(tmp_path: Path, bank_dir: Path):
    cache = tmp_path / "cache"
    load_bank_cached([bank_dir], directory=cache)
    (entry,) = cache.glob("bank-*.pickle")
    entry.write_bytes(entry.read_bytes()[:-200])
    assert load_bank_cached([bank_dir], directory=cache) == load_bank([bank_dir])


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, bank_dir: Path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert load_bank_cached([bank_dir], directory=blocked / "cache") == load_bank([bank_dir])


def test_the_cache_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLINQUIZ_CACHE_DIR", str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"
    monkeypatch.delenv("CLINQUIZ_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "clinquiz"


def test_the_shipped_bank_is_cached_under_the_environment_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLINQUIZ_CACHE_DIR", str(tmp_path / "env-cache"))
    assert load_bank_cached() == load_bank()
    assert len(list((tmp_path / "env-cache").glob("bank-*.pickle"))) == 1


def test_the_key_changes_with_the_files_and_the_version(bank_dir: Path, monkeypatch: pytest.MonkeyPatch):
    files = sorted(bank_dir.glob("*.yaml"))
    key = bank_cache.bank_key(files)
    assert bank_cache.bank_key(files) == key
    write(bank_dir, "items.yaml", VALID_BANK + "\n")
    edited = bank_cache.bank_key(files)
    assert edited != key
    monkeypatch.setattr(bank_cache, "__version__", "0.0.0-other")
    assert bank_cache.bank_key(files) != edited
