"""After the crawl: claim extraction for every stored article not yet through it."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlite_utils import Database

from db.store import articles_without_claims, store_claims_many
from records.article import Article
from records.claim import Document
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


@dataclass(frozen=True, slots=True)
class Extractor:
    """The extract package's public API, loaded once: the pipeline and the helpers the
    article loop needs (how long texts are cut, and the possible-claims detector)."""

    module: ModuleType
    nlp: Any
    settings: Settings
    split: Any = None
    offset_key: str = "offset"
    find_possible: Any = None


def load_extractor(settings: Settings) -> Extractor | str:
    """The extractor for ``settings``, or the reason it cannot be used (logged as a warning)."""
    module = _extract_module()
    if isinstance(module, str):
        log.warning("claim extraction skipped: %s", module)
        return module
    try:
        nlp = module.build_pipeline(settings) if hasattr(module, "build_pipeline") else None
    except (RuntimeError, OSError, ValueError) as exc:  # e.g. settings.spacy_model not installed
        log.warning("claim extraction skipped: %s", exc)
        return str(exc)
    return Extractor(module=module, nlp=nlp, settings=settings,
                     split=getattr(importlib.import_module("extract.chunking"), "split_text", None),
                     offset_key=getattr(importlib.import_module("extract.pipeline"), "OFFSET_KEY", "offset"),
                     find_possible=getattr(module, "possible_claims_for", None))


def extract_articles(extractor: Extractor, articles: Iterable[tuple[int, Article]],
                     cap: ClaimCap) -> Iterator[tuple[int, list[Any], list[Any]]]:
    """``(key, claims, possible claims)`` for each ``(key, article)``, in order, lazily.

    Long texts are cut into pieces (claim offsets stay offsets into the article text); at most
    ``cap.limit`` claims are kept per article (``cap`` counts the rest). Used by
    ``extract_new_articles`` and by the backfill tasks (backfill/task.py), so both find the
    same claims in the same text.
    """
    settings, nlp, split = extractor.settings, extractor.nlp, extractor.split

    def documents() -> Iterator[Document]:
        for key, article in articles:
            pieces = split(article.text) if split is not None else [(0, article.text)]
            for offset, piece in pieces:
                yield Document(text=piece, id=str(key), city=article.city, state=article.state,
                               published=article.published,
                               extra={ARTICLE_KEY: key, extractor.offset_key: offset})

    def finish(key: int, pieces: list[str], found: list[Any]) -> tuple[int, list[Any], list[Any]]:
        possible: list[Any] = []
        if extractor.find_possible is not None:
            # all claims, so a sentence whose claim is over the cap is not offered as a possible claim
            possible = extractor.find_possible("".join(pieces), found, settings=settings, nlp=nlp,
                                               doc_id=str(key))
        return key, cap.apply(key, found), possible

    current: int | None = None
    found: list[Any] = []
    pieces: list[str] = []
    kwargs = {"nlp": nlp} if nlp is not None else {}
    for doc, claims in extractor.module.extract_documents(documents(), **kwargs):
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

    def batches() -> Iterator[tuple[int, list[Any], list[Any]]]:
        for article_id, claims, possible in extract_articles(extractor, articles(), cap):
            counts["possible"] += len(possible)
            yield article_id, claims, possible

    total = store_claims_many(db, batches(), over_cap=cap.over)
    return ExtractSummary(articles=counts["articles"], claims=total, possible_claims=counts["possible"],
                          claims_over_cap=sum(cap.over.values()), articles_over_cap=len(cap.over))
