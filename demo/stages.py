"""The bodies of the demo's stages. Each returns a one-line account of what it did, or raises
``StageSkipped`` when it has nothing to work on (no official figures, no extractor).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
from sqlite_utils import Database

from db.accounts import add_user, auth_path, get_user, open_auth_db, update_user
from db.connection import open_db
from db.queue import review_queue
from db.records import StoredClaim
from db.search import SearchQuery, iter_claims
from db.store import store_article
from demo.records import DemoSummary
from demo.sitegen.content import load_outlets
from official.bundled import load_bundled as load_bundled_figures
from official.csv_import import import_csv
from orchestrate.crawl import run_crawl
from orchestrate.extraction import extract_new_articles
from scraper.parse import parse_html
from scraper.sources import load_sources
from settings import Settings
from verify.run import run_checks
from web.auth import hash_password

log = logging.getLogger(__name__)

VERDICT_ORDER = ("supported", "close", "contradicted", "needs_review", "unverifiable", "unchecked")
FLAGGED_SHOWN = 8


class StageSkipped(Exception):
    """The stage has nothing to work on; the message says why."""


@dataclass
class DemoState:
    settings: Settings
    db_path: Path
    base_url: str
    sources_file: Path
    official_dir: Path
    _db: Database | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_db(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def crawl(state: DemoState) -> str:
    """Crawl the demo site through its feeds, sitemaps and listing pages (no claim extraction yet)."""
    sources = load_sources(state.sources_file)
    result = run_crawl(state.db, state.settings, sources, extract_claims=False)
    skipped = ", ".join(f"{n} {reason}" for reason, n in result.skipped)
    failed = ", ".join(f"{n} {reason}" for reason, n in result.failed)
    parts = [f"{len(sources)} sources, {_plural(result.discovered, 'URL')} discovered, "
             f"{_plural(result.fetched, 'page')} fetched, {_plural(result.articles_new, 'new article')}"]
    if skipped:
        parts.append(f"skipped: {skipped}")
    if failed:
        parts.append(f"failed: {failed}")
    parts.append(f"{result.seconds:.1f} s")
    return "; ".join(parts)


def direct_ingest(state: DemoState, reason: str) -> str:
    """Without a working crawler: fetch every demo article by its known URL and store its text."""
    stored = 0
    with httpx.Client(timeout=10.0) as client:
        for outlet in load_outlets():
            for a in outlet.articles:
                if a.robots_disallowed:
                    continue
                url = state.base_url + a.url_path
                parsed = parse_html(client.get(url).content, url)
                if parsed.article is None:
                    log.info("%s: no article (%s)", url, parsed.reason)
                    continue
                store_article(state.db, replace(parsed.article, outlet=outlet.name, city=outlet.city,
                                                state=outlet.state, source_kind=outlet.kind))
                stored += 1
    return f"{reason}; fetched {_plural(stored, 'demo article')} by URL instead (no discovery)"


def extract(state: DemoState) -> str:
    """Claim extraction over every stored article (the scraper's post-crawl step)."""
    result = extract_new_articles(state.db, state.settings)
    if result.unavailable:
        raise StageSkipped(result.unavailable)
    return f"{_plural(result.claims, 'claim')} from {_plural(result.articles, 'article')}"


def official_files(state: DemoState) -> list[Path]:
    return sorted(state.official_dir.glob("*.csv"))


def import_official(state: DemoState) -> str:
    """Import the bundled official figures (demo/official/*.csv) through the CSV connector."""
    files = official_files(state)
    if not files:
        raise StageSkipped(f"no official figures in {state.official_dir}")
    loaded = present = bad = 0
    for path in files:
        report = import_csv(state.db, path)
        loaded += report.loaded
        present += report.already_present
        bad += len(report.bad_rows)
        for row in report.bad_rows[:3]:
            state.notes.append(f"{path.name} line {row.line} was not imported: {row.reason}")
    names = ", ".join(p.name for p in files)
    detail = f"{_plural(loaded, 'figure')} imported from {names}"
    if present:
        detail += f" ({present} already present)"
    if bad:
        detail += f"; {_plural(bad, 'bad row')} left out (see notes)"
    return detail


def load_bundled(state: DemoState) -> str:
    """Load the bundled FBI Table 8 figures 2006-2023 (cities of 50,000+), as `claims official
    load-bundled` does: the real figures the demo's real-city articles are checked against."""
    report = load_bundled_figures(state.db, min_population=state.settings.bundled_min_population)
    return (f"{_plural(report.added, 'figure')} from FBI Crime in the United States, Table 8, 2006-2023, "
            f"for {report.agencies} agencies ({report.seconds:.1f} s); the FBI cautions against ranking "
            "cities with them")


def check(state: DemoState) -> str:
    """Check every claim against the official figures (verify.run_checks)."""
    result = run_checks(state.db, state.settings)
    counts = sorted(result.verdicts.items(), key=lambda kv: _verdict_rank(kv[0]))
    shown = ", ".join(f"{n} {v}" for v, n in counts) or "no claims to check"
    return f"{_plural(result.checked, 'claim')} checked: {shown}"


def _verdict_rank(verdict: str) -> int:
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else len(VERDICT_ORDER)


def reviewer(state: DemoState, name: str, password: str) -> str:
    """Create a reviewer account (argon2 hash) for the web app."""
    _ = state.db  # opened first: it moves the accounts of an older store into their own file
    accounts = open_auth_db(auth_path(state.db_path, state.settings.auth_db_path))
    try:
        if get_user(accounts, name) is None:
            add_user(accounts, name, "reviewer", hash_password(password))
        else:  # left by an earlier demo run beside this database
            update_user(accounts, name, password_hash=hash_password(password), disabled=False)
    finally:
        accounts.close()
    return f"user {name!r} (role reviewer), password {password!r}"


def _count(db: Database, table: str) -> int:
    return db.table(table).count if db.table(table).exists() else 0


def summarize(state: DemoState) -> DemoSummary:
    """Counts per verdict, the top of the review queue and a sample of claims."""
    db = state.db
    articles = _count(db, "articles")
    observations = _count(db, "observations")
    claims = list(iter_claims(db, SearchQuery(sort="published_desc")))
    verdicts: Counter[str] = Counter(c.verdict or "unchecked" for c in claims)
    flagged: list[StoredClaim] = []
    if any(c.verdict for c in claims):
        flagged = review_queue(db, limit=FLAGGED_SHOWN)
    order = [v for v in VERDICT_ORDER if verdicts.get(v)] + sorted(
        v for v in verdicts if v not in VERDICT_ORDER)
    return DemoSummary(db_path=state.db_path, site_url=state.base_url, sources_file=state.sources_file,
                       stages=(), articles=articles, claims=len(claims), observations=observations,
                       verdicts=tuple((v, verdicts[v]) for v in order), flagged=tuple(flagged),
                       claims_sample=tuple(claims), notes=tuple(state.notes))
