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


class DatabaseMissing(StoreError):
    """The database file does not exist and ``create=False`` was asked for."""


class SchemaTooNew(StoreError):
    """The database was made by a newer claims-tracker: it records migrations this code lacks."""


class UnknownValue(StoreError):
    """A filter value (a city, an offense, ...) that no stored claim has; lists close ones."""

    def __init__(self, field: str, value: str, suggestions: tuple[str, ...]) -> None:
        self.field = field
        self.value = value
        self.suggestions = suggestions
        hint = (f" Did you mean: {', '.join(suggestions)}?" if suggestions
                else f" No stored claim has a {field} like it.")
        super().__init__(f"Unknown {field} {value!r}.{hint}")
