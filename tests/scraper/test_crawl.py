"""End-to-end crawls against the local site: discovery, politeness, storage, de-duplication."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawlsite import ARTICLES, build, sources_file
from scraper_testsite import Site

from cli import cli
from db.connection import open_db
from orchestrate.crawl import run_crawl
from scraper.sources import load_sources
from settings import Settings


def _crawl(site: Site, settings: Settings, tmp_path: Path, **kw: object):  # type: ignore[no-untyped-def]
    db = open_db(settings.db_path)
    sources = load_sources(sources_file(tmp_path, site.base))
    return db, run_crawl(db, settings, sources, extract_claims=False, **kw)  # type: ignore[arg-type]


@pytest.mark.slow
def test_crawl_discovers_fetches_and_stores(site: Site, settings: Settings, tmp_path: Path) -> None:
    build(site)
    db, summary = _crawl(site, settings, tmp_path)
    urls = {r[0] for r in db.execute("SELECT url FROM articles")}
    for name in ARTICLES:
        assert f"{site.base}/articles/{name}" in urls
    # utm_source stripped: the carjackings story was listed twice but fetched once
    assert site.hits["/articles/news-carjackings-up.html"] == 1
    assert site.hits["/articles/news-carjackings-up.html?utm_source=rss"] == 0
    assert site.hits["/private/secret.html"] == 0
    assert dict(summary.skipped)["robots.txt disallows"] == 1
    assert dict(summary.skipped)["PDF archived, not parsed"] == 1
    assert site.hits["/news/?page=3"] == 0  # max_listing_pages = 2
    assert summary.articles_new == len(ARTICLES) + 2 and summary.wire_copies == 1
    a, b = (db.execute("SELECT id, duplicate_of FROM articles WHERE url = ?", [f"{site.base}/wire/{x}.html"])
            .fetchone() for x in "ab")
    assert (a[1], b[1]) in ((None, a[0]), (b[0], None))  # whichever was stored second is the copy
    row = db.execute("SELECT pdf_links, published, city, outlet, page_id FROM articles WHERE url = ?",
                     [f"{site.base}/articles/police-monthly-stats.html"]).fetchone()
    assert json.loads(row[0]) == [f"{site.base}/files/february-2026-crime-report.pdf"]
    assert row[1:4] == ("2026-03-05", "Riverside", "Test Ledger") and row[4] is not None
    sha, body_len = db.execute("SELECT sha256, length(body_gz) FROM pages WHERE id = ?", [row[4]]).fetchone()
    assert len(sha) == 64 and body_len > 100


@pytest.mark.slow
def test_second_crawl_fetches_nothing_again(site: Site, settings: Settings, tmp_path: Path) -> None:
    build(site)
    _crawl(site, settings, tmp_path)
    before = dict(site.hits)
    _, summary = _crawl(site, settings, tmp_path)
    for path, n in site.hits.items():
        if path.startswith(("/articles/", "/wire/", "/files/")):
            assert n == before[path] == 1, path
    assert summary.articles_new == 0 and summary.not_modified >= 1  # the feed answered 304
    assert site.last_headers["/feed.xml"]["if-none-match"] == '"v1"'


def test_since_and_max_pages(site: Site, settings: Settings, tmp_path: Path) -> None:
    build(site)
    db, summary = _crawl(site, settings, tmp_path, since=date(2026, 3, 1), max_pages=3, parse_workers=0)
    assert site.hits["/articles/police-year-end.html"] == 0  # sitemap lastmod 2026-01-20
    done = db.execute("SELECT count(*) FROM frontier WHERE state != 'pending' AND "
                      "coalesce(last_error, '') NOT LIKE 'index page%'").fetchone()[0]
    assert done == 3  # robots-refused URLs count too: they were tried
    assert db.execute("SELECT count(*) FROM frontier WHERE state = 'pending'").fetchone()[0] > 0


def test_failures_are_summarised_with_reasons(site: Site, settings: Settings, tmp_path: Path) -> None:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    from crawlsite import rss
    site.page("/feed.xml", rss(site.base, ["/gone.html", "/pic.png"]), ctype="application/rss+xml")
    site.page("/pic.png", b"\x89PNG", ctype="image/png")
    path = tmp_path / "s.toml"
    path.write_text(f'[[source]]\nname = "X"\ncity = "A"\nstate = "OH"\nfeeds = ["{site.base}/feed.xml"]\n')
    summary = run_crawl(open_db(settings.db_path), settings, load_sources(path), extract_claims=False)
    assert dict(summary.failed) == {"http 404": 1}
    assert dict(summary.skipped) == {"unwanted content-type": 1}


@pytest.mark.slow
def test_cli_crawl_json(site: Site, tmp_path: Path, monkeypatch: object) -> None:
    build(site)
    env = {"CLAIMS_DB": str(tmp_path / "cli.db"), "CLAIMS_ALLOW_PRIVATE_ADDRESSES": "1",
           "CLAIMS_PER_HOST_DELAY": "0", "CLAIMS_TIMEOUT": "2"}
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(sources_file(tmp_path, site.base)),
                                      "--json", "--no-extract"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles_new"] == len(ARTICLES) + 2
    assert data["skipped_reasons"]["robots.txt disallows"] == 1


def test_cli_crawl_unknown_source_is_a_usage_error(site: Site, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(sources_file(tmp_path, "http://x.test")),
                                      "--source", "Nope"], env={"CLAIMS_DB": str(tmp_path / "c.db")})
    assert result.exit_code == 2 and "Unknown source 'Nope'" in result.output


def test_cli_crawl_bad_sources_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "A"\ncity = "B"\n')
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(bad)], env={"CLAIMS_DB": str(tmp_path / "c.db")})
    assert result.exit_code == 1 and "line 1" in result.output and "'state'" in result.output


def test_caller_owned_client_and_progress_events(site: Site, settings: Settings, tmp_path: Path) -> None:
    import asyncio

    from orchestrate.crawl import crawl
    from scraper.crawl_summary import CrawlEvent
    from scraper.fetch import make_client
    build(site)
    events: list[CrawlEvent] = []

    async def go() -> bool:
        async with make_client(settings) as client:
            db = open_db(settings.db_path)
            await crawl(db, settings, load_sources(sources_file(tmp_path, site.base)), client=client,
                        progress=events.append, extract_claims=False, parse_workers=0)
            return client.is_closed
    assert asyncio.run(go()) is False  # the caller's client is left open for the caller to close
    phases = [e.reason for e in events if e.outcome == "phase"]
    assert phases == ["discovering", "fetching", "parsing"]
    fetched = [e for e in events if e.outcome == "fetched" and "/articles/" in e.url]
    assert len(fetched) == len(ARTICLES) and fetched[-1].done >= len(ARTICLES)


def test_cli_crawl_exit_code_3_when_nothing_could_be_fetched(tmp_path: Path) -> None:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path / "s.toml"
    path.write_text(f'[[source]]\nname = "X"\ncity = "A"\nstate = "OH"\nfeeds = ["http://127.0.0.1:{port}/feed"]\n')
    env = {"CLAIMS_DB": str(tmp_path / "c.db"), "CLAIMS_ALLOW_PRIVATE_ADDRESSES": "1", "CLAIMS_RETRIES": "0"}
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(path), "--no-extract"], env=env)
    assert result.exit_code == 3, result.output
    assert "connection error" in result.output
