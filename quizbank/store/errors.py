"""What the store refuses or cannot do; every message is fit to show."""

from __future__ import annotations


class StoreError(Exception):
    """Something the store could not do; the message is fit to show."""


class StoreBusy(StoreError):
    """The database stayed locked through every retry; nothing was written."""


class SchemaTooNew(StoreError):
    """The database was written by a newer clinquiz than this one."""


class NotFound(StoreError, LookupError):
    """No such learner, attempt or class session."""


class AccessDenied(StoreError, PermissionError):
    """The caller may not read or change this record (another learner's attempt, a wrong instructor key)."""


class WriteRefused(StoreError):
    """The write is not allowed now; nothing was changed."""


class AttemptClosed(WriteRefused):
    """The attempt has been submitted."""


class ItemLocked(WriteRefused):
    """The item's answer is final (checked right, out of tries, or submitted)."""


class TimeUp(WriteRefused):
    """The attempt's time limit has passed."""


class SessionClosed(WriteRefused):
    """The instructor has closed the class session."""


class AttemptExists(StoreError):
    """The learner already has an open attempt of this kind here; resume it instead."""

    def __init__(self, attempt_id: str):
        super().__init__(f"an open attempt already exists: {attempt_id}")
        self.attempt_id = attempt_id
