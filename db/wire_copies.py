"""Wire copies: linking a stored article to the earlier article it is a near copy of.

``link_near_duplicate`` marks an article as a wire copy (``duplicate_of``) of an earlier one
when ``dedup.similarity`` of their bodies is >= ``dedup.NEAR_DUPLICATE``, whatever their
titles. Candidates come from a MinHash LSH index of ``dedup.signature`` (table
``article_lsh``), so this stays fast with many articles.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.connection import write_transaction
from dedup import BANDS, NEAR_DUPLICATE, Signature, body, shingles, similarity
from dedup import signature as dedup_signature

MAX_CANDIDATES = 10


def _verified_original(db: Database, article_id: int, bands: list[int], mine: frozenset[int]) -> int | None:
    """The earliest candidate sharing LSH bands whose ``similarity`` is >= NEAR_DUPLICATE.

    Only the MAX_CANDIDATES candidates sharing the most bands are checked, so templated pages
    that all look alike cannot make this quadratic.
    """
    votes: dict[int, int] = {}
    pairs = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
    params: list[int] = [x for b, h in enumerate(bands) for x in (b, h)]
    for (cand,) in db.execute(f"SELECT article_id FROM article_lsh WHERE ({pairs}) AND article_id < ? "
                              f"LIMIT {BANDS * 200}", [*params, article_id]):
        votes[int(cand)] = votes.get(int(cand), 0) + 1
    best = sorted(votes, key=lambda c: (-votes[c], c))[:MAX_CANDIDATES]
    for cand in sorted(best):
        found = db.execute("SELECT text, duplicate_of, title FROM articles WHERE id = ?", [cand]).fetchone()
        if found is None or found[1] is not None:
            continue
        if similarity(mine, shingles(body(found[0], found[2]))) >= NEAR_DUPLICATE:
            return cand
    return None


def link_near_duplicate(db: Database, article_id: int, text: str, title: str | None = None, *,
                        signature: Signature | None = None) -> int | None:
    """Index ``article_id`` for near-duplicate search; set and return its ``duplicate_of``.

    Only earlier articles that are not themselves copies are candidates; an article already
    marked keeps its mark. Lines equal to the title are
    left out of the comparison. ``signature`` (``dedup.signature``, perhaps from a parse worker)
    saves recomputing it.
    """
    bands, mine = signature if signature is not None else dedup_signature(text, title)
    if not bands:
        return None
    with write_transaction(db):
        row = db.execute("SELECT duplicate_of FROM articles WHERE id = ?", [article_id]).fetchone()
        original: int | None = row[0] if row else None
        if original is None:
            original = _verified_original(db, article_id, bands, mine)
            if original is not None:
                db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [original, article_id])
        db.conn.executemany("INSERT OR IGNORE INTO article_lsh (band, hash, article_id) VALUES (?, ?, ?)",
                            [(b, h, article_id) for b, h in enumerate(bands)])
    return original
