"""The crawl: discover article URLs for each source, fetch them politely, parse, hand on.

Each parsed article goes to the caller's ``ArticleSink`` (scraper/sink.py); the crawl does not
store articles or extract claims itself: orchestrate/crawl.py wires crawl -> store -> extract.

State lives in SQLite (``frontier`` and ``pages``), so a crawl killed at any point and run
again fetches nothing it already stored and loses nothing: a URL is marked fetched in the same
transaction that archives its bytes, and pages archived but never parsed (a crash between the
two) are parsed again from the archive, not fetched again. The sink runs inside the transaction
that finishes a page, so "parsed" means "its article was stored": a crash before that parses the
page again.

Fetching and parsing are two stages joined by a queue of archived page ids: the fetch loop
never waits for the parser (see scraper/parse_stage.py). From the fetch stage on, every
database call runs on one thread of its own (scraper/dbthread.py), so the event loop is free to
answer responses and send the next requests while pages are archived and articles stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import httpx
from sqlite_utils import Database

from db.connection import write_transaction
from db.crawl import fetched_unparsed, frontier_due, frontier_skip, get_page_body, record_fetch
from db.store import upsert_source
from records.article import Source
from scraper.crawl_discovery import CrawlBase, result_text
from scraper.crawl_summary import CrawlEvent, CrawlSummary, Progress
from scraper.dbthread import DbThread
from scraper.fetch import Fetcher, FetchResult, make_client
from scraper.parse import Parsed
from scraper.parse_stage import BATCH, SIGNATURE, ParseJob, Parser
from scraper.sink import ArticleSink
from scraper.urls import host_of, normalize_url
from settings import Settings

__all__ = ["ArticleSink", "CrawlEvent", "CrawlSummary", "Progress", "crawl"]

log = logging.getLogger(__name__)

REFILL_BELOW = 50  # queued URLs of a source under which the scheduler reads more of its frontier
REFILL_BATCH = 100
PDF = "PDF archived, not parsed"
PARSE_BACKLOG = 2000  # archived pages waiting for the parser above which fetching pauses
BATCH_WAIT = 0.05  # seconds a parse consumer waits to fill a batch while fetching goes on

# (url, source name, page id, final url, sha256) of an archived page waiting to be parsed
ParseItem = tuple[str, str, int, str, str]


class _Crawl(CrawlBase):
    """One crawl run: discovery (CrawlBase), then the fetch stage and the parse stage."""

    def __init__(self, db: Database, settings: Settings, sources: Sequence[Source], fetcher: Fetcher,
                 parser: Parser, sink: ArticleSink, since: date | None, max_pages: int | None,
                 progress: Progress | None, parse: bool = True) -> None:
        super().__init__(db, settings, sources, fetcher, since, progress)
        self.parser = parser
        self.sink = sink
        self.max_pages = max_pages
        self.parse = parse
        self.dispatched = 0
        self.parse_queue: asyncio.Queue[ParseItem] = asyncio.Queue()
        self.fetch_done = False
        self._task_source: dict[asyncio.Task[None], str] = {}
        self.db_thread = DbThread()

    # ---------------------------------------------------------- fetch stage
    async def fetch_one(self, url: str, source: Source) -> None:
        result = await self.fetcher.fetch(url, concurrency=source.per_host_concurrency,
                                          delay=source.crawl_delay)
        self.tally.done += 1
        done = self.tally.done
        self._count(result)
        page = result.page
        pdf = False
        if result.outcome == "fetched" and page is not None:
            media = (page.content_type or "").split(";")[0].strip().lower()
            pdf = media == "application/pdf" or page.body[:5] == b"%PDF-"
        page_id = await self.db_thread(self._archive, result, url, source.name, pdf)
        if pdf:
            self.tally.skipped[PDF] += 1
        elif result.outcome == "fetched" and page is not None and self.parse:
            self.parse_queue.put_nowait((url, source.name, page_id, page.final_url, page.sha256))
        self._event(url, source.name, result.outcome, result.reason, done)

    def _archive(self, result: FetchResult, url: str, source_name: str, pdf: bool) -> int:
        """(database thread) Log the fetch and archive the page; return its page id."""
        if result.outcome in ("fetched", "not_modified") and result.page is not None:
            page_id = record_fetch(self.db, result.page, url, source_name, None)
            if pdf:
                frontier_skip(self.db, url, PDF)
            return page_id
        page_id = record_fetch(self.db, None, url, source_name, result_text(result))
        if result.outcome == "skipped":
            frontier_skip(self.db, url, result_text(result))
        return page_id

    def _dispatch(self, queues: dict[str, deque[tuple[str, Source]]], active: Counter[str],
                  tasks: dict[asyncio.Task[None], str]) -> None:
        cap = max(self.settings.global_concurrency, 1) * 2
        for host, queue in queues.items():
            while queue and len(tasks) < cap:
                source = queue[0][1]
                if active[host] >= (source.per_host_concurrency or self.settings.per_host_concurrency) * 2:
                    break
                url, source = queue.popleft()
                self.queued -= 1
                self.dispatched += 1
                active[host] += 1
                task = asyncio.create_task(self.fetch_one(url, source))
                tasks[task] = host
                self._task_source[task] = source.name

    async def _refill(self, queues: dict[str, deque[tuple[str, Source]]], cursors: dict[str, int],
                      buffered: Counter[str], exhausted: set[str]) -> None:
        """Top up each source's share of the queue from the frontier (read per source, so the
        hosts of all sources are interleaved however the frontier was filled)."""
        budget = self.max_pages
        if budget is not None and self.dispatched + self.queued >= budget:
            return
        wanted = [(name, cursors[name]) for name in self.sources
                  if name not in exhausted and buffered[name] < REFILL_BELOW]
        if not wanted:
            return
        found = await self.db_thread(_due_rows, self.db, wanted)  # one trip to the database thread
        for (name, _cursor), rows in zip(wanted, found, strict=True):
            if budget is not None and self.dispatched + self.queued >= budget:
                return
            source = self.sources[name]
            if len(rows) < REFILL_BATCH:
                exhausted.add(name)
            for rowid, url in rows:
                if budget is not None and self.dispatched + self.queued >= budget:
                    exhausted.add(name)
                    break
                cursors[name] = rowid
                queues.setdefault(host_of(url), deque()).append((url, source))
                buffered[name] += 1
                self.queued += 1

    async def fetch_frontier(self) -> None:
        """Fetch due frontier URLs, a few per host at a time, reading the frontier in batches."""
        queues: dict[str, deque[tuple[str, Source]]] = {}
        active: Counter[str] = Counter()
        tasks: dict[asyncio.Task[None], str] = {}
        cursors = dict.fromkeys(self.sources, 0)
        buffered: Counter[str] = Counter()  # queued, not yet dispatched, per source
        exhausted: set[str] = set()
        while True:
            if self.parse_queue.qsize() > PARSE_BACKLOG:  # parsing lags: let it catch up (flat memory)
                if not tasks:
                    await asyncio.sleep(0.05)
                    continue
            else:
                await self._refill(queues, cursors, buffered, exhausted)
            before = {id(t) for t in tasks}
            if self.parse_queue.qsize() <= PARSE_BACKLOG:
                self._dispatch(queues, active, tasks)
            for task in tasks:
                if id(task) not in before:
                    buffered[self._task_source[task]] -= 1
            if not tasks:
                out_of_budget = self.max_pages is not None and self.dispatched >= self.max_pages
                if out_of_budget or (len(exhausted) == len(self.sources) and not any(queues.values())):
                    return
                continue
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                active[tasks.pop(task)] -= 1
                self._task_source.pop(task, None)
                exc = task.exception()
                if exc is not None:
                    log.error("crawl task failed: %r", exc)
                    self.tally.failed[f"internal error: {type(exc).__name__}"] += 1

    # ---------------------------------------------------------- parse stage
    def queue_unparsed(self) -> None:
        """Pages archived by an earlier run that stopped before storing their article."""
        for url, name in fetched_unparsed(self.db, list(self.sources)):
            row = self.db.execute("SELECT id, final_url, sha256 FROM pages WHERE url = ?", [url]).fetchone()
            self.tally.reparsed += 1
            self.parse_queue.put_nowait((url, name, int(row[0]), row[1] or url, row[2] or ""))

    async def parse_worker(self) -> None:
        """Take archived pages off the queue in batches, parse them, hand the articles to the sink."""
        while True:
            items = [await self.parse_queue.get()]
            if self.parser.workers > 0 and self.parse_queue.qsize() < BATCH - 1 and not self.fetch_done:
                await asyncio.sleep(BATCH_WAIT)  # gather a batch: one round trip to the pool, not 16
            while len(items) < BATCH and not self.parse_queue.empty():
                items.append(self.parse_queue.get_nowait())
            try:
                jobs = await self.db_thread(self._jobs, items)
                results = await self.parser.parse(jobs)
                for outcome, detail in await self.db_thread(self._store_batch, items, results):
                    if outcome == "skipped":
                        self.tally.skipped[detail] += 1
                    elif outcome == "failed":
                        self.tally.failed[detail] += 1
                    else:
                        setattr(self.tally, outcome, getattr(self.tally, outcome) + 1)
            except Exception as exc:
                log.exception("parsing a batch of %d pages failed", len(items))
                self.tally.failed[f"parse error: {type(exc).__name__}"] += len(items)
            finally:
                for _ in items:
                    self.parse_queue.task_done()

    def _jobs(self, items: list[ParseItem]) -> list[ParseJob]:
        """(database thread) The archived bodies of a batch, as parse jobs."""
        return [ParseJob(get_page_body(self.db, page_id), final_url, self.sources[name], sha)
                for _url, name, page_id, final_url, sha in items]

    def _store_batch(self, items: list[ParseItem], results: list[Parsed]) -> list[tuple[str, str]]:
        """(database thread) Finish each parsed page in its own transaction (the sink's writes
        included), so a bad one is rolled back alone; return what happened to each as
        (tally field, detail)."""
        outcomes: list[tuple[str, str]] = []
        for (url, name, page_id, final_url, _sha), parsed in zip(items, results, strict=True):
            try:
                with write_transaction(self.db):
                    outcomes.extend(self._store(url, self.sources[name], parsed, page_id, final_url))
            except Exception as exc:
                log.exception("storing %s failed", url)
                outcomes.append(("failed", f"store error: {type(exc).__name__}"))
        return outcomes

    def _store(self, url: str, source: Source, parsed: Parsed, page_id: int,
               final_url: str) -> list[tuple[str, str]]:
        if parsed.article is None:
            # refused (over a DOM cap) and failed (timed out...) pages are not parsed again by the
            # next crawl either: the frontier keeps the reason
            if parsed.refused or parsed.failed:
                reason = parsed.reason or "parse failed"
            else:
                reason = f"not an article ({parsed.reason})"
            frontier_skip(self.db, url, reason)
            return [("failed" if parsed.failed else "skipped", reason)]
        signature = parsed.article.extra.get(SIGNATURE)
        article = replace(parsed.article, url=normalize_url(url),
                          extra={"page_id": page_id, "final_url": final_url})
        if self.since and article.published and date.fromisoformat(article.published) < self.since:
            frontier_skip(self.db, url, "published before --since")
            return [("skipped", "published before --since")]
        stored = self.sink(article, signature)
        if not stored.created:
            return [("articles_known", "")]
        if stored.duplicate_of is not None:
            return [("articles_new", ""), ("wire_copies", "")]
        return [("articles_new", "")]

    def summary(self, seconds: float, fetch_seconds: float, parse_wait: float) -> CrawlSummary:
        t = self.tally
        notes = list(t.notes) + [f"{origin}: {note}" for origin, note in self.fetcher.robots_notes.items()]
        return CrawlSummary(
            sources=len(self.sources), discovered=t.discovered, fetched=t.fetched,
            not_modified=t.not_modified, skipped=tuple(t.skipped.most_common()),
            failed=tuple(t.failed.most_common()), articles_new=t.articles_new,
            articles_known=t.articles_known, wire_copies=t.wire_copies, reparsed=t.reparsed,
            seconds=seconds, notes=tuple(notes), article_fetches=t.done,
            fetch_seconds=fetch_seconds, parse_wait_seconds=parse_wait, parse_workers=self.parser.workers)


def _due_rows(db: Database, wanted: list[tuple[str, int]]) -> list[list[tuple[int, str]]]:
    """(database thread) The next due frontier rows of each (source, cursor)."""
    return [frontier_due(db, name, cursor, REFILL_BATCH) for name, cursor in wanted]


async def crawl(db: Database, settings: Settings, sources: Sequence[Source], sink: ArticleSink, *,
                client: httpx.AsyncClient | None = None, max_pages: int | None = None,
                since: date | None = None, progress: Progress | None = None,
                parse_workers: int | None = None, parse: bool = True) -> CrawlSummary:
    """Crawl ``sources``: discover, fetch (politely), parse, and hand each article to ``sink``.

    ``client`` is the one HTTP client (``scraper.fetch.make_client(settings)`` if None, closed at
    the end). ``max_pages`` caps article fetches (feeds, sitemaps and listing pages not counted);
    ``since`` drops index entries and articles dated earlier. ``progress`` gets a CrawlEvent per
    URL. ``parse_workers``: parse processes (None: one per spare core, 0: parse in this thread,
    without ``settings.parse_timeout``).
    ``parse=False`` only fetches and archives (for small machines: the next crawl parses the
    archived pages first, without fetching them again). Safe to stop at any point and run again.
    """
    started = time.monotonic()
    own_client = client is None
    http = client if client is not None else make_client(settings)
    parser = Parser.from_settings(settings, parse_workers)
    job = _Crawl(db, settings, sources, Fetcher(http, settings), parser, sink, since, max_pages, progress,
                 parse)
    consumers: list[asyncio.Task[None]] = []
    try:
        for source in sources:
            upsert_source(db, source)
        if parse:
            job.queue_unparsed()
        job.phase("discovering")
        await asyncio.gather(*(job.discover(s) for s in sources))
        # From here on the database is used from job.db_thread only (see scraper/dbthread.py).
        consumers = [asyncio.create_task(job.parse_worker()) for _ in range(max(1, parser.workers) * 2)]
        fetch_started = time.monotonic()
        job.phase("fetching")
        await job.fetch_frontier()
        job.fetch_done = True
        fetch_seconds = time.monotonic() - fetch_started
        job.phase("parsing")
        await job.parse_queue.join()
        parse_wait = time.monotonic() - fetch_started - fetch_seconds
    finally:
        for consumer in consumers:
            consumer.cancel()
        await asyncio.gather(*consumers, return_exceptions=True)
        job.db_thread.close()  # the last call in progress ends before anything else uses the database
        parser.close()
        if own_client:
            await http.aclose()
    return job.summary(time.monotonic() - started, fetch_seconds, parse_wait)
