"""Sources, articles and claims: idempotent writes and the reads the pipeline needs."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.errors import NotFound
from db.possible import insert_possible_claims
from db.rows import CLAIM_COLUMNS, article_from_row, claim_row, now_iso
from dedup import content_hash
from records.article import Article, Source
from records.claim import Claim
from records.possible import PossibleClaim

log = logging.getLogger(__name__)
#: One article's extraction: its id, its claims and, optionally, its possible claims.
Extraction = tuple[int, Sequence[Claim]] | tuple[int, Sequence[Claim], Sequence["PossibleClaim"]]


_INSERT_CLAIM = (
    "INSERT INTO claims ({cols}) VALUES ({marks}) "
    'ON CONFLICT (article_id, start, "end", kind) DO NOTHING'
).format(cols=", ".join(f'"{c}"' for c in CLAIM_COLUMNS), marks=", ".join("?" * len(CLAIM_COLUMNS)))


def upsert_source(db: Database, source: Source) -> None:
    """Insert or update a news source (its reach weights the review queue)."""
    config = {k: v for k, v in asdict(source).items()
              if k not in {"name", "city", "state", "kind", "homepage", "reach"}}
    with write_transaction(db):
        db.execute(
            "INSERT INTO sources (name, city, state, kind, homepage, reach, config_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET city = excluded.city, "
            "state = excluded.state, kind = excluded.kind, homepage = excluded.homepage, "
            "reach = excluded.reach, config_json = excluded.config_json",
            [source.name, source.city, source.state, source.kind, source.homepage,
             source.reach, json.dumps(config, default=list, allow_nan=False)])


def store_article(db: Database, article: Article) -> tuple[int, bool]:
    """Store an article once; return ``(article_id, created)``.

    The same URL, or the same words (``dedup.content_hash`` of the text, computed here whatever
    the article carries), returns the stored id with ``created=False``. Wire copies (near, not
    exact, duplicates) are linked afterwards by ``link_near_duplicate``, which indexes the article.
    """
    content_sha = content_hash(article.text)
    page_id = article.extra.get("page_id") if isinstance(article.extra.get("page_id"), int) else None
    with write_transaction(db):
        row = db.execute("SELECT id FROM articles WHERE url = ? OR content_sha256 = ? LIMIT 1",
                         [article.url, content_sha]).fetchone()
        if row:
            return int(row[0]), False
        if page_id is None:
            found = db.execute("SELECT id FROM pages WHERE url = ? OR final_url = ? LIMIT 1",
                               [article.url, article.url]).fetchone()
            page_id = int(found[0]) if found else None
        cursor = db.execute(
            "INSERT INTO articles (url, canonical_url, title, text, published, author, outlet, "
            "city, state, source_kind, content_sha256, raw_sha256, pdf_links, "
            "page_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article.url, article.canonical_url, article.title, article.text, article.published,
             article.author, article.outlet, article.city, article.state, article.source_kind,
             content_sha, article.raw_sha256, json.dumps(list(article.pdf_links), allow_nan=False),
             page_id, now_iso()])
        article_id = int(cursor.lastrowid or 0)
    return article_id, True


def get_article(db: Database, article_id: int) -> Article:
    """The stored article (``extra`` holds article_id, duplicate_of, page_id, ingested_at)."""
    rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise NotFound(f"No article with id {article_id}. `claims search` lists stored claims "
                       "with their article URLs.")
    return article_from_row(rows[0])


def _article_context(db: Database, article_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT published, outlet, city, state FROM articles WHERE id = ?",
                         [article_id]))
    if not rows:
        raise NotFound(f"No article with id {article_id}; store the article with "
                       "store_article() before its claims.")
    return rows[0]


def _insert_claims(db: Database, article_id: int, claims: Sequence[Claim], stamp: str,
                   possible: Sequence[PossibleClaim] = ()) -> list[int]:
    context = _article_context(db, article_id)
    db.conn.executemany(_INSERT_CLAIM, [claim_row(article_id, c, context, stamp) for c in claims])
    if possible:
        insert_possible_claims(db, [(article_id, possible, context)], stamp)
    db.execute("UPDATE articles SET extracted_at = ? WHERE id = ?", [stamp, article_id])
    if not claims:
        return []
    ids = {(s, e, k): i for i, s, e, k in db.execute(
        'SELECT id, start, "end", kind FROM claims WHERE article_id = ?', [article_id])}
    return [ids[(c.start, c.end, c.kind)] for c in claims]


def store_claims(db: Database, article_id: int, claims: Sequence[Claim],
                 possible: Sequence[PossibleClaim] = ()) -> list[int]:
    """Store an article's claims (idempotent on article, start, end, kind); return their ids.

    Ids come back in the order of ``claims``, existing or new. Marks the article as extracted even
    when ``claims`` is empty, so ``articles_without_claims`` does not offer it again. ``possible``
    claims (extract/possible.py) are stored in the same transaction, idempotent on article and
    sentence offsets.
    """
    claims = list(claims)
    with write_transaction(db):
        return _insert_claims(db, article_id, claims, now_iso(), list(possible))


def _insert_batch(db: Database, pending: list[tuple[int, list[Claim], list[PossibleClaim]]], stamp: str,
                  over_cap: Mapping[int, int]) -> None:
    """Many articles' claims in the open transaction: one context read, one executemany."""
    wanted = json.dumps([article_id for article_id, _, _ in pending], allow_nan=False)
    contexts = {r["id"]: r for r in db.query(
        "SELECT id, published, outlet, city, state FROM articles "
        "WHERE id IN (SELECT value FROM json_each(?))", [wanted])}
    missing = [article_id for article_id, _, _ in pending if article_id not in contexts]
    if missing:
        raise NotFound(f"No article with id {missing[0]}; store the article with "
                       "store_article() before its claims.")
    db.conn.executemany(_INSERT_CLAIM, [claim_row(article_id, c, contexts[article_id], stamp)
                                        for article_id, claims, _ in pending for c in claims])
    insert_possible_claims(db, [(article_id, possible, contexts[article_id])
                                for article_id, _, possible in pending if possible], stamp)
    db.execute("UPDATE articles SET extracted_at = ? WHERE id IN (SELECT value FROM json_each(?))",
               [stamp, wanted])
    over = [(over_cap[article_id], article_id) for article_id, _, _ in pending if over_cap.get(article_id)]
    if over:
        db.conn.executemany("UPDATE articles SET claims_over_cap = ? WHERE id = ?", over)


