"""A lean HTTP/1.1 transport for httpx: keep-alive connections over asyncio streams.

The crawler keeps httpx as its client API (requests, headers, timeouts, errors, ``aiter_raw``),
but on the crawl benchmark httpx's default transport (httpcore over anyio) costs about 1.1 ms of
CPU per request, which on a 2-core machine is what kept the crawl under 90% of the politeness
limit. This transport speaks plain HTTP/1.1 over ``asyncio`` streams and costs a fraction of
that (``benchmarks/crawl_ceiling.py`` measures both).

What it does: ``http`` and ``https`` (certificate checks on), keep-alive pools per origin with an
idle expiry, a retry on a fresh connection when a reused one turns out to be closed, responses
framed by Content-Length, chunked encoding or end of stream, 1xx responses skipped, caps on the
response head, and httpx's own exceptions (``ConnectError``, ``ReadTimeout``,
``RemoteProtocolError`` ...) so callers handle it exactly like the default transport.
With ``peer_check`` it refuses a connection whose actual peer address the check rejects, before
sending anything (the crawler passes its private-address check: no DNS-rebinding window).
What it does not do: HTTP/2, proxies, protocol upgrades. ``http_transport = "httpx"`` in the
settings switches back to httpx's default transport for any of those.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import httpx

from scraper.netguard import BlockedAddress

MAX_HEAD_BYTES = 64 * 1024  # status line plus headers
MAX_HEADER_LINES = 256
CHUNK = 64 * 1024  # largest piece handed to the reader at once

Origin = tuple[str, str, int]  # scheme, host, port
T = TypeVar("T")

_NO_BODY_STATUS = frozenset({204, 304})


class _Connection:
    """One open socket to an origin."""

    __slots__ = ("origin", "reader", "writer", "idle_since", "used")

    def __init__(self, origin: Origin, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.origin = origin
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0
        self.used = False  # has carried a request before: may have been closed by the server since

    def close(self) -> None:
        try:
            self.writer.close()
        except Exception:  # noqa: BLE001 - closing a broken socket can fail in many ways; it is gone either way
            pass

    def usable(self, now: float, expiry: float) -> bool:
        return (now - self.idle_since < expiry and not self.reader.at_eof()
                and not self.writer.is_closing() and not self.reader._buffer)  # noqa: SLF001 - stray bytes: unusable


class _Stale(Exception):
    """A reused keep-alive connection was closed by the server before it answered."""


class LeanTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 for ``httpx.AsyncClient(transport=LeanTransport(...))``.

    ``max_connections`` bounds open requests (waiting longer than the pool timeout raises
    ``httpx.PoolTimeout``); ``max_keepalive`` bounds the idle connections kept, all origins
    together (the longest idle is closed first), and none is kept past ``keepalive_expiry``
    seconds, so a crawl over thousands of hosts does not hold a socket open for each.
    """

    def __init__(self, *, max_connections: int = 100, max_keepalive: int = 20,
                 keepalive_expiry: float = 5.0, ssl_context: ssl.SSLContext | None = None,
                 peer_check: Callable[[str], str | None] | None = None) -> None:
        self.max_connections = max(1, max_connections)
        self.max_keepalive = max(0, max_keepalive)
        self.keepalive_expiry = keepalive_expiry
        self._ssl = ssl_context
        #: Checks the address each new connection actually reached, before anything is sent
        #: (a DNS answer that changed after an earlier check cannot slip through).
        self._peer_check = peer_check
        self._idle: dict[Origin, list[_Connection]] = {}
        self._lru: OrderedDict[_Connection, None] = OrderedDict()  # every idle connection, oldest first
        self._sem: asyncio.Semaphore | None = None
        self._closed = False

    # ------------------------------------------------------------------ httpx API
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the transport is closed")
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"Request URL has an unsupported protocol '{scheme}://'.",
                                            request=request)
        if not url.host:
            raise httpx.UnsupportedProtocol("Request URL is missing a host.", request=request)
        origin: Origin = (scheme, url.host, url.port or (443 if scheme == "https" else 80))
        timeouts = request.extensions.get("timeout", {})
        payload = await self._payload(request)
        sem = self._semaphore()
        if sem.locked():  # every connection busy: wait, up to the pool timeout
            await _with_timeout(sem.acquire(), timeouts.get("pool"), httpx.PoolTimeout,
                                "timed out waiting for a connection", request)
        else:
            await sem.acquire()  # free: returns at once, no timer needed
        try:
            for _ in range(2):  # a reused connection found closed is retried once on a fresh one
                conn = await self._connection(origin, timeouts.get("connect"), request)
                try:
                    status, reason, version, headers = await self._exchange(conn, payload, timeouts, request)
                except _Stale:
                    conn.close()
                    continue
                except BaseException:
                    conn.close()
                    raise
                break
            else:
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.",
                                                request=request)
        except BaseException:
            sem.release()
            raise
        body = _Body(self, conn, request, status, headers, version, timeouts.get("read"))
        return httpx.Response(status, headers=headers, stream=body, request=request,
                              extensions={"http_version": version.encode(), "reason_phrase": reason})

    async def aclose(self) -> None:
        self._closed = True
        for conn in self._lru:
            conn.close()
        self._idle.clear()
        self._lru.clear()

    @property
    def idle_connections(self) -> int:
        """How many idle keep-alive connections are open."""
        return len(self._lru)

    # ------------------------------------------------------------------ details
    def _semaphore(self) -> asyncio.Semaphore:
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.max_connections)
        return self._sem

    @staticmethod
    async def _payload(request: httpx.Request) -> bytes:
        head = [f"{request.method} ".encode(), request.url.raw_path, b" HTTP/1.1\r\n"]
        for name, value in request.headers.raw:
            head += [name, b": ", value, b"\r\n"]
        head.append(b"\r\n")
        body = b"".join([part async for part in request.stream])  # type: ignore[union-attr]
        return b"".join(head) + body

    async def _connection(self, origin: Origin, timeout: float | None, request: httpx.Request) -> _Connection:
        now = time.monotonic()
        self._evict(now)
        idle = self._idle.get(origin)
        while idle:
            conn = idle.pop()
            del self._lru[conn]
            if conn.usable(now, self.keepalive_expiry):
                return conn
            conn.close()
        scheme, host, port = origin
        context = None
        if scheme == "https":
            if self._ssl is None:
                self._ssl = httpx.create_ssl_context()
            context = self._ssl
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=context, server_hostname=host if context else None, limit=MAX_HEAD_BYTES)
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"connecting to {host}:{port} timed out", request=request) from exc
        except (OSError, ssl.SSLError) as exc:
            raise httpx.ConnectError(f"{exc}", request=request) from exc
        if self._peer_check is not None:
            peer = writer.get_extra_info("peername")
            ip = str(peer[0]) if isinstance(peer, tuple) and peer else ""
            problem = self._peer_check(ip)
            if problem:
                writer.close()
                raise BlockedAddress(f"{host} connected to {ip}, a {problem} address", request=request)
        return _Connection(origin, reader, writer)

    async def _exchange(self, conn: _Connection, payload: bytes, timeouts: dict[str, float | None],
                        request: httpx.Request) -> tuple[int, bytes, str, list[tuple[bytes, bytes]]]:
        reused = conn.used
        conn.used = True
        try:
            conn.writer.write(payload)
            if conn.writer.transport.get_write_buffer_size():  # the socket did not take it all at once
                async with asyncio.timeout(timeouts.get("write")):
                    await conn.writer.drain()
        except TimeoutError as exc:
            raise httpx.WriteTimeout("sending the request timed out", request=request) from exc
        except OSError as exc:
            if reused:
                raise _Stale from exc
            raise httpx.WriteError(str(exc) or type(exc).__name__, request=request) from exc
        first = True
        while True:
            status, reason, version, headers = await _read_head(conn.reader, timeouts.get("read"),
                                                                request, stale_ok=reused and first)
            first = False
            if 100 <= status < 200:
                if status == 101:
                    raise httpx.RemoteProtocolError("the server switched protocols (101); not supported",
                                                    request=request)
                continue  # 100 Continue, 103 Early Hints: the real answer follows
            return status, reason, version, headers

    def _release(self, conn: _Connection, reusable: bool) -> None:
        """Give back the request's slot; keep the connection for the next request if it can be."""
        assert self._sem is not None
        self._sem.release()
        if not reusable or self._closed:
            conn.close()
            return
        conn.idle_since = time.monotonic()
        self._idle.setdefault(conn.origin, []).append(conn)
        self._lru[conn] = None
        self._evict(conn.idle_since)

    def _evict(self, now: float) -> None:
        """Close idle connections past the expiry, and the oldest ones beyond ``max_keepalive``."""
        while self._lru:
            oldest = next(iter(self._lru))
            if len(self._lru) <= self.max_keepalive and now - oldest.idle_since < self.keepalive_expiry:
                return
            del self._lru[oldest]
            idle = self._idle[oldest.origin]
            idle.remove(oldest)
            if not idle:
                del self._idle[oldest.origin]
            oldest.close()


