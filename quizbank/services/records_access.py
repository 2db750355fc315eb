"""How the services reach the records: the store type, opening it, and its errors in the services' words.

The UI never holds a store of its own making: it gets an opener from here and hands the
Store it opens to the services. A service raises RecordsBusy (the database stayed locked:
try again), ClassClosed, CannotResume (the bank changed under a stored attempt) or
RecordsError (anything else the records could not do); the message is fit to log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from quizbank.records import ResumeError
from quizbank.store import SessionClosed, Store, StoreBusy, StoreError, default_db_path

Records = Store  # the records a page's services read and write (quizbank.store.Store)


class RecordsError(Exception):
    """The records could not do what was asked; nothing was changed."""


class RecordsBusy(RecordsError):
    """The database stayed locked through every retry; try again."""


class ClassClosed(RecordsError):
    """The instructor has closed the class session."""


class CannotResume(RecordsError):
    """The stored attempt no longer fits the bank (an item or case was removed or changed)."""


@contextmanager
def records_errors() -> Iterator[None]:
    """Raise the store's errors inside as the services' errors."""
    try:
        yield
    except StoreBusy as exc:
        raise RecordsBusy(str(exc)) from exc
    except SessionClosed as exc:
        raise ClassClosed(str(exc)) from exc
    except ResumeError as exc:
        raise CannotResume(str(exc)) from exc
    except StoreError as exc:
        raise RecordsError(str(exc)) from exc


def records_opener(path: Path | None = None) -> Callable[[], Store]:
    """Opens the records at `path` (None: quizbank.config's records path) when first called; the same Store after."""
    path = default_db_path() if path is None else path
    opened: list[Store] = []

    def open_records() -> Store:
        if not opened:
            opened.append(Store(path))
        return opened[0]

    return open_records


def record_learner(store: Store, learner_id: str, display_name: str) -> None:
    """Make sure the records know the learner (a first visit adds them). Raises RecordsBusy or RecordsError."""
    with records_errors():
        store.ensure_learner(learner_id, display_name)