def store_claims_many(db: Database, batches: Iterable[Extraction], *, batch_articles: int = 500,
                      over_cap: Mapping[int, int] | None = None) -> int:
    """Bulk path: claims of many articles, one transaction (one executemany) per
    ``batch_articles`` articles. Returns the number of claims handed in. A batch item may carry
    the article's possible claims third; they are stored in the same transaction.

    ``over_cap`` maps an article id to the claims found beyond the per-article cap and not
    handed in; it is read when that article's batch is written (so a lazy producer may fill it
    as it goes) and stored in the same transaction as ``articles.claims_over_cap``.

    A crash loses at most the open batch, never part of one; re-running stores nothing twice.
    Use ``store_claims`` when you need the claim ids back.
    """
    over_cap = {} if over_cap is None else over_cap
    total = 0
    pending: list[tuple[int, list[Claim], list[PossibleClaim]]] = []

    def flush() -> None:
        with write_transaction(db):
            _insert_batch(db, pending, now_iso(), over_cap)
        pending.clear()

    for item in batches:
        article_id, claims = item[0], item[1]
        possible = list(item[2]) if len(item) > 2 else []  # type: ignore[misc]
        pending.append((article_id, list(claims), possible))
        total += len(pending[-1][1])
        if len(pending) >= batch_articles:
            flush()
    if pending:
        flush()
    return total


def articles_without_claims(db: Database) -> Iterator[tuple[int, Article]]:
    """Articles not yet through extraction (``store_claims`` not called for them), oldest first.

    Wire copies are included, so the same claim can be found across outlets.
    """
    last = 0
    while True:
        rows = list(db.query(
            "SELECT * FROM articles WHERE extracted_at IS NULL AND id > ? ORDER BY id LIMIT 200", [last]))
        if not rows:
            return
        for row in rows:
            last = row["id"]
            yield row["id"], article_from_row(row)