async def _with_timeout(awaitable: Awaitable[T], timeout: float | None, error: type[httpx.TimeoutException],
                        what: str, request: httpx.Request) -> T:
    """``await awaitable``, or ``error(what)`` once ``timeout`` seconds have passed."""
    try:
        async with asyncio.timeout(timeout):
            return await awaitable
    except TimeoutError as exc:
        raise error(what, request=request) from exc


_SLOW = "the server took too long to answer"


async def _read_line(reader: asyncio.StreamReader, timeout: float | None, request: httpx.Request) -> bytes:
    return await _with_timeout(_line(reader, request), timeout, httpx.ReadTimeout, _SLOW, request)


async def _line(reader: asyncio.StreamReader, request: httpx.Request) -> bytes:
    try:
        return await reader.readline()
    except ValueError as exc:  # a line longer than the reader's limit
        raise httpx.RemoteProtocolError("response line too long", request=request) from exc
    except OSError as exc:
        raise httpx.ReadError(str(exc) or type(exc).__name__, request=request) from exc


async def _read_head(reader: asyncio.StreamReader, timeout: float | None, request: httpx.Request, *,
                     stale_ok: bool) -> tuple[int, bytes, str, list[tuple[bytes, bytes]]]:
    """Status line and headers; ``timeout`` bounds the wait for the whole head."""
    return await _with_timeout(_head(reader, request, stale_ok=stale_ok), timeout, httpx.ReadTimeout, _SLOW,
                               request)


