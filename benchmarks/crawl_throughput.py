"""Crawl throughput: 1,000 pages across 10 local hosts that answer with 50 ms latency.

Politeness: per-host concurrency 2, per-host delay 0, so the limit is
10 hosts x 2 in flight / 0.05 s = 400 pages/s; the fetch stage (discovery done, frontier ->
archived pages) is reported as a share of it, with the crawler's CPU per page. That share is no
longer a target (issue 11 retired "crawl >= 90% of the politeness bound": a real crawl waits
seconds per host, so client CPU never reaches a user); the memory figures are. The servers run in a separate process
(asyncio, one port per host = one politeness slot per host); each host serves robots.txt, a
sitemap of 100 article URLs and the articles (about 3 KB of HTML each, all different).
Memory is reported (tracemalloc and RSS) at the start, middle and end of the fetch stage.

Run:  .venv/bin/python benchmarks/crawl_throughput.py [--pages 1000] [--hosts 10] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.connection import open_db  # noqa: E402
from orchestrate.crawl import run_crawl  # noqa: E402
from records.article import Source  # noqa: E402
from scraper.crawl_summary import CrawlEvent  # noqa: E402
from settings import Settings  # noqa: E402

WORDS = ("police residents council budget street officers report district week year crime theft "
         "burglary patrol transit center block meeting library mayor chief arrest robbery vehicle "
         "neighborhood program figures data shooting court county state school park summer calls "
         "service grant training camera response community detective witness evening morning").split()


@functools.cache
def article(host: int, i: int) -> bytes:
    """A distinct ~3 KB article page (random sentences from a small vocabulary, fixed seed)."""
    rng = random.Random(host * 100_003 + i)
    paras = "".join("<p>" + " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize()
                                     + "." for _ in range(4)) + "</p>" for _ in range(5))
    nav = "".join(f"<li><a href='/section/{s}'>Section {s}</a></li>" for s in range(12))
    return (f"<!DOCTYPE html><html><head><title>Weekly report {host}-{i}</title>"
            f"<meta property='article:published_time' content='2026-03-{1 + i % 28:02d}'></head>"
            f"<body><nav><ul>{nav}</ul></nav><article><h1>Weekly report {host}-{i}</h1>{paras}</article>"
            f"<footer><p>Copyright City of Example. All rights reserved.</p></footer></body></html>").encode()


# ------------------------------------------------------------------------------- servers
async def _serve(hosts: int, per_host: int, latency: float) -> None:
    ports: list[int] = []

    def handler_for(host: int):  # type: ignore[no-untyped-def]
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            port = writer.get_extra_info("sockname")[1]
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    path = head.split(b" ", 2)[1].decode()
                    await asyncio.sleep(latency)
                    ctype = "text/html; charset=utf-8"
                    if path == "/robots.txt":
                        body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
                    elif path == "/sitemap.xml":
                        locs = "".join(f"<url><loc>http://127.0.0.1:{port}/a/{i}.html</loc></url>"
                                       for i in range(per_host))
                        body = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                f"{locs}</urlset>").encode()
                        ctype = "application/xml"
                    elif path.startswith("/a/"):
                        body = article(host, int(path[3:].split(".")[0]))
                    else:
                        body, ctype = b"not found", "text/plain"
                    status = "404 Not Found" if body == b"not found" else "200 OK"
                    writer.write(f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                                 f"Connection: keep-alive\r\n\r\n".encode() + body)
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                writer.close()
        return handle

    # Build every page before the clock starts, so the servers' own CPU (one core for all ten
    # hosts) is not what limits the crawl being measured.
    for h in range(hosts):
        for i in range(per_host):
            article(h, i)
    servers = []
    for h in range(hosts):
        server = await asyncio.start_server(handler_for(h), "127.0.0.1", 0, backlog=256)
        servers.append(server)
        ports.append(server.sockets[0].getsockname()[1])
    print(json.dumps(ports, allow_nan=False), flush=True)
    await asyncio.Event().wait()


# ------------------------------------------------------------------------------- crawler
def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--per-host-concurrency", type=int, default=2)
    parser.add_argument("--parse-workers", type=int, default=None,
                        help="parse processes (default: one per spare core)")
    parser.add_argument("--fetch-then-parse", action="store_true",
                        help="crawl with parse=False (fetch and archive only), then a second crawl parses")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace Python allocations (slows the crawler; run it separately)")
    parser.add_argument("--runs", type=int, default=1,
                        help="crawl this many times against the same servers (fresh database each time) "
                             "and report every run's fetch rate and their median")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    per_host = args.pages // args.hosts
    if args.serve:
        asyncio.run(_serve(args.hosts, per_host, args.latency))
        return
    server = subprocess.Popen([sys.executable, __file__, "--serve", "--pages", str(args.pages), "--hosts",
                               str(args.hosts), "--latency", str(args.latency)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ports = json.loads(server.stdout.readline())
        settings = Settings(allow_private_addresses=True, per_host_concurrency=args.per_host_concurrency,
                            per_host_delay=0.0, global_concurrency=args.hosts * args.per_host_concurrency,
                            timeout=10.0, retries=1)
        sources = [Source(name=f"host{i}", city="Example", state="OH",
                          sitemaps=(f"http://127.0.0.1:{port}/sitemap.xml",)) for i, port in enumerate(ports)]
        memory: list[tuple[str, float, float, float]] = []
        marks = {1: "start", args.pages // 2: "middle", args.pages: "end"}
        stamps: dict[str, float] = {}
        cpu: dict[str, float] = {}
        if args.tracemalloc:
            tracemalloc.start()

        def progress(event: CrawlEvent) -> None:
            if event.url.endswith(".html") and event.done in marks:
                label = marks[event.done]
                stamps[label] = time.monotonic()
                cpu[label] = time.process_time()
                current, peak = tracemalloc.get_traced_memory() if args.tracemalloc else (0, 0)
                memory.append((label, current / 2**20, peak / 2**20, _rss_mb()))

        rates: list[float] = []
        for run in range(max(1, args.runs)):
            memory.clear()
            with tempfile.TemporaryDirectory() as tmp:
                db = open_db(Path(tmp) / "bench.db")
                summary = run_crawl(db, settings, sources, progress=progress, extract_claims=False,
                                    parse_workers=args.parse_workers, parse=not args.fetch_then_parse)
                later = None
                if args.fetch_then_parse:  # second run: parses the archive, fetches no article again
                    later = run_crawl(db, settings, sources, extract_claims=False, parse_workers=args.parse_workers)
                stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
                db.close()
            rates.append(summary.article_fetches / summary.fetch_seconds)
            if args.runs > 1:
                print(f"run {run + 1}: fetch stage {rates[-1]:.0f} pages/s "
                      f"({rates[-1] / (args.hosts * args.per_host_concurrency / args.latency):.1%} of the limit)",
                      flush=True)
        if args.tracemalloc:
            tracemalloc.stop()
    finally:
        server.terminate()
        server.wait()
    limit = args.hosts * args.per_host_concurrency / args.latency
    fetch_rate = summary.article_fetches / summary.fetch_seconds
    print(f"pages fetched (frontier): {summary.article_fetches}, articles stored: {stored}, "
          f"failed: {summary.failed_total}, parse workers: {summary.parse_workers}")
    print(f"politeness limit: {args.hosts} hosts x {args.per_host_concurrency} / {args.latency}s = {limit:.0f} pages/s")
    print(f"fetch stage: {summary.fetch_seconds:.2f}s -> {fetch_rate:.0f} pages/s = {fetch_rate / limit:.1%} of the limit")
    print(f"whole crawl (discovery + fetch + parse/store wait {summary.parse_wait_seconds:.2f}s): "
          f"{summary.seconds:.2f}s -> {summary.article_fetches / summary.seconds:.0f} pages/s")
    if later is not None:
        print(f"second crawl parsed {later.reparsed} archived pages in {later.seconds:.2f}s "
              f"(articles fetched again: {later.article_fetches}); fetch + parse: "
              f"{summary.seconds + later.seconds:.2f}s")
    if len(rates) > 1:
        median = statistics.median(rates)
        print(f"fetch stage over {len(rates)} runs: median {median:.0f} pages/s = {median / limit:.1%} of the limit "
              f"(min {min(rates) / limit:.1%}, max {max(rates) / limit:.1%})")
    if "start" in cpu and "end" in cpu:
        per_page = (cpu["end"] - cpu["start"]) / max(args.pages - 1, 1) * 1000
        print(f"crawler process CPU during the fetch stage: {per_page:.2f} ms a page "
              f"(one core would allow {1000 / per_page:.0f} pages/s); load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")
    print("memory (tracemalloc current / peak MiB" + ("" if args.tracemalloc else ": off, use --tracemalloc")
          + "; RSS MiB of the crawler process):")
    for label, cur, peak, rss in memory:
        print(f"  {label:6}  {cur:7.1f} / {peak:7.1f}   RSS {rss:7.1f}")


if __name__ == "__main__":
    main()
