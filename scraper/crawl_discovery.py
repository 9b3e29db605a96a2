"""Crawl discovery: index pages (feeds, sitemaps, listings) fetched politely, URLs queued.

A base class of the crawl job (scraper/crawl.py): it holds the shared counters and the helpers
both stages use, and the discovery stage itself.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from db.crawl import frontier_add, frontier_skip, page_validators, record_fetch
from httpkit.body import BodyError, gunzip_capped
from records.article import Page, Source
from scraper.crawl_summary import CrawlEvent, Progress, Tally
from scraper.discover import Found, feed_links, listing_links, sitemap_content
from scraper.domcheck import DomLimits, dom_refusal
from scraper.fetch import Fetcher, FetchResult
from scraper.urls import normalize_url
from settings import Settings

log = logging.getLogger(__name__)

MAX_SITEMAPS = 25  # sitemap files read per source per run (indexes included)


class CrawlBase:
    """What every crawl stage shares: store, settings, sources, fetcher, counters, progress."""

    def __init__(self, db: Database, settings: Settings, sources: Sequence[Source], fetcher: Fetcher,
                 since: date | None, progress: Progress | None) -> None:
        self.db = db
        self.settings = settings
        self.sources = {s.name: s for s in sources}
        self.fetcher = fetcher
        self.since = since
        self.progress = progress
        self.tally = Tally()
        self.queued = 0

    def _event(self, url: str, source: str, outcome: str, reason: str | None, done: int | None = None) -> None:
        if self.progress is not None:
            self.progress(CrawlEvent(url, source, outcome, reason, self.tally.done if done is None else done,
                                     self.queued))

    def phase(self, name: str) -> None:
        """Tell the progress display which stage runs (an event with outcome "phase")."""
        if self.progress is not None:
            self.progress(CrawlEvent("", "", "phase", name, self.tally.done, self.queued))

    def _count(self, result: FetchResult) -> None:
        if result.outcome == "fetched":
            self.tally.fetched += 1
        elif result.outcome == "not_modified":
            self.tally.not_modified += 1
        elif result.outcome == "skipped":
            self.tally.skipped[result.reason or "skipped"] += 1
        else:
            self.tally.failed[result.reason or "failed"] += 1

    def _queue(self, source: Source, found: Sequence[Found]) -> int:
        urls = [f.url for f in found
                if not (self.since and f.published and f.published < self.since)
                and (source.url_pattern is None or re.search(source.url_pattern, f.url))]
        added = frontier_add(self.db, urls, source.name) if urls else 0
        self.tally.discovered += added
        return added

    def _record_index(self, source: Source, result: FetchResult) -> None:
        """Log a feed/sitemap/listing fetch (validators for next time), keep it out of the frontier."""
        if result.outcome in ("fetched", "not_modified") and result.page is not None:
            record_fetch(self.db, result.page, result.url, source.name, None)
        else:
            record_fetch(self.db, None, result.url, source.name, result_text(result))
        frontier_skip(self.db, result.url, "index page (feed, sitemap or listing)")

    async def _get_index(self, source: Source, url: str) -> Page | None:
        url = normalize_url(url)
        validators = page_validators(self.db, url)
        etag, modified = validators if validators else (None, None)
        result = await self.fetcher.fetch(url, etag=etag, last_modified=modified,
                                          concurrency=source.per_host_concurrency, delay=source.crawl_delay)
        self._count(result)
        self._record_index(source, result)
        self._event(url, source.name, result.outcome, result.reason)
        if result.outcome == "fetched" and result.page is not None:
            return result.page
        if result.outcome != "not_modified":
            log.warning("%s: index %s %s (%s)", source.name, url, result.outcome, result_text(result))
        return None

    # ------------------------------------------------------------- discovery
    async def discover(self, source: Source) -> None:
        try:
            for feed in source.feeds:
                page = await self._get_index(source, feed)
                if page is not None:
                    self._queue(source, feed_links(page.body, page.final_url, page.content_type))
            await self._sitemaps(source)
            for listing in source.listings:
                await self._listing(source, listing)
        except Exception as exc:  # one broken source must not stop the others
            log.exception("%s: discovery failed", source.name)
            self.tally.failed[f"discovery error: {type(exc).__name__}"] += 1

    async def _sitemaps(self, source: Source) -> None:
        todo: deque[str] = deque()
        for url in source.sitemaps:
            if url.rstrip("/").endswith("/robots.txt"):
                robots = await self.fetcher.robots(url)
                todo.extend(robots.sitemaps if robots is not None else ())
            else:
                todo.append(url)
        seen: set[str] = set()
        while todo and len(seen) < MAX_SITEMAPS:
            url = normalize_url(todo.popleft())
            if url in seen:
                continue
            seen.add(url)
            page = await self._get_index(source, url)
            if page is None:
                continue
            body = page.body
            if body[:2] == b"\x1f\x8b":
                try:
                    body = gunzip_capped(body, self.settings.max_bytes)
                except BodyError as exc:
                    self.tally.failed[exc.reason] += 1
                    continue
            content = sitemap_content(body, page.final_url)
            todo.extend(content.sitemaps)
            self._queue(source, content.urls)

    async def _listing(self, source: Source, url: str) -> None:
        assert source.link_selector is not None
        seen: set[str] = set()
        next_url: str | None = url
        for _ in range(source.max_listing_pages):
            if next_url is None or normalize_url(next_url) in seen:
                return
            seen.add(normalize_url(next_url))
            page = await self._get_index(source, next_url)
            if page is None:
                return
            refusal = dom_refusal(page.body, DomLimits.from_settings(self.settings))
            if refusal is not None:  # BeautifulSoup would take minutes on it, in the event loop
                log.warning("%s: listing page %s %s", source.name, next_url, refusal)
                self.tally.notes.append(f"listing page {next_url} {refusal}")
                return
            found, next_url = listing_links(page.body, page.final_url, source.link_selector,
                                            source.next_selector)
            self._queue(source, found)



def result_text(result: FetchResult) -> str:
    """``reason: detail`` of a fetch result, for logs and the fetch log."""
    reason = result.reason or result.outcome
    return f"{reason}: {result.detail}" if result.detail else reason
