"""The parse stage: worker process, its failure, and the crash-between-archive-and-store path."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from crawlsite import ARTICLES, build, sources_file
from scraper_testsite import Site, fixture_html

from db.connection import open_db
from orchestrate.crawl import run_crawl
from records.article import Source
from scraper.parse_stage import ParseJob, Parser
from scraper.sources import load_sources
from settings import Settings

SOURCE = Source(name="S", city="Riverside", state="OH", feeds=("https://x.test/feed",))


def test_worker_process_parses_and_is_replaced_when_it_dies() -> None:
    body = fixture_html("news-homicides-down.html")

    async def go() -> tuple[int, int, int, int]:
        parser = Parser(1)
        try:
            first = await parser.parse([ParseJob(body, "https://x.test/a", SOURCE, "")])
            assert first[0].article is not None and "14 homicides" in first[0].article.text
            worker = parser._slots[0].worker
            assert worker is not None
            os.kill(worker.process.pid or 0, signal.SIGKILL)  # the next batch still parses, in a new worker
            await asyncio.sleep(0.5)
            second = await parser.parse([ParseJob(body, "https://x.test/b", SOURCE, "")])
            replacement = parser._slots[0].worker
            assert replacement is not None and replacement is not worker
            return len(second), int(second[0].article is not None), parser.workers, int(replacement.alive)
        finally:
            parser.close()
    assert asyncio.run(go()) == (1, 1, 1, 1)


def test_pages_archived_but_not_parsed_are_parsed_without_fetching(site: Site, settings: Settings,
                                                                   tmp_path: Path) -> None:
    build(site)
    db = open_db(settings.db_path)
    sources = load_sources(sources_file(tmp_path, site.base))
    first = run_crawl(db, settings, sources, extract_claims=False, parse=False)
    assert first.articles_new == 0 and db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    hits = dict(site.hits)
    second = run_crawl(db, settings, sources, extract_claims=False, parse_workers=0)
    assert second.reparsed >= len(ARTICLES) and second.articles_new == len(ARTICLES) + 2
    for path, n in site.hits.items():
        if path.startswith(("/articles/", "/wire/")):
            assert n == hits[path] == 1, path


def test_fetching_pauses_while_parsing_lags(site: Site, settings: Settings, tmp_path: Path,
                                            monkeypatch: object) -> None:
    import scraper.crawl as crawl_module
    monkeypatch.setattr(crawl_module, "PARSE_BACKLOG", 1)  # type: ignore[attr-defined]
    build(site)
    db = open_db(settings.db_path)
    summary = run_crawl(db, settings, load_sources(sources_file(tmp_path, site.base)), extract_claims=False,
                        parse_workers=0)
    assert summary.articles_new == len(ARTICLES) + 2
