"""Where the crawl and the ingest hand each parsed article: an ``ArticleSink``.

The scraper fetches, archives and parses; it does not decide what becomes of an article. The
caller passes a sink (orchestrate/store.py's ``StoreSink`` stores the article and links it to
the wire copy it repeats) and gets back a ``Stored`` that the crawl counts. The crawl calls the
sink inside the transaction that finishes the page, on its database thread, so a page whose
article was not stored is parsed again by the next crawl (see scraper/crawl.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dedup import Signature
from records.article import Article


@dataclass(frozen=True, slots=True)
class Stored:
    """What the sink made of one article: its id, whether it is new, and whether it is a wire
    copy of an earlier one (``duplicate_of``, or None)."""

    article_id: int
    created: bool
    duplicate_of: int | None = None


class ArticleSink(Protocol):
    """Takes one parsed article (and its precomputed wire-copy signature, if any)."""

    def __call__(self, article: Article, signature: Signature | None = None) -> Stored: ...