async def _head(reader: asyncio.StreamReader, request: httpx.Request, *,
                stale_ok: bool) -> tuple[int, bytes, str, list[tuple[bytes, bytes]]]:
    try:
        line = await _line(reader, request)
    except httpx.ReadError:
        if stale_ok:
            raise _Stale from None
        raise
    if not line:
        if stale_ok:
            raise _Stale
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
    parts = line.rstrip(b"\r\n").split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not (parts[1].isdigit() and len(parts[1]) == 3):
        raise httpx.RemoteProtocolError(f"not an HTTP/1 response: {line[:60]!r}", request=request)
    version = parts[0].decode("ascii", "replace")
    status = int(parts[1])
    reason = parts[2] if len(parts) == 3 else b""
    headers: list[tuple[bytes, bytes]] = []
    size = len(line)
    while True:
        line = await _line(reader, request)
        if not line:
            raise httpx.RemoteProtocolError("the server closed the connection inside the headers",
                                            request=request)
        size += len(line)
        if size > MAX_HEAD_BYTES or len(headers) > MAX_HEADER_LINES:
            raise httpx.RemoteProtocolError("response headers too large", request=request)
        line = line.rstrip(b"\r\n")
        if not line:
            return status, reason, version, headers
        if line[:1] in (b" ", b"\t") and headers:  # obsolete line folding: part of the previous value
            name, value = headers[-1]
            headers[-1] = (name, value + b" " + line.strip())
            continue
        name, sep, value = line.partition(b":")
        name = name.strip()
        if not sep or not name:
            raise httpx.RemoteProtocolError(f"malformed header line: {line[:60]!r}", request=request)
        headers.append((name, value.strip()))


