"""A small local news site for crawl tests: robots.txt, a feed, a gzip sitemap behind a sitemap
index, a two-page listing, fixture articles, a PDF, a robots-disallowed page and wire copies."""

from __future__ import annotations

import gzip
from pathlib import Path

from scraper_testsite import Response, Site, fixture_html

ARTICLES = ["news-homicides-down.html", "news-carjackings-up.html", "police-monthly-stats.html",
            "police-year-end.html", "mayor-budget.html", "news-burglary-record.html"]


def rss(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>t{i}</title><link>{base}{p}</link>"
                    f"<pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate></item>" for i, p in enumerate(paths))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'


def etag_route(body: bytes, ctype: str, tag: str = '"v1"'):  # type: ignore[no-untyped-def]
    def route(handler: object, _n: int) -> Response:
        if handler.headers.get("If-None-Match") == tag:
            return Response(304, b"", {"ETag": tag})
        return Response(200, body, {"Content-Type": ctype, "ETag": tag})
    return route


def build(site: Site) -> None:
    b = site.base
    site.page("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {b}/sitemap_index.xml\n",
              ctype="text/plain")
    for name in ARTICLES:
        site.page(f"/articles/{name}", fixture_html(name))
    site.page("/private/secret.html", fixture_html("news-overdoses.html"))
    wire = fixture_html("news-wire-copy-a.html")
    site.page("/wire/a.html", wire)
    # the same wire story under another headline, with one word changed
    site.page("/wire/b.html", wire.replace(b"State reports drop in auto thefts", b"Auto thefts drop statewide")
              .replace(b"Insurance groups said", b"Insurers said"))
    site.page("/files/report.pdf", b"%PDF-1.4 fake report", ctype="application/pdf")
    feed = rss(b, ["/articles/news-homicides-down.html", "/articles/news-carjackings-up.html?utm_source=rss",
                   "/private/secret.html", "/wire/a.html", "/wire/b.html"])
    site.add("/feed.xml", etag_route(feed.encode(), "application/rss+xml"))
    urlset = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              f"<url><loc>{b}/articles/police-monthly-stats.html</loc><lastmod>2026-03-05</lastmod></url>"
              f"<url><loc>{b}/articles/police-year-end.html</loc><lastmod>2026-01-20</lastmod></url>"
              f"<url><loc>{b}/files/report.pdf</loc></url>"
              f"<url><loc>{b}/articles/news-carjackings-up.html</loc></url></urlset>")
    site.page("/sitemap-news.xml.gz", gzip.compress(urlset.encode()), ctype="application/x-gzip")
    site.page("/sitemap_index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              f"<sitemap><loc>{b}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>", ctype="application/xml")
    site.page("/news/", "<html><body><ul class='news-list'>"
              "<li><a href='/articles/mayor-budget.html'>Mayor budget</a></li></ul>"
              "<a rel='next' href='/news/?page=2'>Next</a></body></html>")
    site.page("/news/?page=2", "<html><body><ul class='news-list'>"
              "<li><a href='/articles/news-burglary-record.html'>Burglary</a></li></ul>"
              "<a rel='next' href='/news/?page=3'>Next</a></body></html>")
    site.page("/news/?page=3", "<html><body><ul class='news-list'>"
              "<li><a href='/articles/never.html'>Never reached</a></li></ul></body></html>")


def sources_file(tmp: Path, base: str, extra: str = "") -> Path:
    path = tmp / "sources.toml"
    path.write_text(f'''
[[source]]
name = "Test Ledger"
city = "Riverside"
state = "OH"
feeds = ["{base}/feed.xml"]
sitemaps = ["{base}/robots.txt"]
listings = ["{base}/news/"]
link_selector = "ul.news-list a"
max_listing_pages = 2
{extra}
''', encoding="utf-8")
    return path
