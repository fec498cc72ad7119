"""What an audit entry says was done: a small module of its own, so that the casebook's
parts can name an action without loading the hash chain (and ``hashlib``) at start-up."""

from enum import StrEnum


class Action(StrEnum):
    """What was done to a record (or to the store)."""

    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"
    ERASE = "erase"
    FAILED_UNLOCK = "failed-unlock"
