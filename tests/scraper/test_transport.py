"""The lean HTTP/1.1 transport against real sockets that answer byte by byte as each test scripts.

Each test starts an asyncio TCP server whose handler writes raw HTTP, so framing (Content-Length,
chunked, end of stream), keep-alive reuse, stale connections, timeouts and protocol errors are
exercised the way a real server would present them.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import trustme

from scraper.transport import BlockedAddress, LeanTransport

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
        *, transport: LeanTransport | None = None, ssl_server: ssl.SSLContext | None = None,
        timeout: float = 2.0) -> tuple[Any, Server]:
    """Start the server, run ``client_job(client, base_url)`` with a LeanTransport client, stop."""
    async def go() -> tuple[Any, Server]:
        server = Server(handler)  # type: ignore[arg-type]
        if getattr(handler, "wants_server", False):
            server.handler = handler(server)  # type: ignore[call-arg, assignment]
        tcp = await asyncio.start_server(server._handle, "127.0.0.1", 0, ssl=ssl_server)  # noqa: SLF001
        server.port = tcp.sockets[0].getsockname()[1]
        scheme = "https" if ssl_server else "http"
        host = "localhost" if ssl_server else "127.0.0.1"
        try:
            async with httpx.AsyncClient(transport=transport or LeanTransport(), timeout=timeout) as client:
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


def test_a_reused_connection_closed_as_the_request_arrives_is_retried_on_a_new_one() -> None:
    @with_server
    def make(server: Server) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
            await server.read_request(reader)
            writer.write(ok(f"conn {n}".encode()))
            await writer.drain()
            if n == 1:
                await server.read_request(reader)  # the keep-alive timeout races the request: hang up
        return handle

    result, server = run(make, get_twice)
    assert result == [(200, b"conn 1"), (200, b"conn 2")]
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

    _result, server = run(make, job, transport=LeanTransport(keepalive_expiry=0.1))
    assert server.connections == 2


def test_idle_connections_are_bounded_across_many_hosts() -> None:
    async def go() -> tuple[list[int], int, int]:
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
        transport = LeanTransport(max_keepalive=4)
        async with httpx.AsyncClient(transport=transport) as client:
            for server in servers:  # twelve hosts, one request each
                await client.get(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/")
            most_idle = transport.idle_connections
            last = servers[-1].sockets[0].getsockname()[1]
            await client.get(f"http://127.0.0.1:{last}/again")  # the newest idle one is reused
        for server in servers:
            server.close()
        return counts, most_idle, transport.idle_connections

    counts, most_idle, after_close = asyncio.run(go())
    assert most_idle == 4
    assert counts[-1] == 1 and sum(counts) == 12
    assert after_close == 0


def test_idle_connections_past_the_expiry_are_closed_on_the_next_request() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(ok(b"x"))
            await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> list[int]:
        transport = client._transport  # noqa: SLF001 - the test looks at the pool it made
        assert isinstance(transport, LeanTransport)
        await client.get(base + "/a")
        seen = [transport.idle_connections]
        await asyncio.sleep(0.15)
        await client.get(base + "/b")  # the expired one is closed first, then a new one is made
        seen.append(transport.idle_connections)
        return seen

    seen, server = run(handle, job, transport=LeanTransport(keepalive_expiry=0.1))
    assert seen == [1, 1] and server.connections == 2


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
    (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "not an HTTP/1 response"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "bad Content-Length"),
    (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
    (b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 70_000 + b"\r\n\r\n", "too long"),
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


def test_too_many_header_lines_are_refused() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\n" + b"X-A: 1\r\n" * 1000 + b"\r\n")
        await writer.drain()

    async def job(client: httpx.AsyncClient, base: str) -> str:
        with pytest.raises(httpx.RemoteProtocolError) as info:
            await client.get(base + "/")
        return str(info.value)

    assert "too large" in run(handle, job)[0]


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

    result, server = run(handle, job, transport=LeanTransport(max_connections=1), timeout=0.3)
    assert result == b"second" and server.connections == 2


def test_nothing_listening_is_a_connect_error() -> None:
    async def go() -> None:
        probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = probe.sockets[0].getsockname()[1]
        probe.close()
        await probe.wait_closed()
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
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

    assert run(handle, job, transport=LeanTransport(max_connections=1))[0] is httpx.PoolTimeout


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
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            with pytest.raises(httpx.UnsupportedProtocol):
                await client.get("ftp://127.0.0.1/file")
    asyncio.run(go())


# ---------------------------------------------------------------------------- HTTPS
@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    return context


async def _hello(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _n: int) -> None:
    while True:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(ok(b"secure"))
        await writer.drain()


def test_https_with_a_trusted_certificate(ca: trustme.CA) -> None:
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    result, server = run(_hello, get_twice, transport=LeanTransport(ssl_context=client_context),
                         ssl_server=_server_context(ca))
    assert result == [(200, b"secure"), (200, b"secure")]
    assert server.connections == 1


def test_https_with_an_untrusted_certificate_is_a_connect_error(ca: trustme.CA) -> None:
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

    message, server = run(make, job, transport=LeanTransport(peer_check=no_loopback))
    assert checked == ["127.0.0.1"] and "127.0.0.1, a loopback address" in message
    assert server.requests == [b""]  # connected, then closed: not one byte of the request
