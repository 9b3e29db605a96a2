"""Refuse every address that is not globally routable (SSRF guard) unless settings allow it.

Two checks: ``AddressGuard`` resolves a URL's host before a request, and ``peer_problem`` looks
at the address a socket actually connected to (no DNS-rebinding window). The second one runs
inside httpx's own transport: ``crawl_transport`` builds its connection pool on
``PeerCheckedBackend``, whose ``connect_tcp`` checks the connected socket's peer address before
httpcore sends a byte (before the TLS handshake too).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import typing
from collections.abc import Callable
from urllib.parse import urlsplit

import httpcore
import httpx

from scraper.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT; 100.100.100.200 is a metadata service
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class BlockedAddress(httpx.ConnectError):
    """The connection reached an address the peer check refuses (e.g. a private one)."""


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """IPv4 addresses an IPv6 address carries and may be routed to (6to4, Teredo)."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if addr.sixtofour is not None:
        found.append(("6to4", addr.sixtofour))
    if addr.teredo is not None:
        found += [("Teredo", v4) for v4 in addr.teredo]
    return found


def _translated(addr: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv4-mapped or NAT64 address stands for: the one actually reached."""
    if addr.ipv4_mapped is not None:
        return "IPv4-mapped", addr.ipv4_mapped
    if any(addr in net for net in NAT64):
        return "NAT64", ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def _label(addr: IPAddress) -> str | None:
    for label, flag in (("loopback", addr.is_loopback), ("link-local", addr.is_link_local),
                        ("multicast", addr.is_multicast), ("unspecified", addr.is_unspecified),
                        ("reserved", addr.is_reserved), ("private", addr.is_private)):
        if flag:
            return label
    if isinstance(addr, ipaddress.IPv4Address) and addr in SHARED:
        return "shared (carrier-grade NAT)"
    if not addr.is_global:
        return "non-global"
    return None


def _forbidden(addr: IPAddress) -> str | None:
    """Why ``addr`` may not be fetched (not globally routable, or carrying such an IPv4), or None."""
    if isinstance(addr, ipaddress.IPv6Address) and (translated := _translated(addr)) is not None:
        how, v4 = translated
        inner = _label(v4)
        return None if inner is None else f"{inner} ({how} {v4})"
    label = _label(addr)
    if label is not None:
        return label
    if isinstance(addr, ipaddress.IPv6Address):
        for how, v4 in _embedded_ipv4(addr):
            inner = _label(v4)
            if inner is not None:
                return f"{inner} ({how} {v4})"
    return None


def _address(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An address as a socket reports it, without an IPv6 zone ("fe80::1%eth0"); ValueError if none."""
    return ipaddress.ip_address(ip.split("%", 1)[0])


def peer_problem(ip: str) -> str | None:
    """Why a connection to ``ip`` (as connected, not as resolved) is refused, or None."""
    try:
        return _forbidden(_address(ip))
    except ValueError:
        return None  # not an IP socket (a Unix socket in tests): nothing to check


class AddressGuard:
    """Resolves each host once per crawl and refuses non-public addresses.

    The check covers every address the name resolves to, so a host that answers with one public
    and one private address is refused too.
    """

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._verdicts: dict[str, str | None] = {}

    async def check(self, url: str) -> None:
        if self.allow_private:
            return
        host = urlsplit(url).hostname or ""
        if host not in self._verdicts:
            self._verdicts[host] = await self._resolve(host)
        problem = self._verdicts[host]
        if problem:
            raise FetchError(url, "blocked address", problem)

    async def _resolve(self, host: str) -> str | None:
        try:
            return self._check_literal(ipaddress.ip_address(host.strip("[]")), host)
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return None  # let the request itself fail with a clear connection error
        for info in infos:
            problem = self._check_literal(_address(info[4][0]), host)
            if problem:
                return problem
        return None

    @staticmethod
    def _check_literal(addr: ipaddress.IPv4Address | ipaddress.IPv6Address, host: str) -> str | None:
        label = _forbidden(addr)
        if label is None:
            return None
        return (f"{host} resolves to {label} address {addr}; set allow_private_addresses = true "
                f"in claims.toml to crawl it")


class PeerCheckedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with the connect-time peer check: a TCP connection whose peer
    address ``check`` refuses is closed before a byte is sent, and ``BlockedAddress`` raised."""

    def __init__(self, check: Callable[[str], str | None],
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._check = check
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                               socket_options=socket_options)
        peer = stream.get_extra_info("server_addr")
        ip = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        problem = self._check(ip)
        if problem:
            await stream.aclose()
            raise BlockedAddress(f"{host} connected to {ip}, a {problem} address")
        return stream

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[typing.Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def crawl_transport(limits: httpx.Limits, check: Callable[[str], str | None] | None, *,
                    verify: ssl.SSLContext | None = None) -> httpx.AsyncHTTPTransport:
    """httpx's own transport (HTTP/1.1, certificate checks on, no proxies from the environment),
    its connection pool built on ``PeerCheckedBackend(check)``; ``check=None`` skips the check.
    ``verify`` replaces the system's trust store (a newsroom proxy's CA; the tests' throwaway CA).

    httpx takes no network backend, so the pool it made is replaced by the same pool on ours
    (httpcore's ``AsyncConnectionPool(network_backend=...)`` is the documented extension point);
    tests/scraper/test_fetch.py and test_crawl_client.py prove the check runs on this path."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False,
                                         verify=True if verify is None else verify)
    if check is None:
        return transport
    pool = transport._pool  # noqa: SLF001 - httpx's one seam for the network backend
    transport._pool = httpcore.AsyncConnectionPool(  # noqa: SLF001
        ssl_context=pool._ssl_context, max_connections=limits.max_connections,  # noqa: SLF001
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry, http1=True, http2=False,
        network_backend=PeerCheckedBackend(check))
    return transport
