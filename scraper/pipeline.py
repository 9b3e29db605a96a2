"""After the crawl: claim extraction for every stored article not yet through it."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.store import articles_without_claims, store_claims_many
from extract.records import Document
from settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExtractSummary:
    articles: int = 0
    claims: int = 0
    unavailable: str | None = None  # why extraction did not run, if it did not


def _extractor() -> Callable[[Iterable[Document]], Iterator[tuple[Document, list[Any]]]] | str:
    """extract.extract_documents, or the reason it cannot be used."""
    try:
        module = importlib.import_module("extract")
    except ImportError as exc:
        return f"the extract package cannot be imported ({exc})"
    fn = getattr(module, "extract_documents", None)
    if fn is None:
        return "extract.extract_documents is not available in this installation"
    return fn  # type: ignore[no-any-return]


def extract_new_articles(db: Database, settings: Settings) -> ExtractSummary:
    """Run claim extraction on stored articles without claims; store the claims (idempotent).

    Articles are read lazily and claims written in batches, so a crash loses at most one batch;
    the next run picks up where this one stopped. Returns counts, or ``unavailable`` with the
    reason when the extractor is not installed.
    """
    extractor = _extractor()
    if isinstance(extractor, str):
        log.warning("claim extraction skipped: %s", extractor)
        return ExtractSummary(unavailable=extractor)
    counts = {"articles": 0}

    def documents() -> Iterator[Document]:
        for article_id, article in articles_without_claims(db):
            counts["articles"] += 1
            yield Document(text=article.text, id=str(article_id), city=article.city,
                           state=article.state, published=article.published,
                           extra={"article_id": article_id, "url": article.url})

    def batches() -> Iterator[tuple[int, list[Any]]]:
        for doc, claims in extractor(documents()):
            yield int(doc.extra.get("article_id", doc.id)), list(claims)

    total = store_claims_many(db, batches())
    return ExtractSummary(articles=counts["articles"], claims=total)
