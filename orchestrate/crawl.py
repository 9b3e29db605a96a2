"""A crawl as the ``claims crawl`` command runs it: crawl -> store -> extract.

``scraper.crawl.crawl`` fetches, archives and parses, handing each article to a ``StoreSink``
(stored and linked to its wire copy in the transaction that finishes the page); then claims are
extracted from every stored article not yet through extraction.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import httpx
from sqlite_utils import Database

from orchestrate.extraction import extract_new_articles
from orchestrate.store import StoreSink
from records.article import Source
from scraper import crawl as scraper_crawl
from scraper.crawl_summary import CrawlEvent, CrawlSummary, Progress
from settings import Settings

__all__ = ["crawl", "run_crawl"]


async def crawl(db: Database, settings: Settings, sources: Sequence[Source], *,
                client: httpx.AsyncClient | None = None, max_pages: int | None = None,
                since: date | None = None, progress: Progress | None = None,
                extract_claims: bool = True, parse_workers: int | None = None,
                parse: bool = True) -> CrawlSummary:
    """Crawl ``sources`` into ``db`` (see ``scraper.crawl.crawl`` for the arguments), storing each
    article; then, with ``extract_claims``, extract claims from the articles not yet through
    extraction. ``seconds`` in the summary counts both."""
    started = time.monotonic()
    summary = await scraper_crawl.crawl(db, settings, sources, StoreSink(db), client=client,
                                        max_pages=max_pages, since=since, progress=progress,
                                        parse_workers=parse_workers, parse=parse)
    if not extract_claims:
        return replace(summary, seconds=time.monotonic() - started)
    if progress is not None:
        progress(CrawlEvent("", "", "phase", "extracting claims", summary.article_fetches, 0))
    extraction = extract_new_articles(db, settings)
    return replace(summary, extraction=extraction, seconds=time.monotonic() - started)


def run_crawl(db: Database, settings: Settings, sources: Sequence[Source], *,
              client: httpx.AsyncClient | None = None, max_pages: int | None = None,
              since: date | None = None, progress: Progress | None = None,
              extract_claims: bool = True, parse_workers: int | None = None,
              parse: bool = True) -> CrawlSummary:
    """Synchronous wrapper of :func:`crawl` (runs its own event loop)."""
    return asyncio.run(crawl(db, settings, sources, client=client, max_pages=max_pages, since=since,
                             progress=progress, extract_claims=extract_claims, parse_workers=parse_workers,
                             parse=parse))
