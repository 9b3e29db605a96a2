"""The store's side of `claims import-backfill`: archived pages written once, and which
backfill partitions are merged (so an import resumes where it stopped)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable

from sqlite_utils import Database

from db.connection import write_transaction
from db.rows import now_iso
from records.article import Page


def archive_page_once(db: Database, page: Page, source_name: str) -> int:
    """Archive a page fetched elsewhere (a WARC record) unless its URL is archived already;
    return the page id. Unlike ``record_fetch`` it never replaces a crawled copy or touches
    the crawl frontier."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO pages (url, final_url, status, fetched_at, content_type, sha256, body_gz, source_name) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
            [page.url, page.final_url, page.status, page.fetched_at, page.content_type, page.sha256,
             gzip.compress(page.body, compresslevel=6) if page.body else None, source_name])
        return int(db.execute("SELECT id FROM pages WHERE url = ?", [page.url]).fetchone()[0])


def unextracted(db: Database, article_ids: Iterable[int]) -> set[int]:
    """Those of ``article_ids`` not yet through claim extraction."""
    wanted = json.dumps(sorted(set(article_ids)), allow_nan=False)
    return {int(r[0]) for r in db.execute(
        "SELECT id FROM articles WHERE extracted_at IS NULL AND id IN (SELECT value FROM json_each(?))",
        [wanted])}


def imported_partitions(db: Database) -> set[str]:
    """Keys of the backfill partitions already merged into the store."""
    return {str(r[0]) for r in db.execute("SELECT partition FROM backfill_imports")}


def mark_partition_imported(db: Database, partition: str, block_id: str, out_dir: str, *, articles: int,
                            claims: int, possible_claims: int) -> None:
    """Record that a partition is merged (after its articles and claims are stored)."""
    with write_transaction(db):
        db.execute("INSERT INTO backfill_imports (partition, block_id, out_dir, articles, claims, "
                   "possible_claims, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition) DO NOTHING",
                   [partition, block_id, out_dir, articles, claims, possible_claims, now_iso()])
