"""clinquiz's settings from the environment: the one module that reads environment variables.

`settings()` takes a snapshot of the variables below (from os.environ, or a mapping a test
gives) and returns a frozen `Settings`; each setting is a property that parses its variable
when read, so a malformed value is an error only where that setting is used (a bad pass
mark stops the refresher, not the quiz). Nothing else in quizbank/ or widgets/ reads the
environment, except the page request's details (QUERY_STRING and Voila's VOILA_* variables,
widgets/request.py) and the server processes' own launch options (widgets/server/).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_PASS_MARK = 0.70
DEFAULT_QUIZ_PORT = 8866
DEFAULT_INSTRUCTOR_PORT = 8867
FAKE_NOW_HOUR = 9  # a fake "today" given as a date alone starts at 09:00 UTC
VARIABLES = (
    "CLINQUIZ_BANK",
    "CLINQUIZ_DB",
    "XDG_DATA_HOME",
    "CLINQUIZ_CACHE_DIR",
    "XDG_CACHE_HOME",
    "CLINQUIZ_PASS_MARK",
    "CLINQUIZ_FAKE_NOW",
    "JUPYTERHUB_USER",
    "CLINQUIZ_STUDENT_URL",
    "CLINQUIZ_DASHBOARD_INTERVAL_S",
    "CLINQUIZ_DASHBOARD_QUIET_S",
    "QUIZ_PORT",
    "INSTRUCTOR_PORT",
    "CLINQUIZ_POOL_SIZE",
    "CLINQUIZ_LOG",
    "XDG_STATE_HOME",
)


def parse_instant(text: str) -> datetime:
    """``2026-03-02`` (09:00 UTC that day) or ``2026-03-02T15:30[+01:00]`` (UTC when no zone is given), in UTC."""
    text = text.strip()
    if len(text) == 10:
        day = datetime.fromisoformat(text)
        return day.replace(hour=FAKE_NOW_HOUR, tzinfo=timezone.utc)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def parse_pass_mark(raw: str) -> float:
    """A pass mark given as a fraction (``0.75``) or a percentage (``75``, ``75%``); ValueError outside (0, 100%]."""
    value = float(raw.rstrip("%"))
    value = value / 100 if value > 1 else value
    if not 0 < value <= 1:
        raise ValueError(f"CLINQUIZ_PASS_MARK must be between 0 and 100%, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """The environment's settings, each parsed when read (see the module docstring)."""

    environ: Mapping[str, str] = field(default_factory=dict)

    def _get(self, name: str) -> str:
        return self.environ.get(name, "").strip()

    def _home_dir(self, variable: str, *default: str) -> Path:
        return Path(self._get(variable) or str(Path.home().joinpath(*default)))

    @property
    def bank_folder(self) -> Path | None:
        """CLINQUIZ_BANK: the bank folder (YAML files) the pages load; None: the shipped bank."""
        folder = self._get("CLINQUIZ_BANK")
        return Path(folder) if folder else None

    @property
    def db_path(self) -> Path:
        """CLINQUIZ_DB: the records database; else ``$XDG_DATA_HOME/clinquiz/clinquiz.sqlite3``
        (XDG_DATA_HOME defaults to ``~/.local/share``)."""
        configured = self._get("CLINQUIZ_DB")
        if configured:
            return Path(configured).expanduser()
        return self._home_dir("XDG_DATA_HOME", ".local", "share") / "clinquiz" / "clinquiz.sqlite3"

    @property
    def signing_key_path(self) -> Path:
        """The key that signs learners' device cookies: ``clinquiz-signing.key`` next to the records
        database (created 0600 on first use, quizbank.services.device_tokens)."""
        return self.db_path.parent / "clinquiz-signing.key"

    @property
    def cache_dir(self) -> Path:
        """CLINQUIZ_CACHE_DIR: where validated banks are cached; else ``$XDG_CACHE_HOME/clinquiz``
        (XDG_CACHE_HOME defaults to ``~/.cache``)."""
        explicit = self.environ.get("CLINQUIZ_CACHE_DIR")
        if explicit:
            return Path(explicit)
        base = self.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "clinquiz"

    @property
    def pass_mark(self) -> float:
        """CLINQUIZ_PASS_MARK: the refresher's post-test pass mark, a fraction or a percentage
        (ValueError outside 0-100%); default 70%."""
        raw = self._get("CLINQUIZ_PASS_MARK")
        return parse_pass_mark(raw) if raw else DEFAULT_PASS_MARK

    @property
    def fake_now(self) -> datetime | None:
        """CLINQUIZ_FAKE_NOW: the refresher's "now" when a test sets one (an ISO date or date and time,
        see `parse_instant`; ValueError when it is neither); None: the real clock."""
        raw = self._get("CLINQUIZ_FAKE_NOW")
        if not raw:
            return None
        try:
            return parse_instant(raw)
        except ValueError:
            raise ValueError(f"CLINQUIZ_FAKE_NOW must be an ISO date such as 2026-03-02, got {raw!r}") from None

    @property
    def hub_user(self) -> str:
        """JUPYTERHUB_USER: the signed-in JupyterHub user, who is then the learner on every page ("" when none)."""
        return self.environ.get("JUPYTERHUB_USER", "")

    @property
    def student_url(self) -> str:
        """CLINQUIZ_STUDENT_URL: the address students open, which the instructor dashboard shows ("" when unknown)."""
        return self.environ.get("CLINQUIZ_STUDENT_URL", "")

    @property
    def dashboard_interval_s(self) -> float | None:
        """CLINQUIZ_DASHBOARD_INTERVAL_S: seconds between the dashboard's live checks (None: unset or not a number)."""
        return self._seconds("CLINQUIZ_DASHBOARD_INTERVAL_S")

    @property
    def dashboard_quiet_s(self) -> float | None:
        """CLINQUIZ_DASHBOARD_QUIET_S: seconds without new answers before the dashboard's live checks pause
        (None: unset or not a number)."""
        return self._seconds("CLINQUIZ_DASHBOARD_QUIET_S")

    def _seconds(self, name: str) -> float | None:
        raw = self.environ.get(name, "")
        try:
            return float(raw) if raw else None
        except ValueError:
            return None

    @property
    def quiz_port(self) -> int:
        """QUIZ_PORT: the student server's port for ``python -m widgets.server`` (default 8866)."""
        return int(self.environ.get("QUIZ_PORT", str(DEFAULT_QUIZ_PORT)))

    @property
    def instructor_port(self) -> int:
        """INSTRUCTOR_PORT: the instructor server's port (default 8867)."""
        return int(self.environ.get("INSTRUCTOR_PORT", str(DEFAULT_INSTRUCTOR_PORT)))

    @property
    def pool_size(self) -> int | None:
        """CLINQUIZ_POOL_SIZE: preheated student kernels (None: the launcher's own default)."""
        given = self._get("CLINQUIZ_POOL_SIZE")
        return int(given) if given else None

    @property
    def log_path(self) -> Path:
        """CLINQUIZ_LOG: where the servers' own output goes; else ``$XDG_STATE_HOME/clinquiz/serve.log``
        (XDG_STATE_HOME defaults to ``~/.local/state``)."""
        configured = self._get("CLINQUIZ_LOG")
        if configured:
            return Path(configured).expanduser()
        return self._home_dir("XDG_STATE_HOME", ".local", "state") / "clinquiz" / "serve.log"


def settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of `environ` (default: this process's environment, read now)."""
    source = os.environ if environ is None else environ
    return Settings({name: source[name] for name in VARIABLES if name in source})


def default_db_path() -> Path:
    """The records database of this process's environment (see `Settings.db_path`)."""
    return settings().db_path
