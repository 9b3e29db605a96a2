"""The SSRF guard: only globally routable addresses, including those hidden inside IPv6 forms."""

from __future__ import annotations

import asyncio

import pytest

from scraper.errors import FetchError
from scraper.netguard import AddressGuard, peer_problem

REFUSED = [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("100.100.100.200", "shared (carrier-grade NAT)"), ("100.64.0.1", "shared (carrier-grade NAT)"),
    ("198.18.0.1", "private"), ("192.0.0.1", "private"), ("240.0.0.1", "reserved"),
    ("::1", "loopback"), ("fe80::1%eth0", "link-local"), ("fd00::1", "private"), ("::", "unspecified"),
    ("::ffff:10.0.0.1", "private (IPv4-mapped 10.0.0.1)"), ("::ffff:127.0.0.1", "loopback (IPv4-mapped 127.0.0.1)"),
    ("2002:a9fe:a9fe::", "link-local (6to4 169.254.169.254)"), ("2002:0a00:0001::1", "private (6to4 10.0.0.1)"),
    ("2002:6464:64c8::", "shared (carrier-grade NAT) (6to4 100.100.100.200)"),
    ("64:ff9b::a9fe:a9fe", "link-local (NAT64 169.254.169.254)"), ("64:ff9b::7f00:1", "loopback (NAT64 127.0.0.1)"),
    ("::10.0.0.1", "reserved"),  # IPv4-compatible, deprecated
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "private"),  # Teredo: not globally routable as such
    ("2001:db8::1", "private"),
]
ALLOWED = ["8.8.8.8", "93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1",
           "64:ff9b::808:808", ""]  # "" = not an IP socket (a Unix socket)


@pytest.mark.issue(10)
@pytest.mark.parametrize(("ip", "label"), REFUSED, ids=[ip for ip, _ in REFUSED])
def test_non_global_addresses_are_refused(ip: str, label: str) -> None:
    assert peer_problem(ip) == label


@pytest.mark.parametrize("ip", ALLOWED)
def test_global_addresses_pass(ip: str) -> None:
    assert peer_problem(ip) is None


@pytest.mark.issue(10)
@pytest.mark.parametrize("host", ["100.100.100.200", "[2002:a9fe:a9fe::]", "[::ffff:127.0.0.1]"])
def test_the_resolving_guard_refuses_them_in_urls_too(host: str) -> None:
    guard = AddressGuard(allow_private=False)
    with pytest.raises(FetchError, match="resolves to .* address"):
        asyncio.run(guard.check(f"http://{host}/latest/meta-data/"))
    asyncio.run(AddressGuard(allow_private=True).check(f"http://{host}/"))
