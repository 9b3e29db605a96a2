"""The crawl: discover article URLs for each source, fetch them politely, parse, store.

State lives in SQLite (``frontier`` and ``pages``), so a crawl killed at any point and run
again fetches nothing it already stored and loses nothing: each URL is marked fetched in the
same transaction that archives its bytes, and pages archived but never parsed (a crash between
the two) are parsed again from the archive, not fetched again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import httpx
from sqlite_utils import Database

from db.crawl import frontier_add, frontier_skip, get_page_body, page_validators, record_fetch
from db.crawlstate import fetched_unparsed, frontier_due, link_near_duplicate
from db.store import store_article, upsert_source
from scraper.body import gunzip_capped
from scraper.discover import Found, feed_links, listing_links, sitemap_content
from scraper.errors import FetchError
from scraper.fetch import Fetcher, FetchResult, make_client
from scraper.parse import parse_html
from scraper.pipeline import ExtractSummary, extract_new_articles
from scraper.records import Article, Page, Source
from scraper.urls import host_of, normalize_url
from settings import Settings

log = logging.getLogger(__name__)

REFILL_BELOW = 200  # queued URLs under which the scheduler reads more from the frontier
REFILL_BATCH = 500
MAX_SITEMAPS = 25  # sitemap files read per source per run (indexes included)


@dataclass(frozen=True, slots=True)
class CrawlEvent:
    """One finished URL, for progress displays."""

    url: str
    source: str
    outcome: str  # fetched | not_modified | skipped | failed | discovered
    reason: str | None
    done: int
    queued: int


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    """What a crawl did. Reasons are ``(reason, count)`` pairs, most frequent first."""

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
            "claims_extracted": None if self.extraction is None else self.extraction.claims,
            "articles_extracted": None if self.extraction is None else self.extraction.articles,
            "extraction_unavailable": None if self.extraction is None else self.extraction.unavailable,
            "notes": list(self.notes),
        }


Progress = Callable[[CrawlEvent], None]


@dataclass
class _Tally:
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


class _Crawl:
    def __init__(self, db: Database, settings: Settings, sources: Sequence[Source], fetcher: Fetcher,
                 since: date | None, max_pages: int | None, progress: Progress | None) -> None:
        self.db = db
        self.settings = settings
        self.sources = {s.name: s for s in sources}
        self.fetcher = fetcher
        self.since = since
        self.max_pages = max_pages
        self.progress = progress
        self.tally = _Tally()
        self.queued = 0

    # --------------------------------------------------------------- helpers
    def _event(self, url: str, source: str, outcome: str, reason: str | None) -> None:
        if self.progress is not None:
            self.progress(CrawlEvent(url, source, outcome, reason, self.tally.done, self.queued))

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
                and (source.url_pattern is None or _matches(source.url_pattern, f.url))]
        added = frontier_add(self.db, urls, source.name) if urls else 0
        self.tally.discovered += added
        return added

    def _record_index(self, source: Source, result: FetchResult) -> None:
        """Log a feed/sitemap/listing fetch (validators for next time), keep it out of the frontier."""
        if result.outcome in ("fetched", "not_modified") and result.page is not None:
            record_fetch(self.db, result.page, result.url, source.name, None)
        else:
            record_fetch(self.db, None, result.url, source.name, _text(result))
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
            log.warning("%s: index %s %s (%s)", source.name, url, result.outcome, _text(result))
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
                    body = gunzip_capped(body, url, self.settings.max_bytes)
                except FetchError as exc:
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
            found, next_url = listing_links(page.body, page.final_url, source.link_selector,
                                            source.next_selector)
            self._queue(source, found)

    # ------------------------------------------------------------ articles
    def _store(self, source: Source, page: Page, page_id: int) -> None:
        parsed = parse_html(page.body, page.final_url, source=source, raw_sha256=page.sha256)
        if parsed.article is None:
            reason = f"not an article ({parsed.reason})"
            frontier_skip(self.db, page.url, reason)
            self.tally.skipped[reason] += 1
            return
        article = replace(parsed.article, url=normalize_url(page.url),
                          extra={"page_id": page_id, "final_url": page.final_url})
        if self.since and article.published and date.fromisoformat(article.published) < self.since:
            frontier_skip(self.db, page.url, "published before --since")
            self.tally.skipped["published before --since"] += 1
            return
        self._save(article)

    def _save(self, article: Article) -> None:
        article_id, created = store_article(self.db, article)
        if not created:
            self.tally.articles_known += 1
            return
        self.tally.articles_new += 1
        if link_near_duplicate(self.db, article_id, article.text, article.title) is not None:
            self.tally.wire_copies += 1

    async def fetch_one(self, url: str, source: Source) -> None:
        result = await self.fetcher.fetch(url, concurrency=source.per_host_concurrency,
                                          delay=source.crawl_delay)
        self.tally.done += 1
        self._count(result)
        page = result.page
        if result.outcome in ("fetched", "not_modified") and page is not None:
            page_id = record_fetch(self.db, page, url, source.name, None)
            if result.outcome == "fetched":
                media = (page.content_type or "").split(";")[0].strip().lower()
                if media == "application/pdf" or page.body[:5] == b"%PDF-":
                    frontier_skip(self.db, url, "PDF archived, not parsed")
                    self.tally.skipped["PDF archived, not parsed"] += 1
                else:
                    self._store(source, page, page_id)
        else:
            record_fetch(self.db, None, url, source.name, _text(result))
            if result.outcome == "skipped":
                frontier_skip(self.db, url, _text(result))
        self._event(url, source.name, result.outcome, result.reason)

    def reparse(self) -> None:
        """Parse pages archived by an earlier run that stopped before storing their article."""
        for url, name in fetched_unparsed(self.db, list(self.sources)):
            source = self.sources.get(name)
            if source is None:
                continue
            row = self.db.execute("SELECT id, final_url, status, fetched_at, content_type, sha256 "
                                  "FROM pages WHERE url = ?", [url]).fetchone()
            body = get_page_body(self.db, url)
            page = Page(url, row[1] or url, row[2] or 200, row[3] or "", row[4], body, row[5] or "")
            self.tally.reparsed += 1
            self._store(source, page, int(row[0]))

    async def fetch_frontier(self) -> None:
        names = list(self.sources)
        queues: dict[str, deque[tuple[str, Source]]] = {}
        active: Counter[str] = Counter()
        tasks: dict[asyncio.Task[None], str] = {}
        cursor = 0
        exhausted = False
        dispatched = 0
        budget = self.max_pages
        while True:
            if budget is not None and dispatched + self.queued >= budget:
                exhausted = True
            if not exhausted and self.queued < REFILL_BELOW:
                rows = frontier_due(self.db, names, cursor, REFILL_BATCH)
                exhausted = not rows
                for rowid, url, name in rows:
                    if budget is not None and dispatched + self.queued >= budget:
                        exhausted = True
                        break
                    cursor = rowid
                    queues.setdefault(host_of(url), deque()).append((url, self.sources[name]))
                    self.queued += 1
            for host, queue in queues.items():
                while queue and len(tasks) < max(self.settings.global_concurrency, 1) * 2:
                    source = queue[0][1]
                    limit = (source.per_host_concurrency or self.settings.per_host_concurrency) * 2
                    if active[host] >= limit:
                        break
                    url, source = queue.popleft()
                    self.queued -= 1
                    dispatched += 1
                    active[host] += 1
                    tasks[asyncio.create_task(self.fetch_one(url, source))] = host
            if not tasks:
                if exhausted:
                    return
                continue
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                active[tasks.pop(task)] -= 1
                exc = task.exception()
                if exc is not None:
                    log.error("crawl task failed: %r", exc)
                    self.tally.failed[f"internal error: {type(exc).__name__}"] += 1

    def summary(self, seconds: float, extraction: ExtractSummary | None) -> CrawlSummary:
        t = self.tally
        notes = list(t.notes) + [f"{origin}: {note}" for origin, note in self.fetcher.robots_notes.items()]
        return CrawlSummary(
            sources=len(self.sources), discovered=t.discovered, fetched=t.fetched,
            not_modified=t.not_modified, skipped=tuple(t.skipped.most_common()),
            failed=tuple(t.failed.most_common()), articles_new=t.articles_new,
            articles_known=t.articles_known, wire_copies=t.wire_copies, reparsed=t.reparsed,
            seconds=seconds, extraction=extraction, notes=tuple(notes))


def _matches(pattern: str, url: str) -> bool:
    import re

    return re.search(pattern, url) is not None


def _text(result: FetchResult) -> str:
    reason = result.reason or result.outcome
    return f"{reason}: {result.detail}" if result.detail else reason


async def crawl(db: Database, settings: Settings, sources: Sequence[Source], *,
                client: httpx.AsyncClient | None = None, max_pages: int | None = None,
                since: date | None = None, progress: Progress | None = None,
                extract_claims: bool = True) -> CrawlSummary:
    """Crawl ``sources``: discover, fetch (politely), parse and store articles, then extract claims.

    ``client`` is the one HTTP client (``scraper.fetch.make_client(settings)`` if None, closed at
    the end). ``max_pages`` caps article fetches (feeds, sitemaps and listing pages not counted);
    ``since`` drops index entries and articles dated earlier. ``progress`` gets a CrawlEvent per
    URL. Safe to stop at any point and run again.
    """
    started = time.monotonic()
    own_client = client is None
    http = client if client is not None else make_client(settings)
    try:
        job = _Crawl(db, settings, sources, Fetcher(http, settings), since, max_pages, progress)
        for source in sources:
            upsert_source(db, source)
        job.reparse()
        await asyncio.gather(*(job.discover(s) for s in sources))
        await job.fetch_frontier()
    finally:
        if own_client:
            await http.aclose()
    extraction = extract_new_articles(db, settings) if extract_claims else None
    return job.summary(time.monotonic() - started, extraction)


def run_crawl(db: Database, settings: Settings, sources: Sequence[Source], *,
              client: httpx.AsyncClient | None = None, max_pages: int | None = None,
              since: date | None = None, progress: Progress | None = None,
              extract_claims: bool = True) -> CrawlSummary:
    """Synchronous wrapper of :func:`crawl` (runs its own event loop)."""
    return asyncio.run(crawl(db, settings, sources, client=client, max_pages=max_pages, since=since,
                             progress=progress, extract_claims=extract_claims))
