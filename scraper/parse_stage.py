"""The parse stage of a crawl (and of an ingest): HTML -> Article off the fetch path.

Fetching is I/O-bound and parsing CPU-bound (about 10 ms a page with trafilatura), so the crawl
hands archived pages to this stage through a queue of page ids and never waits for it while
fetching. With ``workers > 0`` pages are parsed in worker processes (the event loop keeps
fetching on its core), each page under ``parse_timeout`` (scraper/parse_worker.py: a page over
it fails with the reason and its worker is replaced); with 0 they are parsed in the calling
thread, without a timeout (the DOM caps still bound the cost of a page).
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
from concurrent.futures import ThreadPoolExecutor

from scraper.domcheck import DEFAULT_LIMITS, DomLimits
from scraper.parse import Parsed
from scraper.parse_worker import SIGNATURE, ParseJob, Worker, WorkerStartError, parse_jobs
from settings import Settings

__all__ = ["BATCH", "SIGNATURE", "ParseJob", "Parser", "default_workers", "parse_jobs"]

log = logging.getLogger(__name__)

BATCH = 16  # pages sent to a worker process at once (one round trip out instead of 16)


def default_workers(settings: Settings | None = None) -> int:
    """One parse process per spare core, at most 4. On a single core: one when a parse timeout
    is set (only a separate process can be stopped mid-page), else none."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    spare = max(0, min(cores - 1, 4))
    if spare == 0 and settings is not None and settings.parse_timeout > 0:
        return 1
    return spare


class _Slot:
    """A place for one worker process; a worker that timed out or died is replaced on next use."""

    def __init__(self) -> None:
        self.worker: Worker | None = None

    def run(self, jobs: list[ParseJob], limits: DomLimits, timeout: float, closing: list[bool]) -> list[Parsed]:
        results: list[Parsed] = []
        while len(results) < len(jobs):
            if closing[0]:
                raise RuntimeError("the parser was closed while a batch was being parsed")
            if self.worker is None or not self.worker.alive:
                self.worker = Worker()
            results.extend(self.worker.run(jobs[len(results):], limits, timeout))
        return results

    def close(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None


class Parser:
    """Parses batches of pages inline (``workers == 0``) or in worker processes started lazily.

    ``run`` blocks (ingest); ``parse`` is the same for the crawl's event loop. If worker
    processes cannot be started at all, the rest is parsed in this process (with a warning).
    """

    def __init__(self, workers: int, limits: DomLimits | None = None, timeout: float = 0.0) -> None:
        self.workers = workers
        self.limits = limits or DEFAULT_LIMITS
        self.timeout = timeout
        self._idle: queue.Queue[_Slot] | None = None
        self._slots: list[_Slot] = []
        self._threads: ThreadPoolExecutor | None = None
        self._closing = [False]

    @classmethod
    def from_settings(cls, settings: Settings, workers: int | None = None) -> Parser:
        return cls(default_workers(settings) if workers is None else workers,
                   DomLimits.from_settings(settings), settings.parse_timeout)

    def run(self, jobs: list[ParseJob]) -> list[Parsed]:
        """Parse a batch and wait for it: one Parsed per job, in order."""
        if self.workers <= 0:
            return parse_jobs(jobs, self.limits)
        if self._idle is None:
            self._slots = [_Slot() for _ in range(self.workers)]
            self._idle = queue.Queue()
            for slot in self._slots:
                self._idle.put(slot)
        slot = self._idle.get()
        try:
            return slot.run(jobs, self.limits, self.timeout, self._closing)
        except WorkerStartError:
            log.warning("parse worker processes cannot be started; parsing in this process from now on")
            self.workers = 0
            return parse_jobs(jobs, self.limits)
        finally:
            self._idle.put(slot)

    async def parse(self, jobs: list[ParseJob]) -> list[Parsed]:
        if self.workers <= 0:
            return parse_jobs(jobs, self.limits)
        if self._threads is None:
            self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="parse-wait")
        return await asyncio.get_running_loop().run_in_executor(self._threads, self.run, jobs)

    def close(self) -> None:
        """Stop the worker processes (a batch still running fails) and the waiting threads."""
        self._closing[0] = True
        for slot in self._slots:  # first the processes, so a thread waiting on one wakes up
            if slot.worker is not None:
                slot.worker.terminate()
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=True)
            self._threads = None
        for slot in self._slots:
            slot.close()
        self._slots = []
        self._idle = None
        self._closing = [False]
