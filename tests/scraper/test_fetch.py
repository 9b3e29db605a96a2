"""The fetcher against a real local server that misbehaves on purpose."""

from __future__ import annotations

import asyncio
import threading
import time
import tracemalloc
from dataclasses import replace

import pytest
from scraper_testsite import Response, Site, fixture_html, gzip_bomb

from scraper.fetch import Fetcher, FetchResult, make_client
from scraper.parse import parse_html
from settings import Settings


def fetch(settings: Settings, url: str, **kw: object) -> FetchResult:
    async def go() -> FetchResult:
        async with make_client(settings) as client:
            return await Fetcher(client, settings).fetch(url, **kw)  # type: ignore[arg-type]
    return asyncio.run(go())


@pytest.mark.slow  # waits out a real delay or timeout of about a second
def test_429_with_retry_after_is_waited_out(site: Site, settings: Settings) -> None:
    site.add("/a", lambda _h, n: Response(429, b"slow down", {"Retry-After": "1"}) if n == 1
             else Response(200, b"<html><body><p>ok</p></body></html>", {"Content-Type": "text/html"}))
    start = time.monotonic()
    result = fetch(settings, site.base + "/a")
    assert result.outcome == "fetched" and result.attempts == 2
    assert time.monotonic() - start >= 1.0
    assert site.hits["/a"] == 2


def test_500_then_success_is_retried(site: Site, settings: Settings) -> None:
    site.add("/b", lambda _h, n: Response(500, b"oops") if n < 3
             else Response(200, b"<html></html>", {"Content-Type": "text/html"}))
    result = fetch(settings, site.base + "/b")
    assert (result.outcome, result.attempts, site.hits["/b"]) == ("fetched", 3, 3)


def test_persistent_500_fails_after_the_retries(site: Site, settings: Settings) -> None:
    site.add("/c", Response(503, b"down"))
    result = fetch(settings, site.base + "/c")
    assert (result.outcome, result.reason) == ("failed", "http 503")
    assert site.hits["/c"] == settings.retries + 1


def test_404_is_not_retried(site: Site, settings: Settings) -> None:
    result = fetch(settings, site.base + "/missing")
    assert (result.outcome, result.reason, site.hits["/missing"]) == ("failed", "http 404", 1)


@pytest.mark.slow  # waits out a real delay or timeout of about a second
def test_slow_response_times_out(site: Site, settings: Settings) -> None:
    site.add("/slow", Response(200, b"<html></html>", {"Content-Type": "text/html"}, delay=3))
    result = fetch(replace(settings, retries=0), site.base + "/slow")
    assert (result.outcome, result.reason) == ("failed", "timeout")


@pytest.mark.slow  # waits out a real delay or timeout of about a second
def test_stalled_body_times_out(site: Site, settings: Settings) -> None:
    site.add("/stall", Response(200, b"<html>" + b"x" * 5000, {"Content-Type": "text/html"}, stall_after=100))
    start = time.monotonic()
    result = fetch(replace(settings, retries=0), site.base + "/stall")
    assert (result.outcome, result.reason) == ("failed", "timeout")
    assert time.monotonic() - start < 4


def test_redirect_loop_is_caught(site: Site, settings: Settings) -> None:
    site.add("/loop-a", Response(302, b"", {"Location": "/loop-b"}))
    site.add("/loop-b", Response(302, b"", {"Location": "/loop-a"}))
    result = fetch(settings, site.base + "/loop-a")
    assert (result.outcome, result.reason) == ("failed", "redirect loop")
    assert site.hits["/loop-a"] == 1 and site.hits["/loop-b"] == 1


def test_redirect_chain_longer_than_the_limit(site: Site, settings: Settings) -> None:
    for i in range(10):
        site.add(f"/r{i}", Response(301, b"", {"Location": f"/r{i + 1}"}))
    result = fetch(replace(settings, max_redirects=3), site.base + "/r0")
    assert (result.outcome, result.reason) == ("failed", "too many redirects")


def test_redirect_is_followed_and_final_url_kept(site: Site, settings: Settings) -> None:
    site.add("/old", Response(301, b"", {"Location": "/new"}))
    site.page("/new", "<html><body>moved</body></html>")
    result = fetch(settings, site.base + "/old")
    assert result.outcome == "fetched" and result.page is not None
    assert result.page.final_url == site.base + "/new" and result.page.url == site.base + "/old"


