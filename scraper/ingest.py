"""`claims ingest`: read articles from HTML files, text files, folders and WARC archives.

Each page is archived (``pages``) and parsed here; the article goes to the caller's
``ArticleSink`` (scraper/sink.py). orchestrate/ingest.py wires ingest -> store -> extract.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from db.crawl import record_fetch
from dedup import Signature, content_hash
from records.article import Article, Page
from records.extraction import ExtractSummary
from scraper.errors import IngestError
from scraper.parse import MIN_TEXT
from scraper.parse_stage import SIGNATURE, ParseJob, Parser
from scraper.sink import ArticleSink
from scraper.urls import is_http_url, normalize_url
from settings import Settings

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
INGEST_SOURCE = "ingest"


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What `claims ingest` did; ``skipped`` and ``failed`` hold ``(path or URL, reason)`` pairs
    (failed: the parse did not finish, e.g. "parse timed out after 5 s")."""

    files: int
    articles_new: int
    articles_known: int
    wire_copies: int
    skipped: tuple[tuple[str, str], ...]
    article_ids: tuple[int, ...] = ()
    extraction: ExtractSummary | None = None
    failed: tuple[tuple[str, str], ...] = ()
    warnings: tuple[tuple[str, str], ...] = ()  # (file, note): stored, but worth a look

    def as_dict(self) -> dict[str, object]:
        return {"files": self.files, "articles_new": self.articles_new,
                "articles_known": self.articles_known, "wire_copies": self.wire_copies,
                "skipped": [{"item": i, "reason": r} for i, r in self.skipped],
                "failed": [{"item": i, "reason": r} for i, r in self.failed],
                "warnings": [{"item": i, "note": r} for i, r in self.warnings],
                "article_ids": list(self.article_ids),
                "claims_extracted": None if self.extraction is None else self.extraction.claims,
                "possible_claims": None if self.extraction is None else self.extraction.possible_claims,
                "claims_over_cap": None if self.extraction is None else self.extraction.claims_over_cap,
                "extraction_unavailable": None if self.extraction is None else self.extraction.unavailable}


@dataclass(frozen=True, slots=True)
class WarcPage:
    """The HTML of one WARC response record, with the record's target URL and date."""

    url: str  # WARC-Target-URI as written
    date: str | None  # WARC-Date, e.g. 2024-03-01T12:00:00Z
    body: bytes


def warc_page(record: ArcWarcRecord, max_bytes: int) -> WarcPage | str | None:
    """The page of an HTTP 200 HTML response record; None for any other record (requests,
    metadata, redirects, images); the reason when it is skipped (larger than ``max_bytes``).

    ``claims ingest`` and the backfill tasks (backfill/task.py) read WARC records through this.
    """
    if record.rec_type != "response":
        return None
    ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
    if not (ctype or "").lower().startswith(("text/html", "application/xhtml")):
        return None
    status = record.http_headers.get_statuscode() if record.http_headers else "200"
    if status != "200":
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return f"larger than {max_bytes} bytes"
    return WarcPage(record.rec_headers.get_header("WARC-Target-URI") or "",
                    record.rec_headers.get_header("WARC-Date"), body)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _files(paths: Sequence[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"{path} does not exist. Give HTML, .txt or WARC files, or folders of them.")
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None)
        else:
            yield path


def _looks_like_warc(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(64)
    if head[:2] == b"\x1f\x8b":
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(_first_bytes(path, 65536))).read(64)
        except (OSError, EOFError):
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _first_bytes(path: Path, n: int) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _check_date(published: str | None) -> str | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published).isoformat()
    except ValueError as exc:
        raise IngestError(f"--published {published!r} is not a date; write it as YYYY-MM-DD.") from exc


