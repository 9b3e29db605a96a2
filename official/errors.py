"""Named exceptions of the official-data layer. The CLI translates them at the edge.

Every message says what to do next. Messages never contain an API key or token: URLs are
redacted (``official.redact``) before they are put into an exception.
"""

from __future__ import annotations


class OfficialDataError(Exception):
    """Something went wrong getting or reading official figures."""


class UnknownPlace(OfficialDataError):
    """A city (and state) that is not in the gazetteer."""

    def __init__(self, city: str, state: str | None, suggestions: tuple[str, ...] = ()) -> None:
        self.city = city
        self.state = state
        self.suggestions = suggestions
        where = f"{city}, {state}" if state else city
        hint = f" Did you mean: {'; '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"Unknown place {where!r}.{hint} Give the city as 'City, ST' (two-letter state "
            "code); the gazetteer holds US cities of 15,000 people or more plus the places in "
            "official/data/registry.toml."
        )


class AmbiguousPlace(OfficialDataError):
    """A city name shared by several states, given without a state."""

    def __init__(self, city: str, candidates: tuple[str, ...]) -> None:
        self.city = city
        self.candidates = candidates
        super().__init__(
            f"The city name {city!r} is ambiguous: {'; '.join(candidates)}. Add the state, "
            f"e.g. '{candidates[0]}'."
        )


class RegistryError(OfficialDataError):
    """The source registry file is malformed."""


class UnknownSource(OfficialDataError):
    """A source name that is not in the registry."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"No official source named {name!r} in the registry.{hint} "
            "`claims official sources` lists them."
        )


class MissingCredentials(OfficialDataError):
    """A source needs a key or token that is not configured."""


class SourceUnavailable(OfficialDataError):
    """The endpoint could not be reached, timed out, or kept answering with server errors."""


class RateLimited(SourceUnavailable):
    """The endpoint kept answering 429 Too Many Requests."""


class SourceHTTPError(OfficialDataError):
    """The endpoint refused the request (a 4xx other than 429)."""

    def __init__(self, message: str, status: int) -> None:
        self.status = status
        super().__init__(message)


class BadResponse(OfficialDataError):
    """The endpoint answered, but not with the JSON shape we expect (HTML page, malformed JSON)."""


class CsvFormatError(OfficialDataError):
    """A CSV file that cannot be imported at all (unreadable, or required columns missing)."""