@pytest.mark.slow
def test_gzip_bomb_stops_at_the_cap(site: Site, settings: Settings) -> None:
    site.add("/bomb", Response(200, gzip_bomb(), {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    tracemalloc.start()
    result = fetch(settings, site.base + "/bomb")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (result.outcome, result.reason) == ("failed", "too large")
    assert peak < 3 * settings.max_bytes + 5_000_000  # 200 MiB bomb, 2 MB cap


def test_50_mb_body_is_refused(site: Site, settings: Settings) -> None:
    site.add("/huge", Response(200, b"", {"Content-Type": "text/html", "Content-Length": str(50 << 20)}))
    result = fetch(settings, site.base + "/huge")
    assert (result.outcome, result.reason) == ("failed", "too large")


def test_50_mb_chunked_body_without_length_is_cut(site: Site, settings: Settings) -> None:
    chunks = (b"<p>" + b"a" * 65536 for _ in range(800))  # 50 MB, no Content-Length
    site.add("/huge-chunked", lambda _h, _n: Response(200, b"", {"Content-Type": "text/html"},
                                                       stream_chunks=chunks))
    result = fetch(settings, site.base + "/huge-chunked")
    assert (result.outcome, result.reason) == ("failed", "too large")


def test_wrong_content_type_is_skipped(site: Site, settings: Settings) -> None:
    site.page("/pic", b"\x89PNG....", ctype="image/png")
    result = fetch(settings, site.base + "/pic")
    assert (result.outcome, result.reason) == ("skipped", "unwanted content-type")


def test_invalid_utf8_is_fetched_and_parsed(site: Site, settings: Settings) -> None:
    body = fixture_html("news-homicides-down.html").replace(b"Riverside recorded", b"Riverside \xff\xfe recorded")
    site.page("/bad-utf8", body)
    result = fetch(settings, site.base + "/bad-utf8")
    assert result.outcome == "fetched" and result.page is not None
    parsed = parse_html(result.page.body, result.page.final_url)
    assert parsed.article is not None and "14 homicides" in parsed.article.text


def test_robots_disallow_is_obeyed(site: Site, settings: Settings) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    site.page("/private/x", "<html>secret</html>")
    result = fetch(settings, site.base + "/private/x")
    assert (result.outcome, result.reason) == ("skipped", "robots.txt disallows")
    assert site.hits["/private/x"] == 0


@pytest.mark.slow  # waits out a real delay or timeout of about a second
def test_robots_crawl_delay_spaces_requests(site: Site, settings: Settings) -> None:
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", ctype="text/plain")
    site.page("/p1", "<html>1</html>")
    site.page("/p2", "<html>2</html>")

    async def go() -> float:
        async with make_client(settings) as client:
            fetcher = Fetcher(client, settings)
            start = time.monotonic()
            await asyncio.gather(fetcher.fetch(site.base + "/p1"), fetcher.fetch(site.base + "/p2"))
            return time.monotonic() - start
    assert asyncio.run(go()) >= 1.0


def test_robots_5xx_means_keep_off(site: Site, settings: Settings) -> None:
    site.add("/robots.txt", Response(500, b"err"))
    site.page("/p", "<html>1</html>")
    result = fetch(settings, site.base + "/p")
    assert (result.outcome, result.reason) == ("skipped", "robots.txt unavailable") and site.hits["/p"] == 0


def test_conditional_get_gives_not_modified(site: Site, settings: Settings) -> None:
    def route(handler: object, _n: int) -> Response:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Response(304, b"", {"ETag": '"v1"'})
        return Response(200, b"<rss></rss>", {"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    site.add("/feed", route)
    first = fetch(settings, site.base + "/feed")
    assert first.page is not None and first.page.etag == '"v1"'
    second = fetch(settings, site.base + "/feed", etag='"v1"', last_modified="Mon, 02 Mar 2026 10:00:00 GMT")
    assert second.outcome == "not_modified"
    assert site.last_headers["/feed"]["if-modified-since"] == "Mon, 02 Mar 2026 10:00:00 GMT"


def test_private_addresses_are_refused_by_default(site: Site, settings: Settings) -> None:
    site.page("/p", "<html>1</html>")
    result = fetch(replace(settings, allow_private_addresses=False), site.base + "/p")
    assert (result.outcome, result.reason) == ("skipped", "blocked address")
    assert site.hits["/p"] == 0 and site.hits["/robots.txt"] == 0


@pytest.mark.issue(10)
def test_a_name_whose_address_changed_after_the_check_is_still_refused(site: Site, settings: Settings) -> None:
    """DNS rebinding: the guard saw a public address for the name, the connection reaches a
    private one. httpx's transport, through our network backend, checks the address it actually
    connected to (issue 10: it did not; issue 11: it is the only transport now)."""
    site.page("/p", "<html>1</html>")
    strict = replace(settings, allow_private_addresses=False, respect_robots=False, retries=0)
    url = site.base.replace("127.0.0.1", "localhost") + "/p"

    async def go() -> FetchResult:
        async with make_client(strict) as client:
            fetcher = Fetcher(client, strict)
            fetcher.guard._verdicts["localhost"] = None  # noqa: SLF001 - as if it had resolved to a public address
            return await fetcher.fetch(url)

    result = asyncio.run(go())
    assert (result.outcome, result.reason) == ("skipped", "blocked address")
    assert "a loopback address" in result.detail
    assert site.hits["/p"] == 0


def test_user_agent_has_contact_url(site: Site, settings: Settings) -> None:
    site.page("/ua", "<html></html>")
    fetch(settings, site.base + "/ua")
    assert site.last_headers["/ua"]["user-agent"] == settings.user_agent
    assert "+http" in settings.user_agent
    bare = replace(settings, user_agent="newsroom-bot/1.0", contact_url="https://desk.example.test/bot")
    fetch(bare, site.base + "/ua")
    assert site.last_headers["/ua"]["user-agent"] == "newsroom-bot/1.0 (+https://desk.example.test/bot)"


def test_robots_rules_for_our_agent_apply(site: Site, settings: Settings) -> None:
    site.page("/robots.txt", "User-agent: claims-tracker\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
              ctype="text/plain")
    site.page("/x", "<html>x</html>")
    assert fetch(settings, site.base + "/x").reason == "robots.txt disallows"


def test_per_host_concurrency_is_respected(site: Site, settings: Settings) -> None:
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def route(_h: object, _n: int) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        return Response(200, b"<html></html>", {"Content-Type": "text/html"})
    for i in range(6):
        site.add(f"/c{i}", route)
    one = replace(settings, per_host_concurrency=1)

    async def go() -> None:
        async with make_client(one) as client:
            fetcher = Fetcher(client, one)
            await asyncio.gather(*(fetcher.fetch(f"{site.base}/c{i}") for i in range(6)))
    asyncio.run(go())
    assert state["max"] == 1


@pytest.mark.slow  # waits out a real delay or timeout of about a second
def test_source_crawl_delay_spaces_requests(site: Site, settings: Settings) -> None:
    site.page("/d1", "<html>1</html>")
    site.page("/d2", "<html>2</html>")

    async def go() -> float:
        async with make_client(settings) as client:
            fetcher = Fetcher(client, settings)
            start = time.monotonic()
            await asyncio.gather(fetcher.fetch(site.base + "/d1", delay=0.6),
                                 fetcher.fetch(site.base + "/d2", delay=0.6))
            return time.monotonic() - start
    assert asyncio.run(go()) >= 0.6


def test_unreachable_host_is_a_failure_not_a_robots_refusal(settings: Settings) -> None:
    import socket
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch(replace(settings, retries=0), f"http://127.0.0.1:{port}/page")
    assert (result.outcome, result.reason) == ("failed", "connection error")
    assert "robots.txt unreachable" in result.detail


def test_deflate_bodies_with_and_without_zlib_header(site: Site, settings: Settings) -> None:
    import zlib
    html = b"<html><body><p>deflated body</p></body></html>"
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    site.add("/zlib", Response(200, zlib.compress(html), {"Content-Type": "text/html", "Content-Encoding": "deflate"}))
    site.add("/raw", Response(200, raw.compress(html) + raw.flush(),
                              {"Content-Type": "text/html", "Content-Encoding": "deflate"}))
    for path in ("/zlib", "/raw"):
        result = fetch(settings, site.base + path)
        assert result.page is not None and result.page.body == html, path


def test_unknown_content_encoding_fails(site: Site, settings: Settings) -> None:
    site.add("/br", Response(200, b"xx", {"Content-Type": "text/html", "Content-Encoding": "br"}))
    assert fetch(settings, site.base + "/br").reason == "unsupported content-encoding"


def test_very_long_retry_after_is_not_waited_for(site: Site, settings: Settings) -> None:
    site.add("/later", Response(503, b"maintenance", {"Retry-After": "3600"}))
    start = time.monotonic()
    result = fetch(settings, site.base + "/later")
    assert (result.outcome, result.reason, result.retry_after) == ("failed", "http 503", 3600.0)
    assert time.monotonic() - start < 2 and site.hits["/later"] == 1


@pytest.mark.slow
def test_retry_after_as_http_date(site: Site, settings: Settings) -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    site.add("/d", lambda _h, n: Response(429, b"", {"Retry-After": when}) if n == 1
             else Response(200, b"<html></html>", {"Content-Type": "text/html"}))
    start = time.monotonic()
    result = fetch(settings, site.base + "/d")
    assert result.outcome == "fetched" and time.monotonic() - start >= 0.9


def test_cookies_a_site_sets_are_not_sent_back(site: Site, settings: Settings) -> None:
    site.page("/first", "<html><body><p>one</p></body></html>", **{"Set-Cookie": "visitor=abc123; Path=/"})
    site.page("/second", "<html><body><p>two</p></body></html>")

    async def go() -> list[FetchResult]:
        async with make_client(settings) as client:
            fetcher = Fetcher(client, settings)
            return [await fetcher.fetch(site.base + "/first"), await fetcher.fetch(site.base + "/second")]

    first, second = asyncio.run(go())
    assert (first.outcome, second.outcome) == ("fetched", "fetched")
    assert "cookie" not in site.last_headers["/second"]
