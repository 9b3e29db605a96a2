"""An ingest as the ``claims ingest`` command runs it: read files -> store -> extract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from orchestrate.extraction import extract_new_articles
from orchestrate.store import StoreSink
from scraper import ingest as scraper_ingest
from scraper.ingest import IngestSummary
from settings import Settings

__all__ = ["ingest_paths"]


def ingest_paths(db: Database, settings: Settings, paths: Sequence[str | Path], *, url: str | None = None,
                 city: str | None = None, state: str | None = None, published: str | None = None,
                 outlet: str | None = None, extract_claims: bool = True,
                 parse_workers: int | None = None) -> IngestSummary:
    """Store the articles in HTML files, .txt files, folders of them and WARC archives (see
    ``scraper.ingest.ingest_paths`` for the arguments). Idempotent: a file ingested twice is
    stored once. Then, with ``extract_claims``, claims are extracted from every article not yet
    through extraction."""
    summary = scraper_ingest.ingest_paths(db, settings, paths, StoreSink(db), url=url, city=city,
                                          state=state, published=published, outlet=outlet,
                                          parse_workers=parse_workers)
    if not extract_claims:
        return summary
    return replace(summary, extraction=extract_new_articles(db, settings))
