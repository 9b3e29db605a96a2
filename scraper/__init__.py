"""The scraper: sources, discovery, polite fetching, HTML -> article, crawl state, ingest.

Public surface (imported lazily, so ``import scraper.records`` stays light and ``db`` can import
the records without a cycle):

- ``load_sources(path=None) -> list[Source]``                       (scraper.sources)
- ``crawl(db, settings, sources, *, client=None, max_pages=None, since=None, progress=None,
  extract_claims=True, parse_workers=None, parse=True) -> CrawlSummary``  (async, scraper.crawl)
- ``run_crawl(...)``: the same, synchronous
- ``ingest_paths(db, settings, paths, *, url=None, city=None, state=None, published=None,
  outlet=None, extract_claims=True, parse_workers=None) -> IngestSummary``  (scraper.ingest)
- ``extract_new_articles(db, settings) -> ExtractSummary``          (scraper.pipeline)
- ``parse_html(html, url, *, source=None, ..., limits=DomLimits()) -> Parsed``  (scraper.parse)
- ``dom_refusal(html, limits) -> str | None``: the DOM caps, checked without a tree  (scraper.domcheck)
- ``make_client(settings) -> httpx.AsyncClient`` (no cookies; httpx's transport with the
  connect-time peer-address check)                                  (scraper.fetch)
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

logging.getLogger(__name__).addHandler(logging.NullHandler())

_EXPORTS = {
    "load_sources": "scraper.sources", "crawl": "scraper.crawl", "run_crawl": "scraper.crawl",
    "CrawlSummary": "scraper.crawl_summary", "CrawlEvent": "scraper.crawl_summary",
    "ingest_paths": "scraper.ingest", "IngestSummary": "scraper.ingest",
    "extract_new_articles": "scraper.pipeline", "ExtractSummary": "scraper.pipeline",
    "parse_html": "scraper.parse", "make_client": "scraper.fetch",
    "DomLimits": "scraper.domcheck", "dom_refusal": "scraper.domcheck",
    "normalize_url": "scraper.urls",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
