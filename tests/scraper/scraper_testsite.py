"""A real local HTTP server (threads, 127.0.0.1, ephemeral port) that serves our fixture pages
and misbehaves on demand: 429 with Retry-After, 500s, slow and stalled responses, redirect
loops, a gzip bomb, a 50 MB body, a wrong content type, invalid UTF-8, robots.txt rules.
It counts requests per path, so tests can assert what was fetched and how often.
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

PAGES = Path(__file__).parent / "pages"


@functools.cache
def gzip_bomb(size: int = 200 * (1 << 20)) -> bytes:
    """A small gzip body that expands to ``size`` bytes of zeros (200 MiB in about 200 KB by
    default; made on first use, not at import: it costs a second of CPU)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    out = [comp.compress(chunk) for _ in range(size // len(chunk))]
    out.append(comp.flush())
    return b"".join(out)


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the headers
    stall_after: int | None = None  # send this many body bytes, then hang
    stream_chunks: Iterator[bytes] | None = None


Route = Callable[["Handler", int], Response]


class Site:
    """Routes, request counts and the headers of the last request to each path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.last_headers: dict[str, dict[str, str]] = {}
        self.lock = threading.Lock()
        self.base = ""

    def add(self, path: str, route: Route | Response) -> None:
        self.routes[path] = route if callable(route) else (lambda _h, _n, r=route: r)

    def page(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8",
             **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.add(path, Response(200, data, {"Content-Type": ctype, **headers}))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        site = self.site
        with site.lock:
            site.hits[self.path] += 1
            n = site.hits[self.path]
            site.last_headers[self.path] = {k.lower(): v for k, v in self.headers.items()}
        route = site.routes.get(self.path)
        if route is None:
            resp = Response(404, b"not found", {"Content-Type": "text/plain"})
        else:
            resp = route(self, n)
        if resp.delay:
            time.sleep(resp.delay)
        try:
            self.send_response(resp.status)
            for k, v in resp.headers.items():
                self.send_header(k, v)
            if resp.stream_chunks is not None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in resp.stream_chunks:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            if "Content-Length" not in resp.headers:
                self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if resp.stall_after is not None:
                self.wfile.write(resp.body[:resp.stall_after])
                self.wfile.flush()
                time.sleep(5)
                return
            self.wfile.write(resp.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def fixture_html(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def gz(data: bytes) -> bytes:
    return gzip.compress(data)
