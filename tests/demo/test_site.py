"""The demo site: well-formed pages with the metadata a crawler needs and the claims NOTES.md lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from protego import Protego

from demo import SITE_DIR
from demo.sitegen.build import build_site, render_notes
from demo.sitegen.content import ORIGIN, hard_negatives, load_outlets, planted_claims

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "td", "th", "tr", "option"}
ARTICLES = [a for o in load_outlets() for a in o.articles]
PLANTED = planted_claims(load_outlets())
NEGATIVES = hard_negatives(load_outlets())
HTML_FILES = sorted(SITE_DIR.rglob("*.html"))


class TagBalance(HTMLParser):
    """Collects nesting errors: end tags that close nothing open, and elements left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag not in self.stack:
            self.errors.append(f"</{tag}> closes nothing (line {self.getpos()[0]})")
            return
        while self.stack:
            top = self.stack.pop()
            if top == tag:
                return
            if top not in OPTIONAL_END:
                self.errors.append(f"<{top}> not closed before </{tag}> (line {self.getpos()[0]})")


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def test_site_is_big_enough() -> None:
    assert len(ARTICLES) >= 25
    assert len({a.outlet for a in ARTICLES}) == 5
    assert len(HTML_FILES) >= 30


def test_committed_site_matches_its_sources(tmp_path: Path) -> None:
    """demo/site/ and NOTES.md are what `python -m demo.sitegen.build` makes from the content files."""
    build_site(tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SITE_DIR) for p in SITE_DIR.rglob("*") if p.is_file())
    assert built == committed
    stale = [str(p) for p in built if (tmp_path / p).read_bytes() != (SITE_DIR / p).read_bytes()]
    assert stale == [], "demo/site is stale: run `python -m demo.sitegen.build`"
    assert (SITE_DIR.parent / "NOTES.md").read_text(encoding="utf-8") == render_notes()


@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: str(p.relative_to(SITE_DIR)))
def test_page_is_well_formed_html(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert re.match(r"\s*<!DOCTYPE html", html, re.I)
    checker = TagBalance()
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.stack == [] or set(checker.stack) <= OPTIONAL_END, checker.stack
    soup = BeautifulSoup(html, "lxml")
    assert soup.title and soup.title.get_text(strip=True)
    assert soup.find("link", rel="canonical")["href"].startswith(ORIGIN + "/")


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.url_path)
def test_article_metadata(article) -> None:  # noqa: ANN001
    soup = BeautifulSoup((SITE_DIR / article.file).read_text(encoding="utf-8"), "lxml")
    assert soup.find("link", rel="canonical")["href"] == ORIGIN + article.url_path
    meta = soup.find("meta", property="article:published_time")["content"]
    assert meta == article.published
    times = [t["datetime"] for t in soup.find_all("time") if t.has_attr("datetime")]
    assert article.published in times
    datetime.fromisoformat(article.published)
    assert len(soup.find_all("h1")) == 1


@pytest.mark.parametrize(("article", "claim"), PLANTED, ids=[f"{a.outlet}:{c.quote[:40]}" for a, c in PLANTED])
def test_planted_claim_is_in_the_page_text(article, claim) -> None:  # noqa: ANN001
    text = visible_text((SITE_DIR / article.file).read_text(encoding="utf-8"))
    assert claim.quote in text


@pytest.mark.parametrize(("article", "negative"), NEGATIVES,
                         ids=[f"{a.outlet}:{n.quote[:40]}" for a, n in NEGATIVES])
def test_hard_negative_is_in_the_page_text(article, negative) -> None:  # noqa: ANN001
    text = visible_text((SITE_DIR / article.file).read_text(encoding="utf-8"))
    assert negative.quote in text


def test_intended_verdicts_cover_every_outcome() -> None:
    verdicts = {c.verdict for _, c in PLANTED}
    assert {"supported", "close", "contradicted", "unverifiable", "not_crawled"} <= verdicts
    flags = {f for _, c in PLANTED for f in c.flags}
    assert {"internal_inconsistency", "small_base"} <= flags


@pytest.mark.parametrize("outlet", load_outlets(), ids=lambda o: o.slug)
def test_feeds_and_sitemaps_list_every_public_article(outlet) -> None:  # noqa: ANN001
    public = {ORIGIN + a.url_path for a in outlet.articles if not a.robots_disallowed}
    found: set[str] = set()
    if outlet.feed != "none":
        feed = feedparser.parse((SITE_DIR / outlet.slug / "feed.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version.startswith(outlet.feed)
        found |= {e.link for e in feed.entries}
        assert all(e.get("published_parsed") for e in feed.entries)
    if outlet.sitemap:
        ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        todo = [SITE_DIR / outlet.slug / "sitemap.xml"]
        while todo:
            root = ET.parse(todo.pop()).getroot()
            for loc in root.findall(".//sm:loc", ns):
                url = loc.text or ""
                if url.endswith(".xml"):
                    todo.append(SITE_DIR / url.removeprefix(ORIGIN + "/"))
                else:
                    found.add(url)
    if outlet.feed == "none" and not outlet.sitemap:  # listing pages only
        page = SITE_DIR / outlet.slug / "index.html"
        pages = 0
        while page is not None:
            pages += 1
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            found |= {a["href"] for a in soup.select("ul.release-list a.release-link")}
            nxt = soup.select_one("nav.pagination a.next")
            page = SITE_DIR / nxt["href"].removeprefix(ORIGIN + "/") if nxt else None
        assert pages >= 2, "the listing-only section should be paginated"
    assert public <= found


def test_robots_txt_lists_sitemaps_and_blocks_the_draft() -> None:
    text = (SITE_DIR / "robots.txt").read_text(encoding="utf-8")
    robots = Protego.parse(text)
    sitemaps = list(robots.sitemaps)
    assert f"{ORIGIN}/riverton-ledger/sitemap.xml" in sitemaps
    assert f"{ORIGIN}/porthale-press/sitemap.xml" in sitemaps
    drafts = [a for a in ARTICLES if a.robots_disallowed]
    assert drafts
    for a in drafts:
        assert not robots.can_fetch(ORIGIN + a.url_path, "claims-tracker")
    for a in ARTICLES:
        if not a.robots_disallowed:
            assert robots.can_fetch(ORIGIN + a.url_path, "claims-tracker")
