"""Discovery parsers: RSS, Atom, sitemaps (index, news, plain text) and listing pages."""

from __future__ import annotations

from datetime import date

from scraper.discover import feed_links, listing_links, sitemap_content

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>One</title><link rel="alternate" href="/news/one?utm_campaign=feed"/><updated>2026-03-02T10:00:00Z</updated></entry>
<entry><title>Two</title><link href="https://x.test/news/two"/><published>2026-02-01T08:00:00Z</published></entry></feed>"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://x.test/a</link><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>
<item><title>B</title><link>https://x.test/a#comments</link></item></channel></rss>"""

NEWS_SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.test/s1</loc>
<news:news><news:publication_date>2026-03-04T12:00:00-05:00</news:publication_date><news:title>S1</news:title></news:news>
<lastmod>2026-03-09</lastmod></url><url><loc>https://x.test/s2</loc><lastmod>2025-12-30</lastmod></url></urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.test/sm-1.xml.gz</loc></sitemap><sitemap><loc>https://x.test/sm-2.xml</loc></sitemap></sitemapindex>"""

ENTITY_BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.test/&lol2;</loc></url></urlset>"""


def test_atom_feed() -> None:
    found = feed_links(ATOM, "https://x.test/feed.atom")
    assert [(f.url, f.published) for f in found] == [
        ("https://x.test/news/one", date(2026, 3, 2)), ("https://x.test/news/two", date(2026, 2, 1))]


def test_rss_feed_dedupes_fragments() -> None:
    found = feed_links(RSS, "https://x.test/rss")
    assert [(f.url, f.published) for f in found] == [("https://x.test/a", date(2026, 3, 3))]


def test_not_a_feed_gives_nothing() -> None:
    assert feed_links(b"<html><body>hello</body></html>", "https://x.test/") == []


def test_news_sitemap_uses_publication_date() -> None:
    content = sitemap_content(NEWS_SITEMAP, "https://x.test/sitemap.xml")
    assert [(f.url, f.published) for f in content.urls] == [
        ("https://x.test/s1", date(2026, 3, 4)), ("https://x.test/s2", date(2025, 12, 30))]


def test_sitemap_index_lists_children() -> None:
    content = sitemap_content(INDEX, "https://x.test/sitemap.xml")
    assert content.sitemaps == ("https://x.test/sm-1.xml.gz", "https://x.test/sm-2.xml") and not content.urls


def test_sitemap_entities_are_not_expanded() -> None:
    content = sitemap_content(ENTITY_BOMB, "https://x.test/sitemap.xml")
    assert all("lollol" not in f.url for f in content.urls)


def test_plain_text_sitemap() -> None:
    content = sitemap_content(b"https://x.test/a\nhttps://x.test/b\n", "https://x.test/sitemap.txt")
    assert [f.url for f in content.urls] == ["https://x.test/a", "https://x.test/b"]


LISTING = """<html><body><div class="views-row"><h3><a href="/news/1">One</a></h3></div>
<div class="views-row"><h3><a href="/news/2?utm_source=x">Two</a></h3></div>
<div class="views-row"><h3><span>no link</span></h3></div>
<ul class="pager"><li class="pager-next"><a href="?page=1">next ›</a></li></ul></body></html>"""


def test_listing_links_and_next_selector() -> None:
    found, nxt = listing_links(LISTING, "https://x.test/news", ".views-row h3 a", "li.pager-next a")
    assert [f.url for f in found] == ["https://x.test/news/1", "https://x.test/news/2"]
    assert nxt == "https://x.test/news?page=1"


def test_listing_next_by_rel_or_pager_text() -> None:
    html = '<html><head><link rel="next" href="/p/2"></head><body><a href="/a">A</a></body></html>'
    assert listing_links(html, "https://x.test/p/1", "a")[1] == "https://x.test/p/2"
    html2 = LISTING.replace('class="pager-next"', "")
    assert listing_links(html2, "https://x.test/news", ".views-row h3 a")[1] == "https://x.test/news?page=1"


def test_listing_without_next() -> None:
    assert listing_links("<html><body><a href='/a'>A</a></body></html>", "https://x.test/", "a")[1] is None
