"""What the crawl benchmark's test servers allow, without our crawler: two bare clients.

Runs the same 10 local hosts as ``crawl_throughput.py`` (50 ms latency, 100 pages each) and
fetches every page with 2 connections per host, first over bare asyncio sockets (keep-alive,
the floor of client overhead), then with a bare ``httpx.AsyncClient`` (what our fetcher is built
on). Both are ratios against the politeness limit (hosts x per-host concurrency / latency).

Run:  .venv/bin/python benchmarks/crawl_ceiling.py [--hosts 10] [--pages 1000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.transport import LeanTransport  # noqa: E402

SERVER = Path(__file__).with_name("crawl_throughput.py")


async def _socket_worker(port: int, paths: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for path in paths:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length"))
        await reader.readexactly(length)
    writer.close()


async def _bare_sockets(ports: list[int], per_host: int) -> float:
    jobs = []
    for port in ports:
        paths = [f"/a/{i}.html" for i in range(per_host)]
        jobs += [_socket_worker(port, paths[0::2]), _socket_worker(port, paths[1::2])]
    start = time.monotonic()
    await asyncio.gather(*jobs)
    return time.monotonic() - start


async def _bare_httpx(ports: list[int], per_host: int) -> float:
    limits = httpx.Limits(max_connections=2 * len(ports), max_keepalive_connections=2 * len(ports))
    return await _httpx_run(httpx.AsyncClient(limits=limits), ports, per_host)


async def _lean_httpx(ports: list[int], per_host: int) -> float:
    transport = LeanTransport(max_connections=2 * len(ports), max_keepalive=2)
    return await _httpx_run(httpx.AsyncClient(transport=transport), ports, per_host)


async def _httpx_run(http: httpx.AsyncClient, ports: list[int], per_host: int) -> float:
    async with http as client:
        async def worker(urls: list[str]) -> None:
            for url in urls:
                (await client.get(url)).raise_for_status()

        jobs = []
        for port in ports:
            urls = [f"http://127.0.0.1:{port}/a/{i}.html" for i in range(per_host)]
            jobs += [worker(urls[0::2]), worker(urls[1::2])]
        start = time.monotonic()
        await asyncio.gather(*jobs)
        return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    per_host = args.pages // args.hosts
    server = subprocess.Popen([sys.executable, str(SERVER), "--serve", "--pages", str(args.pages),
                               "--hosts", str(args.hosts), "--latency", str(args.latency)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ports = json.loads(server.stdout.readline())
        limit = args.hosts * 2 / args.latency
        runs: list[tuple[str, Callable[[list[int], int], Awaitable[float]]]] = [
            ("bare asyncio sockets", _bare_sockets), ("bare httpx.AsyncClient", _bare_httpx),
            ("httpx + LeanTransport", _lean_httpx)]
        print(f"politeness limit: {args.hosts} hosts x 2 / {args.latency}s = {limit:.0f} pages/s")
        for name, run in runs:
            seconds = asyncio.run(run(ports, per_host))
            rate = per_host * args.hosts / seconds
            print(f"{name:24} {rate:6.0f} pages/s = {rate / limit:6.1%} of the limit")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
