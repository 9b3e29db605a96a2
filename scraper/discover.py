"""Discovery: article URLs from RSS/Atom feeds, XML sitemaps and listing pages (parsing only).

Every function here takes bytes we already fetched and returns frozen ``Found`` records; the
crawl decides what to fetch. Feeds are parsed by feedparser from bytes (never fetched by it),
sitemaps by lxml with entity resolution and network access off, listing pages by BeautifulSoup
CSS selectors.
"""

from __future__ import annotations

import calendar
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from scraper.urls import is_http_url, normalize_url

log = logging.getLogger(__name__)

MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's own limit per file
_SITEMAP_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                                  huge_tree=False, remove_comments=True)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NEXT_TEXT = re.compile(r"^\s*(next|older|more)\b|›|»|→", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate article URL (normalized) with the date its index gave, if any."""

    url: str
    published: date | None = None


@dataclass(frozen=True, slots=True)
class SitemapContent:
    urls: tuple[Found, ...]
    sitemaps: tuple[str, ...]  # child sitemaps of a sitemap index


def _date_from_struct(value: time.struct_time | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
    except (OverflowError, ValueError):
        return None


def _date_from_text(text: str | None) -> date | None:
    m = _DATE.search(text or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    url = urljoin(base, href.strip())
    return normalize_url(url) if is_http_url(url) else None


def feed_links(body: bytes, base: str, content_type: str | None = None) -> list[Found]:
    """Entry links of an RSS 0.9x/1.0/2.0, Atom or JSON feed, parsed from bytes."""
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(body, response_headers=headers)
    if parsed.bozo and not parsed.entries:
        log.info("%s: not a readable feed (%s)", base, parsed.get("bozo_exception"))
    found: dict[str, Found] = {}
    for entry in parsed.entries:
        href = entry.get("link")
        if not href:
            for link in entry.get("links", []):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    href = link["href"]
                    break
        url = _absolute(href, base)
        if url and url not in found:
            published = (_date_from_struct(entry.get("published_parsed"))
                         or _date_from_struct(entry.get("updated_parsed")))
            found[url] = Found(url, published)
    return list(found.values())


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def sitemap_content(body: bytes, base: str) -> SitemapContent:
    """URLs (with lastmod or news publication date) and child sitemaps of one sitemap file."""
    try:
        root = etree.fromstring(body, _SITEMAP_PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        # a plain-text sitemap: one URL a line
        text = body.decode("utf-8", errors="replace")
        urls = [u for u in (_absolute(line, base) for line in text.split()[:MAX_SITEMAP_URLS]) if u]
        return SitemapContent(tuple(Found(u) for u in urls), ())
    kind = _local(root.tag)
    urls: list[Found] = []
    children: list[str] = []
    for node in root:
        name = _local(node.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = published = None
        for child in node.iter():
            local = _local(child.tag)
            if local == "loc" and loc is None:
                loc = _absolute(child.text, base)
            elif local in ("publication_date", "lastmod") and child.text:
                published = published if local == "lastmod" and published else _date_from_text(child.text)
        if loc is None:
            continue
        if kind == "sitemapindex" or name == "sitemap":
            children.append(loc)
        else:
            urls.append(Found(loc, published))
        if len(urls) >= MAX_SITEMAP_URLS:
            break
    return SitemapContent(tuple(urls), tuple(children))


def listing_links(html: bytes | str, base: str, link_selector: str,
                  next_selector: str | None = None) -> tuple[list[Found], str | None]:
    """Links matched by ``link_selector`` on a listing page, and the next page's URL if any."""
    soup = BeautifulSoup(html, "lxml")
    found: dict[str, Found] = {}
    for tag in soup.select(link_selector):
        href = tag.get("href") if tag.name == "a" else None
        if href is None:
            anchor = tag.find("a", href=True)
            href = anchor.get("href") if anchor else None
        url = _absolute(str(href) if href else None, base)
        if url and url not in found:
            found[url] = Found(url)
    return list(found.values()), _next_page(soup, base, next_selector)


def _in_pager(tag: object) -> bool:
    """True if the link or its parent carries a pagination class (pager, pagination, ...)."""
    names: list[str] = []
    node = tag
    for _ in range(3):  # the link, its parent, its grandparent
        if node is None or not hasattr(node, "get"):
            break
        names.extend(node.get("class") or [])
        node = getattr(node, "parent", None)
    return "pag" in " ".join(names).lower()


def _next_page(soup: BeautifulSoup, base: str, next_selector: str | None) -> str | None:
    candidates = []
    if next_selector:
        candidates.extend(soup.select(next_selector))
    candidates.extend(soup.select("link[rel~=next], a[rel~=next]"))
    if not candidates:
        candidates = [a for a in soup.find_all("a", href=True)
                      if _NEXT_TEXT.search(a.get_text(" ", strip=True) or "") and _in_pager(a)]
    for tag in candidates:
        href = tag.get("href")
        if tag.name not in ("a", "link") and href is None:
            anchor = tag.find("a", href=True)
            href = anchor.get("href") if anchor else None
        url = _absolute(str(href) if href else None, base)
        if url and url != normalize_url(base):
            return url
    return None
