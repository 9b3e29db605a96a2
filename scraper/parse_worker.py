"""One parse worker process, and the per-page deadline that guards it.

The parent sends a batch of pages down a pipe; the worker answers one ``Parsed`` per page, in
order, as each is done. The parent lets the worker spend at most ``timeout`` seconds of CPU time
on each page, counted from the previous answer (the worker starts the next page as soon as it
has sent one), with a wall-clock backstop. A page that takes longer is recorded as failed,
"parse timed out after N s", and the worker is killed
(a parse stuck in C code cannot be interrupted any other way); the caller starts a fresh one for
the rest of the batch. A worker that dies mid-page (out of memory, killed) fails that page the
same way, with "parse worker died".
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

import dedup
from records.article import Source
from scraper.domcheck import DomLimits
from scraper.parse import Parsed, parse_html

log = logging.getLogger(__name__)

WORKER_NICENESS = 10  # parse processes yield the CPU to the fetch loop, whose slots sit idle while it waits
PARENT_CHECK_SECONDS = 1.0
STARTUP_SECONDS = 120.0  # a fresh worker imports trafilatura and friends; not counted in the page timeout
SIGNATURE = "near_dup_signature"  # Article.extra key of the precomputed wire-copy signature
READY = "ready"
POLL_SECONDS = 0.1  # how often a waiting parent reads the worker's CPU time
WALL_FACTOR = 10  # wall-clock backstop, as a multiple of the (CPU-time) parse timeout
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process, from /proc (None where there is no /proc)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS


@dataclass(frozen=True, slots=True)
class ParseJob:
    """One page to parse: archived bytes, the URL they came from, and what fills the gaps."""

    body: bytes
    url: str
    source: Source | None = None
    sha256: str | None = None
    published: str | None = None  # a date the caller knows better than the page
    min_text: int | None = None  # shortest article text kept (None: MIN_TEXT, for crawled pages)


def parse_one(job: ParseJob, limits: DomLimits) -> Parsed:
    """Parse one page and sign it for wire-copy detection; errors become a failed Parsed."""
    if job.body[:5] == b"%PDF-":
        return Parsed(None, "PDF")
    try:
        parsed = parse_html(job.body, job.url, source=job.source, raw_sha256=job.sha256,
                            published=job.published, limits=limits,
                            **({} if job.min_text is None else {"min_text": job.min_text}))
        if parsed.article is None:
            return parsed
        article = parsed.article
        signature = dedup.signature(article.text, article.title)
    except Exception as exc:  # a bug or a page no parser survives: this page fails, the others go on
        log.exception("parsing %s failed", job.url)
        return Parsed(None, f"parse error: {type(exc).__name__}", failed=True)
    return replace(parsed, article=replace(article, extra={**article.extra, SIGNATURE: signature}))


def parse_jobs(jobs: list[ParseJob], limits: DomLimits) -> list[Parsed]:
    """Parse a batch in this process (no timeout)."""
    return [parse_one(job, limits) for job in jobs]


def _watch_parent() -> None:
    """A crawl killed outright (SIGKILL, out of memory) cannot stop its workers: each exits
    once its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:  # re-parented: the crawl process died
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def worker_main(conn: Connection) -> None:
    """The worker process: at a lower CPU priority (parsing is throughput work a queue absorbs,
    fetching is latency work), answer each batch one page at a time until told to stop."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not permitted here: parse at normal priority
        pass
    _watch_parent()
    conn.send(READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        jobs, limits = message
        for job in jobs:
            conn.send(parse_one(job, limits))


class WorkerStartError(RuntimeError):
    """A fresh parse worker did not come up (it died or did not answer in STARTUP_SECONDS)."""


def _context() -> multiprocessing.context.BaseContext:
    """Workers fork from a server process that has imported the parser once (a fresh worker,
    also one replacing a timed-out worker, then starts in milliseconds, not seconds). The server
    starts clean, not forked from the crawl, so the crawl's threads and database connection never
    cross a fork. Where there is no forkserver, each worker is spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


class Worker:
    """A parse worker process and the parent's end of its pipe. Used by one thread at a time."""

    def __init__(self) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child,), name="claims-parse", daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def _wait_ready(self) -> None:
        try:
            if self.conn.poll(STARTUP_SECONDS) and self.conn.recv() == READY:
                self.ready = True
                return
        except (EOFError, OSError):
            pass
        self.kill()
        raise WorkerStartError("a parse worker process did not start")

    def run(self, jobs: list[ParseJob], limits: DomLimits, timeout: float) -> list[Parsed]:
        """Results for a prefix of ``jobs``: all of them, or up to and including the page that
        timed out or killed the worker (then the worker is gone and ``alive`` is False)."""
        if not self.ready:
            self._wait_ready()
        results: list[Parsed] = []
        try:
            self.conn.send((jobs, limits))
        except OSError:
            self.kill()
            return [Parsed(None, "parse worker died", failed=True)]
        for job in jobs:
            try:
                if not self._answers_in_time(timeout):
                    log.warning("%s: parse timed out after %g s; parse worker replaced", job.url, timeout)
                    self.kill()
                    results.append(Parsed(None, f"parse timed out after {timeout:g} s", failed=True))
                    return results
                results.append(self.conn.recv())
            except (EOFError, OSError):
                log.warning("%s: the parse worker process died on this page; replaced", job.url)
                self.kill()
                results.append(Parsed(None, "parse worker died", failed=True))
                return results
        return results

    def _answers_in_time(self, timeout: float) -> bool:
        """Wait for the next answer: False once the worker has spent ``timeout`` CPU seconds on
        the page (or, where its CPU time cannot be read, wall seconds), or WALL_FACTOR times that
        in wall time (a starved or stuck worker). CPU time, because workers run at a low
        priority: on a busy machine a page waits for the CPU without costing anything."""
        if timeout <= 0:
            return self.conn.poll(None)
        started = time.monotonic()
        cpu0 = _cpu_seconds(self.process.pid)
        while True:
            if self.conn.poll(POLL_SECONDS):
                return True
            wall = time.monotonic() - started
            cpu = _cpu_seconds(self.process.pid)
            spent = wall if cpu is None or cpu0 is None else cpu - cpu0
            if spent >= timeout or wall >= timeout * WALL_FACTOR:
                return False

    def terminate(self) -> None:
        """Kill the process only (from any thread): a thread waiting on the pipe wakes up."""
        if self.process.is_alive():
            self.process.kill()

    def kill(self) -> None:
        """Kill the process and close the pipe (by the thread that uses this worker)."""
        self.terminate()
        self.process.join()
        self.conn.close()
