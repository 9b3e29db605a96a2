"""Named errors of the scraper; the CLI turns them into one-paragraph messages."""

from __future__ import annotations


class ScraperError(Exception):
    """Base class for everything the scraper raises on purpose."""


class SourcesFileError(ScraperError):
    """sources.toml is missing, is not valid TOML, or has a bad entry."""


class FetchError(ScraperError):
    """A URL could not be fetched; ``reason`` is a short machine-readable cause."""

    def __init__(self, url: str, reason: str, detail: str = "", *, status: int | None = None,
                 transient: bool = False, retry_after: float | None = None) -> None:
        self.url = url
        self.reason = reason
        self.detail = detail
        self.status = status
        self.transient = transient
        self.retry_after = retry_after
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))


class IngestError(ScraperError):
    """A file given to `claims ingest` cannot be read."""

