"""Crawl state: the URL frontier and the fetch log with the archived raw bytes (gzip).

Besides adding, skipping and counting URLs and recording fetches, the crawl reads:

* ``frontier_due``: due frontier URLs of some sources, read with a rowid cursor, so one crawl
  run walks the frontier once (URLs that fail and are rescheduled are not retried in a loop).
* ``fetched_unparsed``: pages fetched and archived whose article was never stored (a crash
  between the two): the crawl re-parses them from the archive instead of fetching again.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from db.connection import write_transaction
from db.errors import NotFound
from db.rows import now_iso
from records.article import Page

MAX_ATTEMPTS = 5  # failed fetches retried this many times, with backoff, before giving up
RETRY_BASE_MINUTES = 10  # first retry after 10 minutes, then 20, 40, ...


def frontier_add(db: Database, urls: Iterable[str], source_name: str) -> int:
    """Queue URLs for fetching (already known URLs are left as they are); return how many are new."""
    rows = [(url, source_name, now_iso()) for url in dict.fromkeys(urls)]
    with write_transaction(db):
        cursor = db.conn.executemany(
            "INSERT OR IGNORE INTO frontier (url, source_name, discovered_at) VALUES (?, ?, ?)", rows)
    return max(cursor.rowcount, 0)


def frontier_next(db: Database, limit: int) -> list[str]:
    """Up to ``limit`` URLs due for fetching: pending ones, and failed ones whose retry time came."""
    now = now_iso()
    return [r[0] for r in db.execute(
        "SELECT url FROM frontier WHERE (state = 'pending' OR (state = 'failed' AND attempts < ?)) "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
        "ORDER BY attempts, discovered_at, url LIMIT ?", [MAX_ATTEMPTS, now, limit])]


def frontier_skip(db: Database, url: str, reason: str) -> None:
    """Mark a URL as not to be fetched (robots.txt, off-site, not an article), with the reason."""
    with write_transaction(db):
        db.execute("UPDATE frontier SET state = 'skipped', last_error = ? WHERE url = ?", [reason, url])


def frontier_counts(db: Database) -> dict[str, int]:
    """How many frontier URLs are in each state."""
    return {r[0]: r[1] for r in db.execute("SELECT state, count(*) FROM frontier GROUP BY state")}


def record_fetch(db: Database, page: Page | None, url: str, source_name: str,
                 error: str | None) -> int:
    """Log one fetch of ``url``; return the page id.

    With a page: its bytes are archived gzip-compressed, validators kept for conditional GET and
    the frontier entry marked fetched (a 304 keeps the archived body). Without one (or with an
    error): the error is logged and the URL retried later with backoff, up to 5 attempts.
    """
    now = now_iso()
    with write_transaction(db):
        if page is not None and error is None:
            keep_old_body = page.status == 304 and not page.body
            db.execute(
                "INSERT INTO pages (url, final_url, status, fetched_at, content_type, etag, "
                "last_modified, sha256, body_gz, error, source_name) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (url) DO UPDATE SET "
                "final_url = excluded.final_url, status = excluded.status, "
                "fetched_at = excluded.fetched_at, "
                "content_type = coalesce(excluded.content_type, content_type), "
                "etag = coalesce(excluded.etag, etag), "
                "last_modified = coalesce(excluded.last_modified, last_modified), "
                "sha256 = CASE WHEN ? THEN sha256 ELSE excluded.sha256 END, "
                "body_gz = CASE WHEN ? THEN body_gz ELSE excluded.body_gz END, error = NULL, "
                "source_name = excluded.source_name",
                [url, page.final_url, page.status, page.fetched_at, page.content_type, page.etag,
                 page.last_modified, page.sha256, gzip.compress(page.body, compresslevel=6),
                 source_name, keep_old_body, keep_old_body])
            db.execute(
                "INSERT INTO frontier (url, source_name, discovered_at, state, attempts) "
                "VALUES (?, ?, ?, 'fetched', 1) ON CONFLICT (url) DO UPDATE SET state = 'fetched', "
                "attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL",
                [url, source_name, now])
        else:
            message = error or "no page returned"
            status = page.status if page is not None else None
            db.execute(
                "INSERT INTO pages (url, status, fetched_at, error, source_name) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "status = coalesce(excluded.status, status), fetched_at = excluded.fetched_at, "
                "error = excluded.error", [url, status, now, message, source_name])
            attempts_row = db.execute("SELECT attempts FROM frontier WHERE url = ?", [url]).fetchone()
            attempts = (attempts_row[0] if attempts_row else 0) + 1
            retry_at = (datetime.now(UTC) + timedelta(minutes=RETRY_BASE_MINUTES * 2 ** (attempts - 1)))
            db.execute(
                "INSERT INTO frontier (url, source_name, discovered_at, state, attempts, last_error, "
                "next_attempt_at) VALUES (?, ?, ?, 'failed', ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "state = 'failed', attempts = excluded.attempts, last_error = excluded.last_error, "
                "next_attempt_at = excluded.next_attempt_at",
                [url, source_name, now, attempts, message, retry_at.strftime("%Y-%m-%dT%H:%M:%SZ")])
        row = db.execute("SELECT id FROM pages WHERE url = ?", [url]).fetchone()
    return int(row[0])


def page_validators(db: Database, url: str) -> tuple[str | None, str | None] | None:
    """``(etag, last_modified)`` of the last successful fetch of ``url``, or None if never fetched."""
    row = db.execute("SELECT etag, last_modified FROM pages WHERE url = ? AND body_gz IS NOT NULL",
                     [url]).fetchone()
    return (row[0], row[1]) if row else None


def get_page_body(db: Database, url_or_page_id: str | int) -> bytes:
    """The archived raw bytes of a page, as fetched; raises ``NotFound``."""
    column = "id" if isinstance(url_or_page_id, int) else "url"
    row = db.execute(f"SELECT body_gz FROM pages WHERE {column} = ?", [url_or_page_id]).fetchone()
    if row is None or row[0] is None:
        raise NotFound(f"No archived copy of {url_or_page_id}; it was never fetched successfully.")
    return gzip.decompress(row[0])


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
