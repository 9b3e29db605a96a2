"""Crawl-state queries the scraper needs beyond db/crawl.py, and wire-copy linking.

* ``frontier_due``: due frontier URLs of some sources, read with a rowid cursor, so one crawl
  run walks the frontier once (URLs that fail and are rescheduled are not retried in a loop).
* ``fetched_unparsed``: pages fetched and archived whose article was never stored (a crash
  between the two): the crawl re-parses them from the archive instead of fetching again.
* ``link_near_duplicate``: marks an article as a wire copy (``duplicate_of``) of an earlier one
  when their word 5-gram sets have Jaccard similarity >= 0.8, whatever their titles. Candidates
  come from a MinHash LSH index (table ``article_lsh``), so this stays fast with many articles.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np
from sqlite_utils import Database

from db.connection import write_transaction
from db.crawl import MAX_ATTEMPTS
from db.rows import now_iso

NEAR_DUPLICATE = 0.8
MAX_CANDIDATES = 10
SHINGLE = 5
BANDS, ROWS = 16, 4  # P(candidate) = 1-(1-s^4)^16: 0.9998 at s=0.8, 0.64 at s=0.5 (then verified)
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261122)
_A = _rng.integers(1, 1 << 31, BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def frontier_due(db: Database, source_name: str, after_rowid: int, limit: int) -> list[tuple[int, str]]:
    """``(rowid, url)`` of one source's due URLs after ``after_rowid``, in discovery order.

    Due: pending, or failed fewer than MAX_ATTEMPTS times with its retry time come. Read per
    source (an index on source, state) so a crawl can interleave hosts however large the
    frontier is.
    """
    pending = db.execute(
        "SELECT rowid, url FROM frontier WHERE source_name = ? AND state = 'pending' "
        "AND next_attempt_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ?",
        [source_name, after_rowid, limit]).fetchall()
    retry = db.execute(
        "SELECT rowid, url FROM frontier WHERE source_name = ? AND ((state = 'failed' AND attempts < ?) "
        "OR state = 'pending') AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? AND rowid > ? "
        "ORDER BY rowid LIMIT ?", [source_name, MAX_ATTEMPTS, now_iso(), after_rowid, limit]).fetchall()
    rows = sorted({(int(r[0]), str(r[1])) for r in [*pending, *retry]})
    return rows[:limit]


def fetched_unparsed(db: Database, source_names: Sequence[str] | None) -> list[tuple[str, str]]:
    """``(url, source_name)`` of frontier URLs fetched and archived but with no stored article."""
    sql = ("SELECT f.url, f.source_name FROM frontier f JOIN pages p ON p.url = f.url "
           "WHERE f.state = 'fetched' AND p.body_gz IS NOT NULL "
           "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.page_id = p.id OR a.url = f.url)")
    params: list[object] = []
    if source_names is not None:
        sql += f" AND f.source_name IN ({', '.join('?' * len(source_names))})"
        params.extend(source_names)
    return [(str(r[0]), str(r[1])) for r in db.execute(sql + " ORDER BY f.rowid", params)]


def _shingle_hashes(text: str) -> np.ndarray:
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


def _bands(hashes: np.ndarray) -> list[int]:
    if hashes.size == 0:
        return []
    sig = ((hashes[None, :] * _A[:, None] + _B[:, None]) % _PRIME).min(axis=1)
    return [zlib.crc32(sig[i * ROWS:(i + 1) * ROWS].tobytes()) for i in range(BANDS)]


def _body(text: str, title: str | None) -> str:
    """The text without headline lines: outlets retitle wire stories, the body stays."""
    if not title:
        return text
    head = " ".join(title.split()).lower()
    return "\n".join(line for line in text.splitlines() if " ".join(line.split()).lower() != head)


def _verified_original(db: Database, article_id: int, bands: list[int], mine: set[int]) -> int | None:
    """The earliest candidate sharing LSH bands whose exact Jaccard is >= NEAR_DUPLICATE.

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
        theirs = set(_shingle_hashes(_body(found[0], found[2])).tolist())
        if len(mine & theirs) / len(mine | theirs) >= NEAR_DUPLICATE:
            return cand
    return None


def near_duplicate_signature(text: str, title: str | None = None) -> tuple[list[int], frozenset[int]]:
    """LSH band keys and shingle hashes of an article: pure, so it can run in a worker process."""
    hashes = _shingle_hashes(_body(text, title))
    return _bands(hashes), frozenset(hashes.tolist())


def link_near_duplicate(db: Database, article_id: int, text: str, title: str | None = None, *,
                        signature: tuple[list[int], frozenset[int]] | None = None) -> int | None:
    """Index ``article_id`` for near-duplicate search; set and return its ``duplicate_of``.

    Only earlier articles that are not themselves copies are candidates; an article already
    marked (by store_article's same-title rule) keeps its mark. Lines equal to the title are
    left out of the comparison. ``signature`` (from near_duplicate_signature) saves recomputing.
    """
    bands, mine_frozen = signature if signature is not None else near_duplicate_signature(text, title)
    if not bands:
        return None
    mine = set(mine_frozen)
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
