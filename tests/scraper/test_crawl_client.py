"""The crawler's HTTP transport (httpx's own, pool on our peer-checking network backend) against
real sockets that answer byte by byte as each test scripts.

Each test starts an asyncio TCP server whose handler writes raw HTTP, so framing (Content-Length,
chunked, end of stream), keep-alive reuse, stale connections, timeouts, protocol errors, TLS and
the connect-time address check are exercised the way a hostile or broken server presents them.
These were the lean transport's tests (issue 11 retired it); they now hold httpx's transport, as
``scraper.netguard.crawl_transport`` builds it, to the same behaviour.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from scraper.fetch import Fetcher, make_client
from scraper.netguard import BlockedAddress, crawl_transport
from settings import Settings


def make_transport(*, connections: int = 10, keepalive_expiry: float = 5.0,
              check: Callable[[str], str | None] | None = lambda _ip: None,
              verify: ssl.SSLContext | None = None) -> httpx.AsyncHTTPTransport:
    """The crawler's transport; by default with a peer check that allows everything, so the
    pool on our network backend is what is tested."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections,
                          keepalive_expiry=keepalive_expiry)
    return crawl_transport(limits, check, verify=verify)


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, int], Awaitable[None]]


class Server:
    """A raw TCP server; ``connections`` counts accepted sockets, ``requests`` the request heads."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self.handler(reader, writer, self.connections)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def read_request(self, reader: asyncio.StreamReader) -> bytes:
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head)
        return head


def ok(body: bytes, extra: str = "") -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
            .encode() + body)


def run(handler: Handler | Callable[[Server], Handler], client_job: Callable[[httpx.AsyncClient, str], Awaitable[Any]],
        *, transport: httpx.AsyncBaseTransport | None = None, ssl_server: ssl.SSLContext | None = None,
        timeout: float = 2.0) -> tuple[Any, Server]:
    """Start the server, run ``client_job(client, base_url)`` with a crawl-transport client, stop."""
    async def go() -> tuple[Any, Server]:
        server = Server(handler)  # type: ignore[arg-type]
        if getattr(handler, "wants_server", False):
            server.handler = handler(server)  # type: ignore[call-arg, assignment]
        tcp = await asyncio.start_server(server._handle, "127.0.0.1", 0, ssl=ssl_server)  # noqa: SLF001
        server.port = tcp.sockets[0].getsockname()[1]
        scheme = "https" if ssl_server else "http"
        host = "localhost" if ssl_server else "127.0.0.1"
        try:
            async with httpx.AsyncClient(transport=transport or make_transport(), timeout=timeout) as client:
                result = await client_job(client, f"{scheme}://{host}:{server.port}")
        finally:
            tcp.close()
        return result, server
    return asyncio.run(go())


def with_server(make: Callable[[Server], Handler]) -> Callable[[Server], Handler]:
    make.wants_server = True  # type: ignore[attr-defined]
    return make


async def get_twice(client: httpx.AsyncClient, base: str) -> list[tuple[int, bytes]]:
    out = []
    for path in ("/one", "/two"):
        response = await client.get(base + path)
        out.append((response.status_code, response.content))
    return out


# ---------------------------------------------------------------------------- keep-alive
def test_keep_alive_connection_is_reused_for_the_next_request() -> None:
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
            while True:
                head = await server.read_request(reader)
                writer.write(ok(head.split(b" ")[1]))
                await writer.drain()
        return handle

    result, server = run(make, get_twice)
    assert result == [(200, b"/one"), (200, b"/two")]
    assert server.connections == 1
    assert server.requests[0].startswith(b"GET /one HTTP/1.1\r\n")
    assert b"\r\nHost: 127.0.0.1:" in server.requests[0]


def test_connection_close_is_honoured() -> None:
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
            await server.read_request(reader)
            writer.write(ok(b"bye", "Connection: close\r\n"))
            await writer.drain()
        return handle

    result, server = run(make, get_twice)
    assert result == [(200, b"bye"), (200, b"bye")]
    assert server.connections == 2


def test_a_keep_alive_connection_the_server_dropped_is_replaced_without_an_error() -> None:
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
            await server.read_request(reader)
            writer.write(ok(b"once"))  # says keep-alive, then hangs up anyway
            await writer.drain()
        return handle

    async def job(client: httpx.AsyncClient, base: str) -> list[tuple[int, bytes]]:
        first = await client.get(base + "/a")
        await asyncio.sleep(0.05)  # the server's close reaches us
        second = await client.get(base + "/b")
        return [(first.status_code, first.content), (second.status_code, second.content)]

    result, server = run(make, job)
    assert result == [(200, b"once"), (200, b"once")]
    assert server.connections == 2


def test_a_reused_connection_closed_as_the_request_arrives_is_retried_by_the_fetcher(tmp_path: Path) -> None:
    """The server's keep-alive timeout races our next request. httpcore reports it (it does not
    retry on its own); the fetcher takes it as a transient connection error and retries on a
    new connection, so the crawl gets the page."""
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
            await server.read_request(reader)
            writer.write(ok(f"conn {n}".encode()))
            await writer.drain()
            if n == 1:
                await server.read_request(reader)  # the keep-alive timeout races the request: hang up
        return handle

    settings = Settings(db_path=str(tmp_path / "claims.db"), allow_private_addresses=True,
                        respect_robots=False, backoff=0.0, retries=1, per_host_delay=0.0)

    async def job(_client: httpx.AsyncClient, base: str) -> list[tuple[str, int, bytes]]:
        async with make_client(settings) as client:
            fetcher = Fetcher(client, settings)
            results = [await fetcher.fetch(base + path) for path in ("/one", "/two")]
        return [(r.outcome, r.attempts, r.page.body if r.page else b"") for r in results]

    result, server = run(make, job)
    assert result == [("fetched", 1, b"conn 1"), ("fetched", 2, b"conn 2")]
    assert server.connections == 2 and len(server.requests) == 3


def test_a_fresh_connection_that_closes_without_answering_is_an_error_not_a_retry() -> None:
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, _writer: asyncio.StreamWriter, _n: int) -> None:
            await server.read_request(reader)
        return handle

    async def job(client: httpx.AsyncClient, base: str) -> str:
        with pytest.raises(httpx.RemoteProtocolError) as info:
            await client.get(base + "/")
        return str(info.value)

    message, server = run(make, job)
    assert "without sending a response" in message and server.connections == 1


def test_idle_connections_expire() -> None:
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
            while True:
                await server.read_request(reader)
                writer.write(ok(b"x"))
                await writer.drain()
        return handle

    async def job(client: httpx.AsyncClient, base: str) -> None:
        await client.get(base + "/a")
        await asyncio.sleep(0.15)
        await client.get(base + "/b")

    _result, server = run(make, job, transport=make_transport(keepalive_expiry=0.1))
    assert server.connections == 2


def test_idle_connections_are_bounded_across_many_hosts() -> None:
    """A crawl over many hosts keeps at most ``max_keepalive_connections`` sockets open: after
    twelve hosts with room for four, the newest host's connection is reused, the oldest one's
    was closed and is made again."""
    async def go() -> list[int]:
        counts = [0] * 12

        def handler_for(n: int):  # type: ignore[no-untyped-def]
            async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                counts[n] += 1
                try:
                    while True:
                        await reader.readuntil(b"\r\n\r\n")
                        writer.write(ok(b"x"))
                        await writer.drain()
                except (ConnectionError, asyncio.IncompleteReadError):
                    pass
                finally:
                    writer.close()
            return handle

        servers = [await asyncio.start_server(handler_for(n), "127.0.0.1", 0) for n in range(12)]
        limits = httpx.Limits(max_connections=12, max_keepalive_connections=4)
        async with httpx.AsyncClient(transport=crawl_transport(limits, lambda _ip: None)) as client:
            for server in servers:  # twelve hosts, one request each
                await client.get(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/")
            for server in (servers[-1], servers[0]):
                await client.get(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/again")
        for server in servers:
            server.close()
        return counts

    counts = asyncio.run(go())
    assert counts[-1] == 1 and counts[0] == 2 and sum(counts) == 13


# ---------------------------------------------------------------------------- framing
def test_chunked_body_with_extensions_and_trailers() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n")
            await writer.drain()

    result, server = run(handle, get_twice)
    assert result == [(200, b"hello, world"), (200, b"hello, world")]
    assert server.connections == 1  # the connection stayed in step after the trailer


def test_body_without_length_runs_to_end_of_stream_and_the_connection_is_not_reused() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nold school")
        await writer.drain()

    result, server = run(handle, get_twice)
    assert result == [(200, b"old school"), (200, b"old school")]
    assert server.connections == 2


def test_interim_100_continue_is_skipped() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                     + ok(b"final"))
        await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> tuple[int, bytes]:
        response = await client.get(base + "/")
        return response.status_code, response.content

    assert run(handle, job)[0] == (200, b"final")


def test_304_has_no_body_and_keeps_the_connection() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nContent-Length: 99\r\n\r\n')
        await reader.readuntil(b"\r\n\r\n")
        writer.write(ok(b"fresh"))
        await writer.drain()

    result, server = run(handle, get_twice)
    assert result == [(304, b""), (200, b"fresh")]
    assert server.connections == 1


def test_headers_are_parsed_with_folding_and_repeats() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 404 Not Found\r\nX-Long: first\r\n  second\r\nSet-Cookie: a=1\r\n"
                     b"Set-Cookie: b=2\r\nContent-Length: 4\r\n\r\nnope")
        await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> tuple[int, str, list[str], str]:
        response = await client.get(base + "/")
        return (response.status_code, response.headers["x-long"],
                response.headers.get_list("set-cookie"), response.reason_phrase)

    assert run(handle, job)[0] == (404, "first second", ["a=1", "b=2"], "Not Found")


# ---------------------------------------------------------------------------- errors
@pytest.mark.parametrize(("raw", "message"), [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "complete message body"),
    (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "illegal status line"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "conflicting Content-Length"),
    (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "illegal header line"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "illegal chunk header"),
    (b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 200_000 + b"\r\n\r\n", "Receive buffer too long"),
    (b"", "without sending a response"),
])
def test_broken_responses_raise_remote_protocol_errors(raw: bytes, message: str) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(raw)
        await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> str:
        with pytest.raises(httpx.RemoteProtocolError) as info:
            await client.get(base + "/")
        return str(info.value)

    assert message in run(handle, job)[0]


def test_a_response_head_past_100_kib_is_refused() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\n" + b"X-A: 1\r\n" * 20_000 + b"\r\n")
        await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> str:
        with pytest.raises(httpx.RemoteProtocolError) as info:
            await client.get(base + "/")
        return str(info.value)

    assert "Receive buffer too long" in run(handle, job)[0]


def test_a_server_that_never_answers_is_a_read_timeout() -> None:
    async def handle(reader: asyncio.StreamReader, _writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(5)

    async def job(client: httpx.AsyncClient, base: str) -> type[Exception]:
        with pytest.raises(httpx.ReadTimeout) as info:
            await client.get(base + "/")
        return info.type

    assert run(handle, job, timeout=0.2)[0] is httpx.ReadTimeout


def test_a_body_that_stalls_is_a_read_timeout_and_frees_the_slot() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        if n == 1:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a little")
            await writer.drain()
            await asyncio.sleep(5)
        writer.write(ok(b"second"))
        await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> bytes:
        with pytest.raises(httpx.ReadTimeout):
            await client.get(base + "/stall")
        return (await client.get(base + "/next")).content  # one slot only: it was given back

    result, server = run(handle, job, transport=make_transport(connections=1), timeout=0.3)
    assert result == b"second" and server.connections == 2


def test_nothing_listening_is_a_connect_error() -> None:
    async def go() -> None:
        probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = probe.sockets[0].getsockname()[1]
        probe.close()
        await probe.wait_closed()
        async with httpx.AsyncClient(transport=make_transport()) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get(f"http://127.0.0.1:{port}/")
    asyncio.run(go())


def test_waiting_past_the_pool_timeout_for_a_connection_is_a_pool_timeout() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")
        await writer.drain()
        await asyncio.sleep(5)

    async def job(client: httpx.AsyncClient, base: str) -> type[Exception]:
        async with client.stream("GET", base + "/held"):  # holds the only connection
            with pytest.raises(httpx.PoolTimeout) as info:
                await client.get(base + "/waits", timeout=httpx.Timeout(2.0, pool=0.1))
            return info.type

    assert run(handle, job, transport=make_transport(connections=1))[0] is httpx.PoolTimeout


def test_a_response_closed_before_its_body_was_read_is_not_reused() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(ok(b"y" * 200_000))
            await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> bytes:
        async with client.stream("GET", base + "/big") as response:
            async for _piece in response.aiter_raw():
                break  # the caller stops early, as the size cap does
        return (await client.get(base + "/again")).content[:3]

    result, server = run(handle, job)
    assert result == b"yyy" and server.connections == 2


def test_unsupported_scheme_is_refused() -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=make_transport()) as client:
            with pytest.raises(httpx.UnsupportedProtocol):
                await client.get("ftp://127.0.0.1/file")
    asyncio.run(go())


# ---------------------------------------------------------------------------- HTTPS
@pytest.fixture(scope="module")
def ca() -> Any:
    """A throwaway certificate authority (trustme.CA)."""
    trustme = pytest.importorskip("trustme", reason="needs trustme, a dev extra (pip install -e '.[dev]')")
    return trustme.CA()


def _server_context(ca: Any) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    return context


async def _hello(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
    while True:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(ok(b"secure"))
        await writer.drain()


def test_https_with_a_trusted_certificate(ca: Any) -> None:
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    result, server = run(_hello, get_twice, transport=make_transport(verify=client_context),
                         ssl_server=_server_context(ca))
    assert result == [(200, b"secure"), (200, b"secure")]
    assert server.connections == 1


def test_https_with_an_untrusted_certificate_is_a_connect_error(ca: Any) -> None:
    async def job(client: httpx.AsyncClient, base: str) -> str:
        with pytest.raises(httpx.ConnectError) as info:
            await client.get(base + "/")
        return str(info.value)

    message, _server = run(_hello, job, ssl_server=_server_context(ca))  # default trust store
    assert "CERTIFICATE_VERIFY_FAILED" in message


def test_a_connection_to_a_refused_address_is_closed_before_anything_is_sent() -> None:
    checked: list[str] = []

    def no_loopback(ip: str) -> str | None:
        checked.append(ip)
        return "loopback" if ip.startswith("127.") else None

    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
            data = await reader.read(100)
            server.requests.append(data)
        return handle

    async def job(client: httpx.AsyncClient, base: str) -> str:
        with pytest.raises(BlockedAddress) as info:
            await client.get(base + "/secret")
        await asyncio.sleep(0.05)
        return str(info.value)

    message, server = run(make, job, transport=make_transport(check=no_loopback))
    assert checked == ["127.0.0.1"] and "127.0.0.1, a loopback address" in message
    assert server.requests == [b""]  # connected, then closed: not one byte of the request
