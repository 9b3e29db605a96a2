"""The polite fetcher: robots.txt, per-host pacing, retries with backoff, caps and guards.

One ``httpx.AsyncClient`` is made by the caller (``make_client``) and passed in. Redirects are
followed here, one hop at a time, so each hop passes the address guard and robots.txt, and loops
are caught.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx
from protego import Protego

from httpkit.body import ACCEPT_ENCODING, BodyError, aread_capped
from httpkit.retry import RetryPolicy, retry_after_seconds
from records.article import Page
from scraper.errors import FetchError
from scraper.netguard import AddressGuard, BlockedAddress, crawl_transport, peer_problem
from scraper.politeness import HostSlot, HostSlots
from scraper.urls import host_of, is_http_url, normalize_url
from settings import Settings

log = logging.getLogger(__name__)

ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,"
          "application/atom+xml;q=0.9,text/xml;q=0.9,application/pdf;q=0.5,*/*;q=0.1")
# Content types we read. PDFs are archived but not parsed.
TEXT_TYPES: tuple[str, ...] = (
    "text/html", "application/xhtml+xml", "application/xml", "text/xml", "application/rss+xml",
    "application/atom+xml", "application/rdf+xml", "text/plain", "application/x-gzip",
    "application/gzip", "application/pdf",
)
REDIRECTS = (301, 302, 303, 307, 308)
MAX_RETRY_AFTER = 300.0  # a longer Retry-After leaves the URL for the next run
ROBOTS_MAX_BYTES = 512_000


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What happened to one URL. ``outcome`` is fetched | not_modified | skipped | failed."""

    url: str
    outcome: str
    reason: str | None = None  # short cause, e.g. "http 404", "timeout", "robots.txt disallows"
    detail: str = ""
    page: Page | None = None
    attempts: int = 1
    status: int | None = None
    retry_after: float | None = None


def user_agent(settings: Settings) -> str:
    """settings.user_agent, with the contact URL added if the configured string lacks it."""
    ua = settings.user_agent.strip()
    if settings.contact_url and settings.contact_url not in ua:
        ua = f"{ua} (+{settings.contact_url})"
    return ua