class _Ingest:
    def __init__(self, db: Database, settings: Settings, parser: Parser, sink: ArticleSink, *,
                 url: str | None, city: str | None, state: str | None, published: str | None,
                 outlet: str | None) -> None:
        self.db = db
        self.settings = settings
        self.parser = parser
        self.sink = sink
        self.url = url
        self.city, self.state, self.published, self.outlet = city, state, published, outlet
        self.new = self.known = self.wire = 0
        self.skipped: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.ids: list[int] = []

    def _fill(self, article: Article) -> Article:
        return replace(article, city=self.city or article.city, state=self.state or article.state,
                       outlet=self.outlet or article.outlet,
                       published=self.published or article.published,
                       source_kind=article.source_kind or "news")

    def _save(self, article: Article, label: str, signature: Signature | None = None) -> None:
        stored = self.sink(self._fill(article), signature)
        self.ids.append(stored.article_id)
        if not stored.created:
            self.known += 1
            log.info("%s: already stored as article %d", label, stored.article_id)
            return
        self.new += 1
        if stored.duplicate_of is not None:
            self.wire += 1

    def _archive(self, url: str, body: bytes, content_type: str, fetched_at: str | None = None) -> int:
        stamp = fetched_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        page = Page(url, url, 200, stamp, content_type, body, hashlib.sha256(body).hexdigest())
        return record_fetch(self.db, page, url, self.outlet or INGEST_SOURCE, None)

    def _short(self, label: str, text: str) -> None:
        if len(text) < MIN_TEXT:
            self.warnings.append((label, f"kept although its text is only {len(text)} characters "
                                         f"(a crawled page under {MIN_TEXT} is skipped as a stub)"))

    def html(self, body: bytes, url: str, label: str, fetched_at: str | None = None, *,
             prefer_canonical: bool = False, named: bool = False) -> None:
        """Parse and store one page; with ``prefer_canonical`` its canonical URL names it.
        A ``named`` file (HTML or text the user gave, not a page of a WARC) is kept however
        short its text, with a warning.

        The page is parsed by ``self.parser`` (a worker process under ``parse_timeout``); a page
        that is refused or fails is archived and listed with its reason, and the ingest goes on.
        """
        job = ParseJob(body, url, sha256=hashlib.sha256(body).hexdigest(), published=self.published,
                       min_text=1 if named else None)
        (parsed,) = self.parser.run([job])
        if parsed.article is None:
            self._archive(url, body, "text/html", fetched_at)
            (self.failed if parsed.failed else self.skipped).append((label, parsed.reason or "no article text"))
            return
        canon = parsed.article.canonical_url
        if prefer_canonical and canon and is_http_url(canon):
            url = canon
        url = normalize_url(url) if is_http_url(url) else url
        page_id = self._archive(url, body, "text/html", fetched_at)
        if named:
            self._short(label, parsed.article.text)
        self._save(replace(parsed.article, url=url, extra={"page_id": page_id}), label,
                   parsed.article.extra.get(SIGNATURE))

    def text(self, path: Path, url: str) -> None:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if not text:
            self.skipped.append((str(path), "empty"))
            return
        self._short(str(path), text)
        self._save(Article(url=url, text=text, content_sha256=content_hash(text)), str(path))

    def warc(self, path: Path) -> None:
        if not _looks_like_warc(path):
            raise IngestError(f"{path} is not a readable WARC archive (no WARC/ARC header). "
                              "Give .warc, .warc.gz or .arc files written by a web archiver.")
        try:
            with path.open("rb") as fh:
                for record in ArchiveIterator(fh):
                    page = warc_page(record, self.settings.max_bytes)
                    if page is None:
                        continue
                    if isinstance(page, str):
                        self.skipped.append((record.rec_headers.get_header("WARC-Target-URI") or "", page))
                        continue
                    self.html(page.body, normalize_url(page.url) if is_http_url(page.url) else page.url,
                              page.url, page.date)
        except ArchiveLoadFailed as exc:
            raise IngestError(f"{path} is not a readable WARC archive ({exc}).") from exc


def ingest_paths(db: Database, settings: Settings, paths: Sequence[str | Path], sink: ArticleSink, *,
                 url: str | None = None, city: str | None = None, state: str | None = None,
                 published: str | None = None, outlet: str | None = None,
                 parse_workers: int | None = None) -> IngestSummary:
    """Hand ``sink`` the articles in HTML files, .txt files, folders of them and WARC archives.

    ``url`` names the article of a single file (otherwise the page's canonical URL or the
    file's ``file://`` URI is used); ``city``/``state``/``published``/``outlet`` fill what the
    page does not say. Pages are archived in ``db``; what becomes of each article is the sink's
    business (orchestrate.store.StoreSink stores it once, so a file ingested twice is stored once).

    HTML is parsed in one worker process, each page under ``settings.parse_timeout`` (a page over
    it is listed in ``failed`` and the ingest goes on); ``parse_workers=0`` (or a timeout of 0)
    parses in this process instead.
    """
    files = list(_files(paths))
    if url is not None and (len(files) != 1 or _kind(files[0]) == "warc"):
        raise IngestError("--url names one article: give exactly one HTML or text file with it.")
    if url is not None and not is_http_url(url):
        raise IngestError(f"--url {url!r} is not an http(s) URL.")
    workers = parse_workers if parse_workers is not None else (1 if settings.parse_timeout > 0 else 0)
    parser = Parser.from_settings(settings, workers)
    job = _Ingest(db, settings, parser, sink, url=url, city=city, state=state,
                  published=_check_date(published), outlet=outlet)
    try:
        _ingest_files(job, files, url)
    finally:
        parser.close()
    return IngestSummary(files=len(files), articles_new=job.new, articles_known=job.known,
                         wire_copies=job.wire, skipped=tuple(job.skipped), article_ids=tuple(job.ids),
                         failed=tuple(job.failed), warnings=tuple(job.warnings))


def _ingest_files(job: _Ingest, files: list[Path], url: str | None) -> None:
    settings = job.settings
    for path in files:
        kind = _kind(path)
        if kind == "warc":
            job.warc(path)
            continue
        file_url = url or path.resolve().as_uri()
        if kind == "text":
            job.text(path, normalize_url(file_url) if is_http_url(file_url) else file_url)
        elif kind == "html":
            body = path.read_bytes()
            if len(body) > settings.max_bytes:
                job.skipped.append((str(path), f"larger than {settings.max_bytes} bytes"))
                continue
            job.html(body, file_url, str(path), prefer_canonical=url is None, named=True)
        else:
            job.skipped.append((str(path), "not HTML, text or WARC (by file name)"))
