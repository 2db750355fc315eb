"""``Store``: the records API on one SQLite file, composed of one part per area."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from quizbank.config import default_db_path
from quizbank.store.attempts import Attempts
from quizbank.store.cards import Cards
from quizbank.store.case_choices import CaseChoices
from quizbank.store.credentials import CredentialRecords
from quizbank.store.learners import LearnerRecords
from quizbank.store.protocol import BUSY_TIMEOUT_S, WRITE_TRIES, Database
from quizbank.store.reports import ClassReports
from quizbank.store.responses import Responses
from quizbank.store.schema import migrate
from quizbank.store.sessions import ClassSessions

if TYPE_CHECKING:
    from quizbank.store.api import RecordsStore


class Store(LearnerRecords, CredentialRecords, ClassSessions, Attempts, Responses, CaseChoices, Cards, ClassReports):
    """A connection to the records database; one per kernel, safe to share between threads."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
        write_tries: int = WRITE_TRIES,
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.clock = clock
        self._db = Database(self.path, busy_timeout_s=busy_timeout_s, write_tries=write_tries)
        try:
            self._db.retry(lambda: migrate(self._db))
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Store:  # noqa: PYI034 (Self needs Python 3.11)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return self._db.user_version()

    def integrity_check(self) -> str:
        """``ok`` when SQLite finds nothing wrong with the file."""
        return str(self._db.read(lambda c: c.execute("PRAGMA integrity_check").fetchone()["integrity_check"]))


if TYPE_CHECKING:
    _SQLITE_STORE_HAS_THE_WHOLE_API: type[RecordsStore] = Store
