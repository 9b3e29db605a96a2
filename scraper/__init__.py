"""The scraper: sources, discovery, polite fetching, HTML -> article, crawl state, ingest.

Submodules are not imported here, so importing one of them (``scraper.urls`` in a backfill
worker, say) does not pull in the crawl and the store. Import what you use from its module:

- ``scraper.sources``: ``load_sources(path=None) -> list[Source]``
- ``scraper.crawl``: ``crawl(db, settings, sources, sink, *, client=None, max_pages=None,
  since=None, progress=None, parse_workers=None, parse=True) -> CrawlSummary`` (async): discover,
  fetch, archive and parse, handing each article to ``sink``
- ``scraper.crawl_summary``: ``CrawlSummary``, ``CrawlEvent``
- ``scraper.ingest``: ``ingest_paths(db, settings, paths, sink, *, url=None, city=None,
  state=None, published=None, outlet=None, parse_workers=None) -> IngestSummary``
- ``scraper.sink``: ``ArticleSink`` (what takes each parsed article) and ``Stored``
- ``scraper.parse``: ``parse_html(html, url, *, source=None, ..., limits=DomLimits()) -> Parsed``
- ``scraper.domcheck``: ``dom_refusal(html, limits) -> str | None``, the DOM caps checked
  without a tree, and ``DomLimits``
- ``scraper.fetch``: ``make_client(settings) -> httpx.AsyncClient`` (no cookies; httpx's
  transport with the connect-time peer-address check)
- ``scraper.urls``: ``normalize_url(url)``

The records it makes (``Source``, ``Page``, ``Article``) live in ``records.article``. The scraper
stores no article and extracts no claim: orchestrate/ wires crawl -> store -> extract.
"""

import logging

__all__ = ["crawl", "crawl_summary", "domcheck", "fetch", "ingest", "parse", "sink", "sources", "urls"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
