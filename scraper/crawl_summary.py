"""Records a crawl reports: one event per finished URL, and the final summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from records.extraction import ExtractSummary


@dataclass(frozen=True, slots=True)
class CrawlEvent:
    """One finished URL, for progress displays."""

    url: str
    source: str
    outcome: str  # fetched | not_modified | skipped | failed, or "phase" (reason = the stage)
    reason: str | None
    done: int
    queued: int


Progress = Callable[[CrawlEvent], None]


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    """What a crawl did. Reasons are ``(reason, count)`` pairs, most frequent first.

    ``fetch_seconds`` is the frontier phase (article fetches) and ``parse_wait_seconds`` the
    time spent after the last fetch waiting for parsing to finish.
    """

    sources: int
    discovered: int
    fetched: int
    not_modified: int
    skipped: tuple[tuple[str, int], ...]
    failed: tuple[tuple[str, int], ...]
    articles_new: int
    articles_known: int
    wire_copies: int
    reparsed: int
    seconds: float
    extraction: ExtractSummary | None = None
    notes: tuple[str, ...] = ()
    article_fetches: int = 0
    fetch_seconds: float = 0.0
    parse_wait_seconds: float = 0.0
    parse_workers: int = 0

    @property
    def skipped_total(self) -> int:
        return sum(n for _, n in self.skipped)

    @property
    def failed_total(self) -> int:
        return sum(n for _, n in self.failed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources, "discovered": self.discovered, "fetched": self.fetched,
            "not_modified": self.not_modified, "skipped": self.skipped_total,
            "skipped_reasons": dict(self.skipped), "failed": self.failed_total,
            "failed_reasons": dict(self.failed), "articles_new": self.articles_new,
            "articles_known": self.articles_known, "wire_copies": self.wire_copies,
            "reparsed": self.reparsed, "seconds": round(self.seconds, 2),
            "article_fetches": self.article_fetches, "fetch_seconds": round(self.fetch_seconds, 2),
            "parse_wait_seconds": round(self.parse_wait_seconds, 2), "parse_workers": self.parse_workers,
            "claims_extracted": None if self.extraction is None else self.extraction.claims,
            "possible_claims": None if self.extraction is None else self.extraction.possible_claims,
            "claims_over_cap": None if self.extraction is None else self.extraction.claims_over_cap,
            "articles_extracted": None if self.extraction is None else self.extraction.articles,
            "extraction_unavailable": None if self.extraction is None else self.extraction.unavailable,
            "notes": list(self.notes),
        }


@dataclass
class Tally:
    """Mutable counters while a crawl runs (turned into a CrawlSummary at the end)."""

    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    articles_new: int = 0
    articles_known: int = 0
    wire_copies: int = 0
    reparsed: int = 0
    done: int = 0
    notes: list[str] = field(default_factory=list)
