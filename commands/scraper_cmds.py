"""`claims crawl` and `claims ingest`: collecting articles into the store.

Exit codes: 0 success (also when some URLs failed; the summary lists them), 1 a plain error
(bad sources file, unreadable input, database busy), 2 a usage error (unknown --source name),
3 a crawl where every request failed (network down, every host unreachable).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
from sqlite_utils import Database

from db.connection import open_db
from db.errors import StoreError
from orchestrate.crawl import crawl
from orchestrate.ingest import ingest_paths
from records.extraction import ExtractSummary
from scraper.crawl_summary import CrawlEvent, CrawlSummary, Progress
from scraper.errors import ScraperError
from scraper.fetch import make_client
from scraper.ingest import IngestSummary
from scraper.sources import load_sources
from settings import Settings


def _open(settings: Settings) -> Database:
    try:
        return open_db(settings.db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[last]}", style="dim"), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("starting", total=None, last="")

        def update(event: CrawlEvent) -> None:
            if event.outcome == "phase":
                bar.update(task, description=event.reason or "", last="")
                return
            bar.update(task, completed=event.done, total=max(event.done + event.queued, 1),
                       last=f"{event.outcome} {event.url[-50:]}")

        yield update


def _reasons(pairs: tuple[tuple[str, int], ...]) -> str:
    return "; ".join(f"{reason} ×{n}" for reason, n in pairs) if pairs else ""


def _render_crawl(s: CrawlSummary, settings: Settings) -> None:
    click.echo(f"Crawled {s.sources} source(s) in {s.seconds:.1f}s: {s.discovered} new URL(s) found.")
    click.echo(f"  fetched       {s.fetched}")
    click.echo(f"  not modified  {s.not_modified}")
    click.echo(f"  skipped       {s.skipped_total}" + (f"  ({_reasons(s.skipped)})" if s.skipped else ""))
    click.echo(f"  failed        {s.failed_total}" + (f"  ({_reasons(s.failed)})" if s.failed else ""))
    click.echo(f"  articles      {s.articles_new} new, {s.articles_known} already stored, "
               f"{s.wire_copies} wire copies" + (f", {s.reparsed} re-parsed from the archive"
                                                  if s.reparsed else ""))
    _render_extraction(s.extraction, settings)
    for note in s.notes:
        click.echo(f"  note: {note}")


def _render_extraction(extraction: ExtractSummary | None, settings: Settings) -> None:
    if extraction is None:
        return
    if extraction.unavailable:
        click.echo(f"  claims        not extracted: {extraction.unavailable}")
        return
    click.echo(f"  claims        {extraction.claims} from {extraction.articles} article(s)")
    if extraction.claims_over_cap:
        click.echo(f"  claims        {extraction.claims_over_cap} more left out: "
                   f"{extraction.articles_over_cap} article(s) had more than "
                   f"max_claims_per_article = {settings.max_claims_per_article}")
    if extraction.possible_claims:
        click.echo(f"  possible      {extraction.possible_claims} sentence(s) no rule parsed, waiting in "
                   "the review queue")


@click.command("crawl")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Sources TOML file (default: the bundled scraper/data/sources.toml).")
@click.option("--source", "names", multiple=True, metavar="NAME",
              help="Crawl only this source (repeatable).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Skip articles published before YYYY-MM-DD.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Fetch at most N article pages.")
@click.option("--no-extract", is_flag=True, help="Store articles but do not extract claims.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_obj
def crawl_command(settings: Settings, sources_file: Path | None, names: tuple[str, ...],
                  since: datetime | None, max_pages: int | None, no_extract: bool,
                  as_json: bool) -> None:
    """Fetch new articles and press releases from the configured sources.

    Polite by default: robots.txt and Crawl-delay obeyed, one request at a time per host, our
    User-Agent with a contact URL. Safe to interrupt and run again: nothing stored is fetched
    twice. Ends with a summary of fetched, not modified, skipped and failed URLs with reasons.

    Example:

    \b
        claims crawl --source "SPD Blotter" --since 2026-01-01 --max-pages 50
        claims crawl --sources my-sources.toml --json
    """
    try:
        sources = load_sources(sources_file)
    except ScraperError as exc:
        raise click.ClickException(str(exc)) from exc
    if names:
        known = {s.name for s in sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise click.UsageError(f"Unknown source {unknown[0]!r}. Sources in the file: "
                                   f"{', '.join(sorted(known))}.")
        sources = [s for s in sources if s.name in names]
    db = _open(settings)
    show_bar = sys.stdout.isatty() and not as_json
    async def run(progress: Progress | None) -> CrawlSummary:
        async with make_client(settings) as client:  # the one HTTP client of this crawl
            return await crawl(db, settings, sources, client=client, max_pages=max_pages,
                               since=since.date() if since else None, progress=progress,
                               extract_claims=not no_extract)

    try:
        with _progress(show_bar) as progress:
            summary = asyncio.run(run(progress))
    except (ScraperError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True, allow_nan=False))
    else:
        _render_crawl(summary, settings)
    if summary.failed_total and not (summary.fetched or summary.not_modified):
        raise SystemExit(3)  # nothing could be fetched at all: let a scheduler notice


def _render_ingest(s: IngestSummary, settings: Settings) -> None:
    click.echo(f"Read {s.files} file(s): {s.articles_new} new article(s), {s.articles_known} already "
               f"stored, {s.wire_copies} wire copies.")
    for item, reason in s.skipped:
        click.echo(f"  skipped {item}: {reason}")
    for item, reason in s.failed:
        click.echo(f"  failed  {item}: {reason}")
    for item, note in s.warnings:
        click.echo(f"  warning {item}: {note}")
    _render_extraction(s.extraction, settings)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--url", help="The article's URL (with a single file).")
@click.option("--city", help="City the articles cover.")
@click.option("--state", help="State (two letters), e.g. OH.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date YYYY-MM-DD (when the page does not say).")
@click.option("--outlet", help="Outlet name stored with the articles.")
@click.option("--no-extract", is_flag=True, help="Store articles but do not extract claims.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_obj
def ingest_command(settings: Settings, paths: tuple[Path, ...], url: str | None, city: str | None,
                   state: str | None, published: datetime | None, outlet: str | None,
                   no_extract: bool, as_json: bool) -> None:
    """Store articles from HTML files, .txt files, folders and WARC archives.

    Each article is stored once (same URL or same text), its raw bytes archived, and its claims
    extracted. A file you give (or one in a folder you give) is kept however short, with a
    warning under 80 characters; pages inside a WARC are skipped under 80, like crawled ones.

    Example:

    \b
        claims ingest saved/story.html --url https://example.com/story --city Dayton --state OH
        claims ingest archive.warc.gz saved-pages/ --outlet "Dayton Daily" --city Dayton --state OH
    """
    db = _open(settings)
    try:
        summary = ingest_paths(db, settings, list(paths), url=url, city=city, state=state,
                               published=published.date().isoformat() if published else None,
                               outlet=outlet, extract_claims=not no_extract)
    except (ScraperError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True, allow_nan=False))
    else:
        _render_ingest(summary, settings)


COMMANDS = [crawl_command, ingest_command]
