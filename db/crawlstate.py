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
SHINGLE = 5
BANDS, ROWS = 16, 4  # P(candidate) = 1-(1-s^4)^16: 0.9998 at s=0.8, 0.64 at s=0.5 (then verified)
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261122)
_A = _rng.integers(1, 1 << 31, BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def frontier_due(db: Database, source_names: Sequence[str] | None, after_rowid: int,
                 limit: int) -> list[tuple[int, str, str]]:
    """``(rowid, url, source_name)`` of due URLs after ``after_rowid``, in discovery order."""
    sql = ("SELECT rowid, url, source_name FROM frontier WHERE rowid > ? AND "
           "(state = 'pending' OR (state = 'failed' AND attempts < ? AND "
           "(next_attempt_at IS NULL OR next_attempt_at <= ?)))")
    params: list[object] = [after_rowid, MAX_ATTEMPTS, now_iso()]
    if source_names is not None:
        sql += f" AND source_name IN ({', '.join('?' * len(source_names))})"
        params.extend(source_names)
    sql += " ORDER BY rowid LIMIT ?"
    params.append(limit)
    return [(int(r[0]), str(r[1]), str(r[2])) for r in db.execute(sql, params)]


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


def _ensure_lsh(db: Database) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS article_lsh (band INTEGER NOT NULL, hash INTEGER NOT NULL, "
               "article_id INTEGER NOT NULL REFERENCES articles(id), PRIMARY KEY (band, hash, article_id))"
               " WITHOUT ROWID")


def _body(text: str, title: str | None) -> str:
    """The text without headline lines: outlets retitle wire stories, the body stays."""
    if not title:
        return text
    head = " ".join(title.split()).lower()
    return "\n".join(line for line in text.splitlines() if " ".join(line.split()).lower() != head)


def link_near_duplicate(db: Database, article_id: int, text: str, title: str | None = None) -> int | None:
    """Index ``article_id`` for near-duplicate search; set and return its ``duplicate_of``.

    Only earlier articles that are not themselves copies are candidates; an article already
    marked (by store_article's same-title rule) keeps its mark. Lines equal to the title are
    left out of the comparison.
    """
    hashes = _shingle_hashes(_body(text, title))
    bands = _bands(hashes)
    if not bands:
        return None
    mine = set(hashes.tolist())
    with write_transaction(db):
        _ensure_lsh(db)
        row = db.execute("SELECT duplicate_of FROM articles WHERE id = ?", [article_id]).fetchone()
        original: int | None = row[0] if row else None
        if original is None:
            candidates = sorted({int(r[0]) for b, h in enumerate(bands) for r in db.execute(
                "SELECT article_id FROM article_lsh WHERE band = ? AND hash = ? AND article_id < ?",
                [b, h, article_id])})
            for cand in candidates:
                found = db.execute("SELECT text, duplicate_of, title FROM articles WHERE id = ?",
                                   [cand]).fetchone()
                if found is None or found[1] is not None:
                    continue
                theirs = set(_shingle_hashes(_body(found[0], found[2])).tolist())
                if len(mine & theirs) / len(mine | theirs) >= NEAR_DUPLICATE:
                    original = cand
                    db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [cand, article_id])
                    break
        db.conn.executemany("INSERT OR IGNORE INTO article_lsh (band, hash, article_id) VALUES (?, ?, ?)",
                            [(b, h, article_id) for b, h in enumerate(bands)])
    return original
