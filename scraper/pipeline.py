"""After the crawl: claim extraction for every stored article not yet through it."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlite_utils import Database

from db.store import articles_without_claims, store_claims_many
from extract.records import Document
from settings import Settings

log = logging.getLogger(__name__)
ARTICLE_KEY = "article_id"


@dataclass(frozen=True, slots=True)
class ExtractSummary:
    """``claims`` stored; ``claims_over_cap`` found beyond ``max_claims_per_article`` and left
    out, in ``articles_over_cap`` articles (each article records its own count)."""

    articles: int = 0
    claims: int = 0
    possible_claims: int = 0  # sentences that look like a claim no rule parsed (extract/possible.py)
    unavailable: str | None = None  # why extraction did not run, if it did not
    claims_over_cap: int = 0
    articles_over_cap: int = 0


class ClaimCap:
    """Keeps the first ``limit`` claims of an article (text order) and counts the rest, per
    article, for the store (``articles.claims_over_cap``), the summary and the log."""

    def __init__(self, limit: int) -> None:
        self.limit = max(0, limit)
        self.over: dict[int, int] = {}  # article id -> claims left out

    def apply(self, article_id: int, found: list[Any]) -> list[Any]:
        if len(found) <= self.limit:
            return found
        extra = len(found) - self.limit
        self.over[article_id] = extra
        log.warning("article %d: %d claims found, %d stored (max_claims_per_article); %d left out",
                    article_id, len(found), self.limit, extra)
        return found[:self.limit]


def _extract_module() -> ModuleType | str:
    """The extract package, or the reason it cannot be used."""
    try:
        module = importlib.import_module("extract")
    except ImportError as exc:
        return f"the extract package cannot be imported ({exc})"
    if not callable(getattr(module, "extract_documents", None)):
        return "extract.extract_documents is not available in this installation"
    return module


def extract_new_articles(db: Database, settings: Settings) -> ExtractSummary:
    """Run claim extraction on stored articles without claims; store the claims (idempotent).

    Articles are read lazily, long ones cut into pieces (claim offsets stay offsets into the
    article text), and claims written in batches, so a crash loses at most one batch; the next
    run picks up where this one stopped. Each article's possible claims (sentences that look like
    a crime statistic no rule parsed, at most ``settings.max_possible_claims_per_article``) are
    stored with its claims. At most ``settings.max_claims_per_article`` claims are stored per
    article (the first, in text order); the rest are counted, logged, recorded on the article
    (``claims_over_cap``) and returned in the summary. Returns counts, or ``unavailable`` with the
    reason when the extractor cannot be used.
    """
    module = _extract_module()
    if isinstance(module, str):
        log.warning("claim extraction skipped: %s", module)
        return ExtractSummary(unavailable=module)
    try:
        nlp = module.build_pipeline(settings) if hasattr(module, "build_pipeline") else None
    except (RuntimeError, OSError, ValueError) as exc:  # e.g. settings.spacy_model not installed
        log.warning("claim extraction skipped: %s", exc)
        return ExtractSummary(unavailable=str(exc))
    split = getattr(importlib.import_module("extract.chunking"), "split_text", None)
    offset_key = getattr(importlib.import_module("extract.pipeline"), "OFFSET_KEY", "offset")
    counts = {"articles": 0, "possible": 0}
    find_possible = getattr(module, "possible_claims_for", None)
    cap = ClaimCap(settings.max_claims_per_article)

    def documents() -> Iterator[Document]:
        for article_id, article in articles_without_claims(db):
            counts["articles"] += 1
            pieces = split(article.text) if split is not None else [(0, article.text)]
            for offset, piece in pieces:
                yield Document(text=piece, id=str(article_id), city=article.city, state=article.state,
                               published=article.published,
                               extra={ARTICLE_KEY: article_id, offset_key: offset})

    def finish(article_id: int, pieces: list[str], found: list[Any]) -> tuple[int, list[Any], list[Any]]:
        possible: list[Any] = []
        if find_possible is not None:
            # all claims, so a sentence whose claim is over the cap is not offered as a possible claim
            possible = find_possible("".join(pieces), found, settings=settings, nlp=nlp, doc_id=str(article_id))
            counts["possible"] += len(possible)
        return article_id, cap.apply(article_id, found), possible

    def batches() -> Iterator[tuple[int, list[Any], list[Any]]]:
        current: int | None = None
        found: list[Any] = []
        pieces: list[str] = []
        kwargs = {"nlp": nlp} if nlp is not None else {}
        for doc, claims in module.extract_documents(documents(), **kwargs):
            article_id = int(doc.extra[ARTICLE_KEY])
            if current is not None and article_id != current:
                yield finish(current, pieces, found)
                found, pieces = [], []
            current = article_id
            found.extend(claims)
            pieces.append(doc.text)
        if current is not None:
            yield finish(current, pieces, found)

    total = store_claims_many(db, batches(), over_cap=cap.over)
    return ExtractSummary(articles=counts["articles"], claims=total, possible_claims=counts["possible"],
                          claims_over_cap=sum(cap.over.values()), articles_over_cap=len(cap.over))
