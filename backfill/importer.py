"""`claims import-backfill`: merge a backfill's Parquet partitions into the SQLite store.

One process writes, one block at a time, with the writes `claims ingest` uses: the article
(``store_article``: the same URL or text is stored once, a wire copy is linked), its page
archived under source ``backfill`` with the WARC record's URL and date, then its claims and
possible claims (``store_claims_many``) for articles not through extraction yet. When a block is
in, it is recorded in ``backfill_imports``; a killed import redoes at most that block, whose
writes are idempotent, and rerunning a finished import adds nothing.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from backfill.errors import PartitionError
from backfill.partitions import claim_from_row, done_results, possible_from_row, read_manifest, read_rows
from backfill.records import BlockResult
from backfill.task import BACKFILL_SOURCE
from db.backfill import archive_page_once, imported_partitions, mark_partition_imported, unextracted
from db.rows import now_iso
from db.store import store_article, store_claims_many
from db.wire_copies import link_near_duplicate
from records.article import Article, Page

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: blocks merged now and before, and what they added to the store."""

    blocks: int
    blocks_imported: int
    blocks_already: int
    articles_new: int = 0
    articles_known: int = 0
    wire_copies: int = 0
    claims: int = 0
    possible_claims: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _partition_key(r: BlockResult) -> str:
    return f"{r.block_id}:{r.start}-{r.end}"


def _article(row: dict[str, Any], page_id: int) -> Article:
    return Article(url=row["url"], text=row["text"], title=row["title"], published=row["published"],
                   author=row["author"], canonical_url=row["canonical_url"], outlet=row["outlet"],
                   city=row["city"], state=row["state"], source_kind=row["source_kind"],
                   content_sha256=row["content_sha256"], raw_sha256=row["raw_sha256"],
                   pdf_links=tuple(row["pdf_links"] or ()), extra={"page_id": page_id})


class _Counts:
    def __init__(self) -> None:
        self.new = self.known = self.wire = self.claims = self.possible = 0


def _import_block(db: Database, out: Path, result: BlockResult, counts: _Counts) -> tuple[int, int, int]:
    bid = result.block_id
    ids: dict[int, int] = {}
    over_cap: dict[int, int] = {}
    for row in read_rows(out, "articles", bid):
        html: bytes | None = row["html"]
        page = Page(url=row["url"], final_url=row["url"], status=200, fetched_at=row["warc_date"] or now_iso(),
                    content_type="text/html", body=html or b"", sha256=row["raw_sha256"] or "")
        page_id = archive_page_once(db, page, BACKFILL_SOURCE)
        article = _article(row, page_id)
        article_id, created = store_article(db, article)
        ids[row["record_offset"]] = article_id
        if row["claims_over_cap"]:
            over_cap[article_id] = row["claims_over_cap"]
        if created:
            counts.new += 1
            if link_near_duplicate(db, article_id, article.text, article.title) is not None:
                counts.wire += 1
        else:
            counts.known += 1
    claims: dict[int, list[Any]] = defaultdict(list)
    for row in read_rows(out, "claims", bid):
        claims[ids[row["record_offset"]]].append(claim_from_row(row))
    possible: dict[int, list[Any]] = defaultdict(list)
    for row in read_rows(out, "possible", bid):
        possible[ids[row["record_offset"]]].append(possible_from_row(row))
    todo = unextracted(db, ids.values())
    batch = [(aid, claims.get(aid, []), possible.get(aid, [])) for aid in dict.fromkeys(ids.values())
             if aid in todo]
    n_claims = store_claims_many(db, batch, over_cap=over_cap)
    n_possible = sum(len(p) for _, _, p in batch)
    counts.claims += n_claims
    counts.possible += n_possible
    return len(ids), n_claims, n_possible


def import_backfill(db: Database, out: Path,
                    on_progress: Callable[[int, int, BlockResult], None] | None = None) -> ImportSummary:
    """Merge every finished block of the backfill folder ``out`` not merged before.

    ``on_progress(blocks_done, blocks, result)`` is called after each block.
    """
    started = time.perf_counter()
    if read_manifest(out) is None:
        raise PartitionError(f"{out} has no manifest.json: it is not a folder `claims backfill --out` "
                             "wrote. Give the folder you passed to --out.")
    results = sorted(done_results(out).values(), key=lambda r: (r.path, r.start))
    already = imported_partitions(db)
    counts = _Counts()
    imported = skipped = 0
    for i, result in enumerate(results, 1):
        key = _partition_key(result)
        if key in already:
            skipped += 1
        else:
            n_articles, n_claims, n_possible = _import_block(db, out, result, counts)
            mark_partition_imported(db, key, result.block_id, str(out.resolve()), articles=n_articles,
                                    claims=n_claims, possible_claims=n_possible)
            imported += 1
            log.info("block %s merged: %d articles, %d claims", result.block_id, n_articles, n_claims)
        if on_progress is not None:
            on_progress(i, len(results), result)
    return ImportSummary(blocks=len(results), blocks_imported=imported, blocks_already=skipped,
                         articles_new=counts.new, articles_known=counts.known, wire_copies=counts.wire,
                         claims=counts.claims, possible_claims=counts.possible,
                         seconds=time.perf_counter() - started)