def _tokens(headers: list[tuple[bytes, bytes]], name: bytes) -> list[bytes]:
    out: list[bytes] = []
    for key, value in headers:
        if key.lower() == name:
            out += [t.strip().lower() for t in value.split(b",") if t.strip()]
    return out


class _Body(httpx.AsyncByteStream):
    """The response body as it arrives; returns the connection to the pool once fully read."""

    def __init__(self, transport: LeanTransport, conn: _Connection, request: httpx.Request, status: int,
                 headers: list[tuple[bytes, bytes]], version: str, timeout: float | None) -> None:
        self.transport = transport
        self.conn = conn
        self.request = request
        self.timeout = timeout
        self.done = False
        self.released = False
        connection = _tokens(headers, b"connection")
        self.keep_alive = (b"close" not in connection if version != "HTTP/1.0"
                           else b"keep-alive" in connection)
        encodings = _tokens(headers, b"transfer-encoding")
        lengths = {v.strip() for k, v in headers if k.lower() == b"content-length"}
        self.length: int | None = None
        self.chunked = False
        if request.method == "HEAD" or status in _NO_BODY_STATUS:
            self.length = 0
        elif encodings:
            self.chunked = encodings[-1] == b"chunked"
            self.keep_alive = self.keep_alive and self.chunked
        elif lengths:
            if len(lengths) > 1 or not all(v.isdigit() for v in lengths):
                transport._release(conn, False)  # noqa: SLF001 - closes the connection
                self.released = True
                raise httpx.RemoteProtocolError(f"bad Content-Length: {sorted(lengths)!r}", request=request)
            self.length = int(lengths.pop())
        if self.length is None and not self.chunked:
            self.keep_alive = False  # the body ends when the server closes the connection

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.done or self.released:
            return
        reader = self.conn.reader
        if self.chunked:
            async for piece in self._chunks(reader):
                yield piece
        elif self.length is not None:
            remaining = self.length
            while remaining:
                piece = await self._read(reader, min(remaining, CHUNK))
                if not piece:
                    raise httpx.RemoteProtocolError(
                        "peer closed connection without sending complete message body "
                        f"({self.length - remaining} of {self.length} bytes)", request=self.request)
                remaining -= len(piece)
                yield piece
        else:
            while piece := await self._read(reader, CHUNK):
                yield piece
        self.done = True
        await self.aclose()

    async def _chunks(self, reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
        while True:
            line = await _read_line(reader, self.timeout, self.request)
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise httpx.RemoteProtocolError(f"bad chunk size line: {line[:40]!r}",
                                                request=self.request) from None
            if size == 0:
                while True:  # trailers, then the blank line
                    trailer = await _read_line(reader, self.timeout, self.request)
                    if trailer in (b"\r\n", b"\n"):
                        return
                    if not trailer:
                        raise httpx.RemoteProtocolError("connection closed inside the chunked trailer",
                                                        request=self.request)
            while size:
                piece = await self._read(reader, min(size, CHUNK))
                if not piece:
                    raise httpx.RemoteProtocolError("peer closed connection inside a chunk", request=self.request)
                size -= len(piece)
                yield piece
            if await _read_line(reader, self.timeout, self.request) not in (b"\r\n", b"\n"):
                raise httpx.RemoteProtocolError("chunk not followed by CRLF", request=self.request)

    async def _read(self, reader: asyncio.StreamReader, n: int) -> bytes:
        try:
            async with asyncio.timeout(self.timeout):
                return await reader.read(n)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the server stopped sending the body", request=self.request) from exc
        except OSError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__, request=self.request) from exc

    async def aclose(self) -> None:
        if self.released:
            return
        self.released = True
        self.transport._release(self.conn, self.done and self.keep_alive)  # noqa: SLF001
