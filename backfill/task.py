"""One backfill task: a block of a WARC file in, Parquet partitions out.

The same steps as `claims ingest` of a WARC, in the worker's own process: each HTML response
(scraper/ingest.py ``warc_page``) is parsed by the crawler's parser (scraper/parse_worker.py
``parse_one``), kept when it is an English news article, and run through the same extractor
(orchestrate/extraction.py ``extract_articles``). Records stream through: a task holds its block's
current record, the articles waiting for the extractor's batch and one row group per table.
"""

from __future__ import annotations

import hashlib
import logging
import resource
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from backfill.errors import BackfillError
from backfill.language import language_of
from backfill.partitions import PartitionWriter, claim_row, possible_row, write_result
from backfill.records import MAX_LISTED_FAULTS, Block, BlockCounts, BlockResult
from backfill.warcblocks import BlockReader
from orchestrate.extraction import ClaimCap, Extractor, extract_articles, load_extractor
from records.article import Article
from scraper.domcheck import DomLimits
from scraper.ingest import warc_page
from scraper.parse_worker import ParseJob, parse_one
from scraper.urls import is_http_url, normalize_url
from settings import Settings

log = logging.getLogger(__name__)
BACKFILL_SOURCE = "backfill"  # the pages' source_name in the store, like "ingest" for `claims ingest`


_EXTRACTORS: dict[str, Extractor] = {}  # per worker process, by settings (its pipeline is cached too)


def worker_extractor(settings: Settings) -> Extractor:
    """The extractor, loaded once per worker process and settings."""
    key = repr(settings)
    if key not in _EXTRACTORS:
        extractor = load_extractor(settings)
        if isinstance(extractor, str):
            raise BackfillError(f"Claim extraction cannot run on this worker: {extractor}")
        _EXTRACTORS[key] = extractor
    return _EXTRACTORS[key]


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _outlet(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


class _Block:
    def __init__(self, block: Block, out: Path, settings: Settings) -> None:
        self.block = block
        self.out = out
        self.settings = settings
        self.reader = BlockReader(block, settings.max_bytes)
        self.limits = DomLimits.from_settings(settings)
        self.skipped: Counter[str] = Counter()
        self.responses = 0
        self.pending: dict[int, tuple[Article, str, str | None, bytes, str]] = {}

    def articles(self) -> Any:
        """``(offset, article)`` of each English news article of the block, lazily."""
        for offset, record in self.reader.records_with_offsets():
            page = warc_page(record, self.settings.max_bytes)
            if page is None:
                continue
            self.responses += 1
            if isinstance(page, str):
                self.skipped[page] += 1
                continue
            url = normalize_url(page.url) if is_http_url(page.url) else page.url
            sha = hashlib.sha256(page.body).hexdigest()
            parsed = parse_one(ParseJob(page.body, url, sha256=sha), self.limits)
            if parsed.article is None:
                self.skipped[parsed.reason or "no article text"] += 1
                continue
            article = parsed.article
            language = language_of(article.text)
            if language != "en":
                self.skipped["not English"] += 1
                continue
            article = replace(article, url=url, extra={},
                              published=article.published or (page.date[:10] if page.date else None),
                              outlet=article.outlet or _outlet(url), source_kind=article.source_kind or "news")
            self.pending[offset] = (article, page.url, page.date, page.body, language)
            yield offset, article

    def run(self) -> BlockResult:
        started, cpu_started = time.perf_counter(), time.thread_time()
        extractor = worker_extractor(self.settings)
        cap = ClaimCap(self.settings.max_claims_per_article)
        bid = self.block.block_id
        writers = {t: PartitionWriter(self.out, t, bid) for t in ("articles", "claims", "possible")}
        try:
            for offset, claims, possible in extract_articles(extractor, self.articles(), cap):
                article, warc_url, warc_date, body, language = self.pending.pop(offset)
                key = {"block_id": bid, "record_offset": offset, "url": article.url}
                writers["articles"].add({
                    **key, "warc_url": warc_url, "warc_date": warc_date, "text": article.text,
                    "title": article.title, "published": article.published, "author": article.author,
                    "canonical_url": article.canonical_url, "outlet": article.outlet, "city": article.city,
                    "state": article.state, "source_kind": article.source_kind,
                    "content_sha256": article.content_sha256, "raw_sha256": article.raw_sha256,
                    "pdf_links": list(article.pdf_links), "language": language, "claims": len(claims),
                    "possible_claims": len(possible), "claims_over_cap": cap.over.get(offset, 0),
                    "html": body if (claims or possible) else None})
                for claim in claims:
                    writers["claims"].add(claim_row(key, claim))
                for p in possible:
                    writers["possible"].add(possible_row(key, p))
            for writer in writers.values():
                writer.commit()
        except BaseException:
            for writer in writers.values():
                writer.abort()
            raise
        faults = self.reader.faults
        if self.reader.oversize:
            self.skipped[f"record larger than {self.settings.max_bytes} bytes"] += self.reader.oversize
        result = BlockResult(
            block_id=bid, path=self.block.path, start=self.block.start, end=self.block.end,
            counts=BlockCounts(records=self.reader.records + len(faults), responses=self.responses,
                               articles=writers["articles"].count, claims=writers["claims"].count,
                               possible_claims=writers["possible"].count, corrupt=len(faults),
                               skipped=dict(self.skipped)),
            faults=tuple(faults[:MAX_LISTED_FAULTS]), seconds=time.perf_counter() - started,
            cpu_seconds=time.thread_time() - cpu_started,
            worker_peak_rss=peak_rss())
        write_result(self.out, result)
        return result


def run_block(block: Block, out_dir: str, settings: Settings) -> BlockResult:
    """The task the scheduler runs: read, parse, filter and extract one block; write its
    partitions and then its result (tasks/<block id>.json). Safe to run again: it rewrites the
    same files."""
    return _Block(block, Path(out_dir), settings).run()
