"""Named exceptions of the store. The CLI and the web app translate them at the edge."""

from __future__ import annotations


class StoreError(Exception):
    """Something went wrong reading or writing the claims database."""


class NotFound(StoreError):
    """A record asked for by id or name does not exist."""


class Conflict(StoreError):
    """A write would break a uniqueness rule (for example a user name already taken)."""


class BadQuery(StoreError):
    """A search query SQLite's full-text engine cannot run; the message says how to fix it."""


class AppendOnly(StoreError):
    """Reviews, checks and observations are history: they are never updated or deleted."""


class DatabaseMissing(StoreError):
    """The database file does not exist and ``create=False`` was asked for."""
