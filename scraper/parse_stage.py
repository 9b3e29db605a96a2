"""The parse stage of a crawl: HTML -> Article off the fetch path.

Fetching is I/O-bound and parsing CPU-bound (about 10 ms a page with trafilatura), so the crawl
hands archived pages to this stage through a queue of page ids and never waits for it while
fetching. With ``workers > 0`` pages are parsed in a process pool (the event loop keeps
fetching on its core); with 0 they are parsed in the crawl's own thread.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from db.crawlstate import near_duplicate_signature
from scraper.parse import Parsed, parse_html
from scraper.records import Source

log = logging.getLogger(__name__)


def default_workers() -> int:
    """One parse process per spare core, at most 4; none on a single core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(0, min(cores - 1, 4))


Job = tuple[bytes, str, Source, str]  # body, url, source, raw sha256
BATCH = 16  # pages sent to a worker process at once (one round trip instead of 16)


SIGNATURE = "near_dup_signature"  # Article.extra key of the precomputed wire-copy signature


def _parse_one(body: bytes, url: str, source: Source, sha: str) -> Parsed:
    if body[:5] == b"%PDF-":
        return Parsed(None, "PDF")
    parsed = parse_html(body, url, source=source, raw_sha256=sha)
    if parsed.article is None:
        return parsed
    article = parsed.article
    signature = near_duplicate_signature(article.text, article.title)
    return Parsed(replace(article, extra={**article.extra, SIGNATURE: signature}), parsed.reason)


def parse_jobs(jobs: list[Job]) -> list[Parsed]:
    """What a worker process runs (top-level, so it pickles): parse, and sign for wire copies."""
    return [_parse_one(body, url, source, sha) for body, url, source, sha in jobs]


WORKER_NICENESS = 10  # parse processes yield the CPU to the fetch loop, whose slots sit idle while it waits
PARENT_CHECK_SECONDS = 1.0


def _worker_init() -> None:
    """Pool initializer. Parsing is throughput work that a queue absorbs and fetching is latency
    work, so workers run at a lower CPU priority. A crawl killed outright (SIGKILL, out of
    memory) cannot shut its pool down, so each worker also exits once its parent is gone."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not permitted here: parse at normal priority
        pass
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:  # re-parented: the crawl process died
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Parser:
    """Runs parse_jobs inline or in a lazily started process pool."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def parse(self, jobs: list[Job]) -> list[Parsed]:
        if self.workers <= 0:
            return parse_jobs(jobs)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_worker_init)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, parse_jobs, jobs)
        except BrokenProcessPool:
            # a worker died (out of memory, killed): parse in this process from now on
            log.warning("parse worker process died; parsing in the crawl process from now on")
            self.close()
            self.workers = 0
            return parse_jobs(jobs)

    def close(self) -> None:
        if self._pool is not None:
            try:
                self._pool.shutdown(wait=True, cancel_futures=True)
            except BrokenProcessPool:
                pass
            self._pool = None