class _NoCookies(httpx.Cookies):
    """A cookie store that never stores: Set-Cookie headers are ignored."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class CrawlClient(httpx.AsyncClient):
    """``httpx.AsyncClient`` without cookies: the crawler is stateless, as search engines' are,
    so every page is fetched as a first-time visitor gets it and no tracking id follows us from
    page to page. (It also spares httpx's cookie bookkeeping, ~0.1 ms per response.)"""

    @property
    def cookies(self) -> httpx.Cookies:
        return _NoCookies()

    @cookies.setter
    def cookies(self, value: object) -> None:
        pass  # nothing is kept


def make_client(settings: Settings) -> CrawlClient:
    """The one HTTP client of a crawl: our User-Agent, timeouts, no automatic redirects, and
    httpx's own transport with the connect-time peer-address check (``scraper.netguard``) unless
    ``settings.allow_private_addresses``."""
    connections = max(settings.global_concurrency, 1)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    check = None if settings.allow_private_addresses else peer_problem
    return CrawlClient(
        headers={"User-Agent": user_agent(settings), "Accept": ACCEPT,
                 "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        trust_env=False,
        transport=crawl_transport(limits, check),
    )


def _origin(url: str, host: str) -> str:
    """``scheme://host[:port]``: the key of a host's robots.txt (``host`` is host_of(url))."""
    return f"{url.split(':', 1)[0].lower()}://{host}"


def _media_type(header: str | None) -> str | None:
    return header.split(";", 1)[0].strip().lower() if header else None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Fetcher:
    """Fetches URLs politely with one shared client. Create one per crawl."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings, *,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.client = client
        self.settings = settings
        self.sleep = sleep
        self.guard = AddressGuard(settings.allow_private_addresses)
        self.agent = user_agent(settings)
        self.slots = HostSlots(settings.per_host_concurrency, settings.per_host_delay)
        self.global_sem = asyncio.Semaphore(max(1, settings.global_concurrency))
        self.policy = RetryPolicy(retries=settings.retries, backoff=settings.backoff, jitter=0.5,
                                  max_delay=MAX_RETRY_AFTER)
        self._robots: dict[str, asyncio.Future[Protego | None]] = {}
        self.robots_notes: dict[str, str] = {}
        self._robots_problems: dict[str, FetchError] = {}

    # ----------------------------------------------------------------- public
    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    concurrency: int | None = None, delay: float | None = None) -> FetchResult:
        """Fetch ``url`` with retries on transient errors; never raises for HTTP problems."""
        attempts = 0
        while True:
            attempts += 1
            try:
                page = await self._follow(url, etag, last_modified, concurrency, delay)
            except FetchError as exc:
                reason = exc.reason
                if not exc.transient:
                    outcome = "skipped" if reason in SKIP_REASONS else "failed"
                    return FetchResult(url, outcome, reason, exc.detail, attempts=attempts,
                                       status=exc.status)
                if attempts > self.policy.retries:
                    return FetchResult(url, "failed", reason, exc.detail, attempts=attempts,
                                       status=exc.status, retry_after=exc.retry_after)
                wait = self.policy.wait(attempts - 1, exc.retry_after)
                if wait is None:
                    return FetchResult(url, "failed", reason,
                                       f"Retry-After {exc.retry_after:.0f}s is too long",
                                       attempts=attempts, status=exc.status, retry_after=exc.retry_after)
                if exc.retry_after is not None:
                    self.slots.get(host_of(url)).pause_until(time.monotonic() + exc.retry_after)
                log.info("retrying %s in %.1fs after %s (attempt %d)", url, wait, reason, attempts)
                await self.sleep(wait)
                continue
            outcome = "not_modified" if page.status == 304 else "fetched"
            return FetchResult(url, outcome, None, "", page, attempts=attempts, status=page.status)

    async def robots(self, url: str) -> Protego | None:
        """The parsed robots.txt of ``url``'s host (cached); None means everything is allowed."""
        key = _origin(url, host_of(url))
        fut = self._robots.get(key)
        if fut is None:
            fut = asyncio.get_running_loop().create_future()
            self._robots[key] = fut
            try:
                fut.set_result(await self._load_robots(key))
            except BaseException as exc:  # keep waiters from hanging, then re-raise
                fut.set_exception(exc)
                raise
        return await fut

    # ---------------------------------------------------------------- details
    async def _load_robots(self, origin: str) -> Protego | None:
        robots_url = origin + "/robots.txt"
        try:
            page = await self._follow(robots_url, None, None, None, None, robots=False,
                                      max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return None  # no robots.txt: everything allowed (RFC 9309)
            self._robots_problems[origin] = exc
            self.robots_notes[origin] = f"robots.txt unavailable ({_label(exc)})"
            log.warning("%s: robots.txt unavailable (%s); not crawling this host", origin, _label(exc))
            return Protego.parse("User-agent: *\nDisallow: /\n")  # unreachable: disallow all (RFC 9309)
        return Protego.parse(page.body.decode("utf-8", errors="replace"))

    async def _allowed(self, url: str, host: str) -> None:
        if not self.settings.respect_robots:
            return
        robots = await self.robots(url)
        if robots is None:
            return
        problem = self._robots_problems.get(_origin(url, host))
        if problem is not None:
            if problem.reason in ("connection error", "timeout"):  # the host itself is unreachable
                raise FetchError(url, problem.reason, f"robots.txt unreachable: {problem.detail}")
            raise FetchError(url, "robots.txt unavailable", _label(problem))
        if not robots.can_fetch(url, self.agent):
            raise FetchError(url, "robots.txt disallows")
        crawl_delay = robots.crawl_delay(self.agent)
        if crawl_delay:
            self.slots.get(host).set_robots_delay(float(crawl_delay))

    async def _follow(self, url: str, etag: str | None, last_modified: str | None,
                      concurrency: int | None, delay: float | None, *, robots: bool = True,
                      max_bytes: int | None = None) -> Page:
        current = url
        seen = {normalize_url(url)}
        for hop in range(self.settings.max_redirects + 1):
            if not is_http_url(current):
                raise FetchError(url, "unsupported URL", current)
            await self.guard.check(current)
            host = host_of(current)
            slot = self.slots.get(host, concurrency=concurrency, delay=delay)  # the source's politeness
            if robots:
                await self._allowed(current, host)
            result = await self._request(current, etag if hop == 0 else None,
                                         last_modified if hop == 0 else None, slot,
                                         max_bytes or self.settings.max_bytes)
            if isinstance(result, Page):
                return Page(url=url, final_url=result.final_url, status=result.status,
                            fetched_at=result.fetched_at, content_type=result.content_type,
                            body=result.body, sha256=result.sha256, etag=result.etag,
                            last_modified=result.last_modified)
            nxt = normalize_url(result)
            if nxt in seen:
                raise FetchError(url, "redirect loop", f"{current} -> {result}")
            seen.add(nxt)
            current = result
        raise FetchError(url, "too many redirects", f"more than {self.settings.max_redirects}")

    async def _request(self, url: str, etag: str | None, last_modified: str | None,
                       slot: HostSlot, max_bytes: int) -> Page | str:
        """One HTTP exchange: a Page, or the absolute URL a redirect points to."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with slot, self.global_sem:
            try:
                async with asyncio.timeout(self.settings.timeout * 2):
                    async with self.client.stream("GET", url, headers=headers) as resp:
                        return await self._read(url, resp, max_bytes)
            except TimeoutError as exc:
                raise FetchError(url, "timeout", "response too slow", transient=True) from exc
            except httpx.TimeoutException as exc:
                raise FetchError(url, "timeout", type(exc).__name__, transient=True) from exc
            except BlockedAddress as exc:
                raise FetchError(url, "blocked address", str(exc)) from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise FetchError(url, "unsupported URL", str(exc)) from exc
            except httpx.TransportError as exc:
                raise FetchError(url, "connection error", f"{type(exc).__name__}: {exc}",
                                 transient=True) from exc

    async def _read(self, url: str, resp: httpx.Response, max_bytes: int) -> Page | str:
        status = resp.status_code
        if status in REDIRECTS:
            location = resp.headers.get("location")
            if not location:
                raise FetchError(url, "redirect without Location", str(status), status=status)
            return urljoin(url, location)
        etag = resp.headers.get("etag")
        last_modified = resp.headers.get("last-modified")
        ctype = resp.headers.get("content-type")
        if status == 304:
            return Page(url, url, 304, _now(), ctype, b"", "", etag, last_modified)
        if status == 429 or 500 <= status < 600:
            raise FetchError(url, f"http {status}", status=status, transient=True,
                             retry_after=retry_after_seconds(resp.headers.get("retry-after")))
        if status >= 400:
            raise FetchError(url, f"http {status}", status=status)
        if status != 200 and status != 203:
            raise FetchError(url, f"http {status}", "unexpected status", status=status)
        media = _media_type(ctype)
        if media is not None and media not in TEXT_TYPES and not media.endswith("+xml"):
            raise FetchError(url, "unwanted content-type", media, status=status)
        try:
            body = await aread_capped(resp, max_bytes, max_bytes)
        except BodyError as exc:
            raise FetchError(url, exc.reason, exc.detail) from exc
        return Page(url, url, status, _now(), ctype, body, hashlib.sha256(body).hexdigest(),
                    etag, last_modified)


SKIP_REASONS: frozenset[str] = frozenset({
    "robots.txt disallows", "robots.txt unavailable", "unwanted content-type", "blocked address", "unsupported URL",
})


def _label(exc: FetchError) -> str:
    return f"{exc.reason}: {exc.detail}" if exc.detail else exc.reason
