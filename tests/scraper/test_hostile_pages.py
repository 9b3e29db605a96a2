"""Bounded cost per page (issue 10): hostile pages are refused or cut off with a reason, and the
crawl or ingest goes on; an article's claims are capped, and what is left out is counted.

Every page here is generated in the test. Assertions are on outcomes (reasons, counts, stored
rows), never on time.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawlsite import rss
from scraper_testsite import Site, fixture_html

from cli import cli
from db.connection import open_db
from orchestrate.crawl import run_crawl
from orchestrate.ingest import ingest_paths
from scraper.fallback import fallback_text
from scraper.sources import load_sources
from settings import Settings

pytestmark = pytest.mark.issue(10)

STORY = ("Robberies in Lakeview fell to 120 last year from 150 the year before, a drop of 20 percent, "
         "the police chief told the council on Monday night. Officers credited new patrols.")
DEPTH_REASON = ("refused: HTML nested deeper than 256 elements "
                "(max_dom_depth; the HTML parser stops reading at 256)")


def _page(body: str) -> bytes:
    return f"<html><head><title>Hostile</title></head><body>{body}</body></html>".encode()


def deep_nesting(levels: int) -> bytes:
    return _page("<div>" * levels + f"<p>{STORY}</p>" + "</div>" * levels)


def flat_list(items: int) -> bytes:
    return _page(f"<article><p>{STORY}</p><ul>" + "".join(f"<li>Item {i} of a very long list</li>"
                                                      for i in range(items)) + "</ul></article>")


def tiny_elements(count: int) -> bytes:
    return _page(f"<p>{STORY}</p><div>" + "<b>x</b>" * count + "</div>")


def claim_page(sentences: int) -> bytes:
    districts = ("north", "south", "east", "west")
    paragraphs = "".join(f"<p>Burglaries rose {i % 90 + 2} percent in the {districts[i % 4]} district "
                         f"last year.</p>" for i in range(sentences))
    return _page(f"<article><h1>Crime by district</h1>{paragraphs}</article>")


def _sources(tmp_path: Path, site: Site, paths: list[str]) -> Path:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/feed.xml", rss(site.base, paths), ctype="application/rss+xml")
    path = tmp_path / "sources.toml"
    path.write_text(f'[[source]]\nname = "Hostile Ledger"\ncity = "Lakeview"\nstate = "OH"\n'
                    f'feeds = ["{site.base}/feed.xml"]\n', encoding="utf-8")
    return path


# ---------------------------------------------------------------- DOM caps, before any tree walk

@pytest.mark.parametrize(("name", "body", "reason"), [
    ("deep.html", deep_nesting(100_000), DEPTH_REASON),
    ("tiny.html", tiny_elements(100_000), "refused: more than 20000 HTML elements (max_dom_elements)"),
])
def test_ingest_refuses_a_page_over_a_dom_cap_and_goes_on(tmp_path: Path, settings: Settings, name: str,
                                                          body: bytes, reason: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / name).write_bytes(body)
    (folder / "normal.html").write_bytes(fixture_html("news-homicides-down.html"))
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [folder], extract_claims=False)
    assert summary.skipped == ((str(folder / name), reason),)
    assert (summary.articles_new, summary.failed) == (1, ())
    assert db.execute("SELECT count(*) FROM pages WHERE url LIKE ?", [f"%{name}"]).fetchone()[0] == 1


def test_a_page_just_under_the_depth_cap_is_parsed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "nested.html"
    path.write_bytes(deep_nesting(200))
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [path], extract_claims=False, parse_workers=0)
    assert (summary.articles_new, summary.skipped) == (1, ())
    assert "fell to 120" in db.execute("SELECT text FROM articles").fetchone()[0]


def test_crawl_refuses_a_huge_flat_list_and_stores_the_other_pages(site: Site, settings: Settings,
                                                                   tmp_path: Path) -> None:
    site.page("/list.html", flat_list(40_000))
    site.page("/deep.html", deep_nesting(50_000))
    site.page("/a.html", fixture_html("news-homicides-down.html"))
    site.page("/b.html", fixture_html("news-carjackings-up.html"))
    sources = load_sources(_sources(tmp_path, site, ["/list.html", "/a.html", "/deep.html", "/b.html"]))
    db = open_db(settings.db_path)
    summary = run_crawl(db, settings, sources, extract_claims=False, parse_workers=1)
    assert dict(summary.skipped) == {"refused: more than 20000 HTML elements (max_dom_elements)": 1,
                                     DEPTH_REASON: 1}
    assert (summary.articles_new, summary.failed) == (2, ())
    reasons = dict(db.execute("SELECT url, last_error FROM frontier WHERE state = 'skipped'").fetchall())
    assert reasons[f"{site.base}/deep.html"] == DEPTH_REASON


def test_crawl_refuses_a_deeply_nested_listing_page_and_goes_on(site: Site, settings: Settings,
                                                                 tmp_path: Path) -> None:
    site.page("/news/", _page("<div>" * 100_000 + "<ul class='news-list'><li><a href='/b.html'>B</a></li></ul>"))
    site.page("/a.html", fixture_html("news-homicides-down.html"))
    path = _sources(tmp_path, site, ["/a.html"])
    path.write_text(path.read_text() + f'listings = ["{site.base}/news/"]\nlink_selector = "ul.news-list a"\n')
    summary = run_crawl(open_db(settings.db_path), settings, load_sources(path), extract_claims=False,
                        parse_workers=0)
    assert summary.notes == (f"listing page {site.base}/news/ {DEPTH_REASON}",)
    assert summary.articles_new == 1


def test_the_caps_are_settings(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "list.html"
    path.write_bytes(flat_list(300))
    db = open_db(settings.db_path)
    summary = ingest_paths(db, replace(settings, max_dom_elements=100), [path], extract_claims=False,
                           parse_workers=0)
    assert summary.skipped == ((str(path), "refused: more than 100 HTML elements (max_dom_elements)"),)


# ---------------------------------------------------------------- the fallback, in one walk

def test_fallback_reads_a_deep_page_and_nested_tables_once() -> None:
    nested = "<div>" * 240 + f"<p>{STORY}</p>" * 3 + "</div>" * 240
    assert fallback_text(_page(nested)) == "\n".join([STORY] * 3)
    table = ("<table><tr><td>Burglary</td><td>120<table><tr><td>inner</td><td>cell</td></tr></table>"
             "</td></tr></table>")
    # the inner row is its own line; the outer row no longer repeats the inner row's cells
    assert fallback_text(_page(f"<main>{table}</main>")) == "Burglary | 120\ninner | cell"


# ---------------------------------------------------------------- per-page parse timeout

@pytest.mark.slow
def test_crawl_records_a_page_over_the_parse_timeout_and_replaces_its_worker(
        site: Site, settings: Settings, tmp_path: Path) -> None:
    slow = replace(settings, max_dom_elements=1_000_000, parse_timeout=0.3)  # let a huge page through
    site.page("/slow.html", flat_list(40_000))
    for name, fixture in (("a", "news-homicides-down"), ("b", "news-burglary-record"), ("c", "news-carjackings-up")):
        site.page(f"/{name}.html", fixture_html(f"{fixture}.html"))
    sources = load_sources(_sources(tmp_path, site, ["/a.html", "/slow.html", "/b.html", "/c.html"]))
    db = open_db(slow.db_path)
    summary = run_crawl(db, slow, sources, extract_claims=False, parse_workers=1)
    assert dict(summary.failed) == {"parse timed out after 0.3 s": 1}
    assert summary.articles_new == 3  # the pages after the slow one were parsed by a new worker
    row = db.execute("SELECT state, last_error FROM frontier WHERE url = ?", [f"{site.base}/slow.html"]).fetchone()
    assert tuple(row) == ("skipped", "parse timed out after 0.3 s")


def test_ingest_records_a_page_over_the_parse_timeout_and_goes_on(tmp_path: Path, settings: Settings) -> None:
    slow = replace(settings, max_dom_elements=1_000_000, parse_timeout=0.3)
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a-slow.html").write_bytes(flat_list(40_000))
    (folder / "b-normal.html").write_bytes(fixture_html("news-homicides-down.html"))
    db = open_db(slow.db_path)
    summary = ingest_paths(db, slow, [folder], extract_claims=False)
    assert summary.failed == ((str(folder / "a-slow.html"), "parse timed out after 0.3 s"),)
    assert (summary.articles_new, summary.skipped) == (1, ())
    assert summary.as_dict()["failed"] == [{"item": str(folder / "a-slow.html"),
                                            "reason": "parse timed out after 0.3 s"}]


# ---------------------------------------------------------------- claims per article

@pytest.mark.slow
def test_ingest_stores_at_most_max_claims_per_article_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "claims.html"
    path.write_bytes(claim_page(1200))
    db_path = tmp_path / "claims.db"
    env = {"CLAIMS_DB": str(db_path), "CLAIMS_MAX_CLAIMS_PER_ARTICLE": "100"}
    result = CliRunner().invoke(cli, ["ingest", str(path), "--city", "Lakeview", "--state", "OH", "--json"],
                                env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    db = open_db(str(db_path))
    stored = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    over = db.execute("SELECT claims_over_cap FROM articles").fetchone()[0]
    assert (stored, data["claims_extracted"]) == (100, 100)
    assert over == data["claims_over_cap"] and over >= 1000  # every sentence is a claim: none dropped silently
    assert db.execute("SELECT count(*) FROM claims_fts").fetchone()[0] == 100


@pytest.mark.slow
def test_crawl_reports_claims_over_the_cap(site: Site, tmp_path: Path) -> None:
    site.page("/claims.html", claim_page(150))
    site.page("/a.html", fixture_html("news-homicides-down.html"))
    sources = _sources(tmp_path, site, ["/claims.html", "/a.html"])
    env = {"CLAIMS_DB": str(tmp_path / "c.db"), "CLAIMS_ALLOW_PRIVATE_ADDRESSES": "1",
           "CLAIMS_PER_HOST_DELAY": "0", "CLAIMS_TIMEOUT": "2", "CLAIMS_MAX_CLAIMS_PER_ARTICLE": "20"}
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(sources)], env=env)
    assert result.exit_code == 0, result.output
    db = open_db(str(tmp_path / "c.db"))
    over = db.execute("SELECT claims_over_cap FROM articles WHERE url LIKE '%/claims.html'").fetchone()[0]
    assert over >= 120
    assert (f"{over} more left out: 1 article(s) had more than max_claims_per_article = 20"
            in result.output)
    per_article = dict(db.execute("SELECT a.url, count(c.id) FROM articles a LEFT JOIN claims c "
                                  "ON c.article_id = a.id GROUP BY a.id").fetchall())
    assert per_article[f"{site.base}/claims.html"] == 20
