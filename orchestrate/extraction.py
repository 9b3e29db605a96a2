"""Claim extraction for every stored article not yet through it: the store and the extractor,
wired together. orchestrate.crawl and orchestrate.ingest run it once the articles are stored; the
backfill tasks use ``extract_articles`` on articles they hold in memory."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from sqlite_utils import Database

from db.store import articles_without_claims, store_claims_many
from extract.chunking import split_text
from extract.headline import headline_from_url
from extract.pipeline import OFFSET_KEY, build_pipeline, extract_documents
from extract.possible import possible_claims_for
from records.article import Article
from records.claim import Claim, Document
from records.extraction import ExtractSummary
from records.possible import PossibleClaim
from settings import Settings

log = logging.getLogger(__name__)
ARTICLE_KEY = "article_id"


class ClaimCap:
    """Keeps the first ``limit`` claims of an article (text order) and counts the rest, per
    article, for the store (``articles.claims_over_cap``), the summary and the log."""

    def __init__(self, limit: int) -> None:
        self.limit = max(0, limit)
        self.over: dict[int, int] = {}  # article id -> claims left out

    def apply(self, article_id: int, found: list[Claim]) -> list[Claim]:
        if len(found) <= self.limit:
            return found
        extra = len(found) - self.limit
        self.over[article_id] = extra
        log.warning("article %d: %d claims found, %d stored (max_claims_per_article); %d left out",
                    article_id, len(found), self.limit, extra)
        return found[:self.limit]


@dataclass(frozen=True, slots=True)
class Extractor:
    """The extraction pipeline for ``settings``, built once (spaCy's ``Language``)."""

    nlp: Language
    settings: Settings


def load_extractor(settings: Settings) -> Extractor | str:
    """The extractor for ``settings``, or the reason it cannot be built (logged as a warning):
    for example ``settings.spacy_model`` names a model that is not installed."""
    try:
        nlp = build_pipeline(settings)
    except (RuntimeError, OSError, ValueError) as exc:
        log.warning("claim extraction skipped: %s", exc)
        return str(exc)
    return Extractor(nlp=nlp, settings=settings)


def extract_articles(extractor: Extractor, articles: Iterable[tuple[int, Article]],
                     cap: ClaimCap) -> Iterator[tuple[int, list[Claim], list[PossibleClaim]]]:
    """``(key, claims, possible claims)`` for each ``(key, article)``, in order, lazily.

    Long texts are cut into pieces (claim offsets stay offsets into the article text); at most
    ``cap.limit`` claims are kept per article (``cap`` counts the rest). Used by
    ``extract_new_articles`` and by the backfill tasks (backfill/task.py), so both find the
    same claims in the same text.
    """
    settings, nlp = extractor.settings, extractor.nlp

    def documents() -> Iterator[Document]:
        for key, article in articles:
            for offset, piece in split_text(article.text):
                yield Document(text=piece, id=str(key), city=article.city, state=article.state,
                               published=article.published, extra={ARTICLE_KEY: key, OFFSET_KEY: offset},
                               headline=article.title or headline_from_url(article.url))

    def finish(key: int, pieces: list[str], found: list[Claim]) -> tuple[int, list[Claim], list[PossibleClaim]]:
        # all claims, so a sentence whose claim is over the cap is not offered as a possible claim
        possible = possible_claims_for("".join(pieces), found, settings=settings, nlp=nlp, doc_id=str(key))
        return key, cap.apply(key, found), possible

    current: int | None = None
    found: list[Claim] = []
    pieces: list[str] = []
    for doc, claims in extract_documents(documents(), nlp=nlp):
        key = int(doc.extra[ARTICLE_KEY])
        if current is not None and key != current:
            yield finish(current, pieces, found)
            found, pieces = [], []
        current = key
        found.extend(claims)
        pieces.append(doc.text)
    if current is not None:
        yield finish(current, pieces, found)


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
    extractor = load_extractor(settings)
    if isinstance(extractor, str):
        return ExtractSummary(unavailable=extractor)
    counts = {"articles": 0, "possible": 0}
    cap = ClaimCap(settings.max_claims_per_article)

    def articles() -> Iterator[tuple[int, Article]]:
        for article_id, article in articles_without_claims(db):
            counts["articles"] += 1
            yield article_id, article

    def batches() -> Iterator[tuple[int, list[Claim], list[PossibleClaim]]]:
        for article_id, claims, possible in extract_articles(extractor, articles(), cap):
            counts["possible"] += len(possible)
            yield article_id, claims, possible

    total = store_claims_many(db, batches(), over_cap=cap.over)
    return ExtractSummary(articles=counts["articles"], claims=total, possible_claims=counts["possible"],
                          claims_over_cap=sum(cap.over.values()), articles_over_cap=len(cap.over))
