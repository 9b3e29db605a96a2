"""Records made by the scraper and stored by db/: sources, fetched pages and parsed articles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """A news outlet or press-release section we collect from (one entry of sources.toml)."""

    name: str
    city: str
    state: str
    kind: str = "news"  # news | police | mayor
    homepage: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    link_selector: str | None = None
    max_listing_pages: int = 3
    crawl_delay: float | None = None
    per_host_concurrency: int | None = None
    reach: int = 1  # rough audience weight used by review priority
    note: str | None = None
    next_selector: str | None = None  # CSS selector of a listing page's "next page" link
    url_pattern: str | None = None  # regex an article URL must match (search), if set


@dataclass(frozen=True, slots=True)
class Page:
    """One HTTP fetch: the raw bytes as archived, with what we need for conditional GET."""

    url: str
    final_url: str
    status: int
    fetched_at: str
    content_type: str | None
    body: bytes
    sha256: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """The main text and metadata of a page, ready for extraction and storage."""

    url: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    city: str | None = None
    state: str | None = None
    source_kind: str | None = None
    content_sha256: str | None = None
    raw_sha256: str | None = None
    pdf_links: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pdf_links"] = list(self.pdf_links)
        return d
