"""Refuse private, loopback and link-local addresses (SSRF guard) unless settings allow them."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from scraper.errors import FetchError


def _forbidden(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    for label, flag in (("loopback", addr.is_loopback), ("private", addr.is_private),
                        ("link-local", addr.is_link_local), ("multicast", addr.is_multicast),
                        ("reserved", addr.is_reserved), ("unspecified", addr.is_unspecified)):
        if flag:
            return label
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
