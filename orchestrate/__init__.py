"""The runs that span stages, wired here so that each stage does one thing.

The scraper fetches, archives and parses, and hands each article to a sink; it neither stores
articles nor extracts claims. These modules wire the stages the way a command needs them:

- ``orchestrate.crawl``: ``crawl``/``run_crawl``, crawl -> store (and link wire copies) ->
  extract claims from the new articles
- ``orchestrate.ingest``: ``ingest_paths``, the same for files and WARC archives
- ``orchestrate.store``: ``StoreSink``, the sink that stores each article and links wire copies
- ``orchestrate.extraction``: ``extract_new_articles`` (claims for every stored article not yet
  through extraction) and ``extract_articles`` (the same loop, for articles in memory: backfill)

The package sits above scraper/, extract/ and db/, and below backfill/, demo/ and commands/.
"""

import logging

__all__ = ["crawl", "extraction", "ingest", "store"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
