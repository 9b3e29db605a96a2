"""The demo server: real HTTP on 127.0.0.1, origin rewriting, directory indexes, validators."""

from __future__ import annotations

import socket

import httpx

from demo.server import DemoSite
from demo.sitegen.content import ORIGIN


def test_serves_pages_with_its_own_origin(site: DemoSite) -> None:
    r = httpx.get(site.url("riverton-ledger/feed.xml"))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/rss+xml")
    assert ORIGIN not in r.text
    assert f"{site.base_url}/riverton-ledger/news/" in r.text
    robots = httpx.get(site.url("robots.txt")).text
    assert f"Sitemap: {site.base_url}/porthale-press/sitemap.xml" in robots


def test_directory_index_and_slash_redirect(site: DemoSite) -> None:
    path = "lakecity-news/public-safety/2025/01/22/homicides-lowest-in-a-decade"
    r = httpx.get(site.url(path + "/"))
    assert r.status_code == 200
    assert "19 homicides in 2024" in r.text
    bare = httpx.get(site.url(path))
    assert bare.status_code == 301
    assert bare.headers["location"] == "/" + path + "/"


def test_missing_and_outside_paths_are_404(site: DemoSite) -> None:
    assert httpx.get(site.url("no/such/page.html")).status_code == 404
    # httpx would remove the dot segments itself, so send the raw request line.
    host, port = site.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET /../../../../etc/passwd HTTP/1.0\r\nHost: x\r\n\r\n")
        status_line = sock.makefile("rb").readline()
    assert b" 404 " in status_line


def test_conditional_get(site: DemoSite) -> None:
    first = httpx.get(site.url("lakecity-news/feed.xml"))
    assert first.headers["content-type"].startswith("application/atom+xml")
    again = httpx.get(site.url("lakecity-news/feed.xml"), headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    head = httpx.head(site.url("chicago-mayor/index.html"))
    assert head.status_code == 200 and head.content == b""
