"""quizbank.config is the one reader of the environment: a scan of the code, and each setting's parsing."""

from __future__ import annotations

import ast
import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest

from quizbank import config
from quizbank.config import Settings, settings

REPO = Path(__file__).resolve().parents[2]

CORE_EXEMPT = {"quizbank/config.py"}
# The page request's details (QUERY_STRING, VOILA_*) are widgets/request.py's; the instructor
# server takes its token out of the environment before any kernel starts (a secret, kept out
# of the settings). Elsewhere in widgets/ a function may take the environment as a mapping
# (default os.environ) and hand it to quizbank.config.settings or widgets.request.
UI_EXEMPT = {"widgets/request.py", "widgets/server/instructor.py"}


def python_files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def environment_reads(path: Path, *, bare_environ: bool = True) -> list[str]:
    """Where `path` reads the environment: os.getenv, os.environ (with `bare_environ`, even only
    named, e.g. as a parameter's default), os.environ.get(...)/[...], or one of config's variables got by name from a mapping."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os":
            if node.attr in ("getenv", "putenv", "unsetenv") or (node.attr == "environ" and bare_environ):
                found.append(f"{node.lineno}: os.{node.attr}")
        if isinstance(node, ast.Attribute) and _is_os_environ(node.value):
            found.append(f"{node.lineno}: os.environ.{node.attr}")
        if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            found.append(f"{node.lineno}: os.environ[...]")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "pop"):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and first.value in config.VARIABLES:
                found.append(f"{node.lineno}: .{node.func.attr}({first.value!r})")
    return found


def test_the_core_reads_the_environment_only_in_config():
    reads = {
        str(path.relative_to(REPO)): environment_reads(path)
        for path in python_files("quizbank")
        if str(path.relative_to(REPO)) not in CORE_EXEMPT
    }
    assert {name: lines for name, lines in reads.items() if lines} == {}


def test_the_widgets_read_settings_only_through_config():
    reads = {
        str(path.relative_to(REPO)): environment_reads(path, bare_environ=False)
        for path in python_files("widgets")
        if str(path.relative_to(REPO)) not in UI_EXEMPT
    }
    assert {name: lines for name, lines in reads.items() if lines} == {}


def test_every_setting_has_a_docstring_naming_its_variable():
    properties = {name: value for name, value in vars(Settings).items() if isinstance(value, property)}
    assert len(properties) >= 12
    documented = " ".join(value.__doc__ or "" for value in properties.values())
    for name, value in properties.items():
        assert value.__doc__, f"Settings.{name} has no docstring"
    for variable in config.VARIABLES:
        assert variable in documented, f"no setting documents {variable}"


def test_settings_are_frozen_and_a_snapshot():
    environ = {"CLINQUIZ_BANK": "/banks/ward", "UNRELATED": "x"}
    given = settings(environ)
    environ["CLINQUIZ_BANK"] = "/elsewhere"
    assert given.bank_folder == Path("/banks/ward") and "UNRELATED" not in given.environ
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.environ = {}  # type: ignore[misc]


def test_paths_and_their_defaults(tmp_path):
    home = Path.home()
    assert settings({}).bank_folder is None
    assert settings({}).db_path == home / ".local" / "share" / "clinquiz" / "clinquiz.sqlite3"
    assert settings({"XDG_DATA_HOME": str(tmp_path)}).db_path == tmp_path / "clinquiz" / "clinquiz.sqlite3"
    assert settings({"CLINQUIZ_DB": " ~/r.sqlite3 "}).db_path == home / "r.sqlite3"
    assert settings({}).cache_dir == home / ".cache" / "clinquiz"
    assert settings({"XDG_CACHE_HOME": str(tmp_path)}).cache_dir == tmp_path / "clinquiz"
    assert settings({"CLINQUIZ_CACHE_DIR": str(tmp_path / "c")}).cache_dir == tmp_path / "c"
    assert settings({}).log_path == home / ".local" / "state" / "clinquiz" / "serve.log"
    assert settings({"CLINQUIZ_LOG": str(tmp_path / "s.log")}).log_path == tmp_path / "s.log"


def test_the_default_db_path_follows_the_process_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINQUIZ_DB", str(tmp_path / "x.sqlite3"))
    assert config.default_db_path() == tmp_path / "x.sqlite3"


def test_numbers_and_the_clock():
    assert settings({}).pass_mark == 0.70
    assert settings({"CLINQUIZ_PASS_MARK": "80%"}).pass_mark == 0.80
    with pytest.raises(ValueError, match="CLINQUIZ_PASS_MARK"):
        _ = settings({"CLINQUIZ_PASS_MARK": "0"}).pass_mark
    assert settings({}).fake_now is None
    assert settings({"CLINQUIZ_FAKE_NOW": "2026-03-02"}).fake_now == datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="CLINQUIZ_FAKE_NOW"):
        _ = settings({"CLINQUIZ_FAKE_NOW": "soon"}).fake_now
    assert settings({}).dashboard_interval_s is None
    assert settings({"CLINQUIZ_DASHBOARD_INTERVAL_S": "abc"}).dashboard_interval_s is None
    assert settings({"CLINQUIZ_DASHBOARD_QUIET_S": "3"}).dashboard_quiet_s == 3.0
    assert (settings({}).quiz_port, settings({}).instructor_port, settings({}).pool_size) == (8866, 8867, None)
    assert settings({"QUIZ_PORT": "9000", "CLINQUIZ_POOL_SIZE": "4"}).quiz_port == 9000
    assert settings({"CLINQUIZ_POOL_SIZE": "4"}).pool_size == 4


def test_a_bad_setting_stops_only_what_uses_it():
    given = settings({"CLINQUIZ_PASS_MARK": "150", "CLINQUIZ_BANK": "/b"})
    assert given.bank_folder == Path("/b")  # the quiz page still gets its bank
