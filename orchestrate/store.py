"""The sink that stores what the crawl and the ingest parse: the article, then its wire-copy link."""

from __future__ import annotations

from sqlite_utils import Database

from db.store import store_article
from db.wire_copies import link_near_duplicate
from dedup import Signature
from records.article import Article
from scraper.sink import Stored


class StoreSink:
    """An ``ArticleSink`` over ``db``: store the article once (``db.store.store_article``) and,
    when it is new, index it and link it to the article it is a wire copy of, if any."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __call__(self, article: Article, signature: Signature | None = None) -> Stored:
        article_id, created = store_article(self.db, article)
        if not created:
            return Stored(article_id, created=False)
        duplicate_of = link_near_duplicate(self.db, article_id, article.text, article.title,
                                           signature=signature)
        return Stored(article_id, created=True, duplicate_of=duplicate_of)
