"""`claims backfill` and `claims import-backfill`: archived news at scale, then into the store.

Exit codes: 0 done, 1 an error (no WARC matched, an unreachable scheduler, an output folder
that is not a backfill's, or blocks whose task failed: rerun the same command to retry them).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from backfill import BackfillError, BackfillSummary, ImportSummary, Progress, backfill, import_backfill
from db.connection import open_db
from db.errors import StoreError
from settings import Settings

MB = 1 << 20


@contextmanager
def _bar(enabled: bool, description: str) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
             TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), transient=True) as bar:
        yield bar, bar.add_task(description, total=None, counts="")


def _render(s: BackfillSummary) -> None:
    click.echo(f"Backfilled {s.files} WARC file(s) in {s.blocks} block(s) ({s.blocks_run} run now, "
               f"{s.workers} worker(s)) in {s.seconds:.1f}s into {s.out}")
    c = s.counts
    click.echo(f"  records       {c.records} ({c.responses} HTML responses)")
    click.echo(f"  articles      {c.articles} English news article(s)")
    if c.skipped:
        click.echo("  skipped       " + "; ".join(f"{k} ×{v}" for k, v in sorted(c.skipped.items())))
    click.echo(f"  claims        {c.claims}, and {c.possible_claims} possible claim(s)")
    click.echo(f"  corrupt       {c.corrupt} record(s) skipped")
    for path, offset, reason in s.faults:
        click.echo(f"    {path} at offset {offset}: {reason}")
    for block, error in s.failed:
        click.echo(f"  failed block  {block}: {error}")
    click.echo(f"Next: claims import-backfill {s.out}")


@click.command("backfill")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("backfill-out"),
              show_default=True, help="Folder for the Parquet partitions and the manifest.")
@click.option("--workers", type=click.IntRange(min=1, max=256), default=2, show_default=True,
              help="Local worker processes (ignored with --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--block-size", "block_mb", type=click.IntRange(min=1), default=64, show_default=True,
              help="MB of a gzip-per-record WARC file per task.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_obj
def backfill_command(settings: Settings, paths: tuple[str, ...], out: Path, workers: int,
                     scheduler: str | None, block_mb: int, as_json: bool) -> None:
    """Extract claims from archived news (WARC files) on a Dask cluster, into Parquet.

    WARC_OR_GLOB... are WARC files, folders of them or quoted globs. Each file is cut into
    blocks at record boundaries; each block is read, parsed, filtered to English news and run
    through the same extractor as the crawl, in parallel. Without --scheduler, --workers local
    processes do the work. A killed run resumes where it stopped when given the same --out;
    corrupt records are counted and skipped with their offsets. Then `claims import-backfill`.

    Example:

    \b
        claims backfill 'cc-news/CC-NEWS-2024*.warc.gz' --workers 2 --out backfill-2024
        claims backfill archive/ --scheduler tcp://10.0.0.5:8786 --out /shared/backfill
        claims import-backfill backfill-2024
    """
    # Dask logs at INFO on its own handler, in this process and in each worker: follow -v/-q instead.
    level = logging.getLevelName(max(logging.getLogger().getEffectiveLevel(), logging.WARNING)).lower()
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", level)
    logging.getLogger("distributed").setLevel(level.upper())
    show_bar = sys.stderr.isatty() and not as_json
    with _bar(show_bar, "blocks") as bar:
        def started(dashboard: str | None, blocks: int) -> None:
            if dashboard and not as_json:
                note = "" if importlib.util.find_spec("bokeh") else " (install bokeh to see it)"
                click.echo(f"Dask dashboard: {dashboard}{note}", err=True)

        def progress(p: Progress) -> None:
            if bar is not None:
                bar[0].update(bar[1], completed=p.blocks_done, total=p.blocks,
                              counts=f"files {p.files_done}/{p.files} · records {p.records} · claims {p.claims}")

        try:
            summary = backfill(list(paths), out, settings, workers=workers, scheduler=scheduler,
                               block_bytes=block_mb * MB, on_progress=progress, on_start=started)
        except BackfillError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True, allow_nan=False))
    else:
        _render(summary)
    if summary.failed:
        raise click.ClickException(f"{len(summary.failed)} block(s) failed (listed above). Run the same "
                                   "command again: finished blocks are kept and only these run.")


def _render_import(s: ImportSummary) -> None:
    click.echo(f"Imported {s.blocks_imported} block(s) in {s.seconds:.1f}s ({s.blocks_already} merged before).")
    click.echo(f"  articles      {s.articles_new} new, {s.articles_known} already stored, {s.wire_copies} wire copies")
    click.echo(f"  claims        {s.claims}, and {s.possible_claims} possible claim(s)")


@click.command("import-backfill")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_obj
def import_backfill_command(settings: Settings, out: Path, as_json: bool) -> None:
    """Merge a backfill's partitions into the store (idempotent, resumable).

    Articles are stored once (same URL or text), with their pages archived under source
    'backfill' and the WARC record's URL and date; their claims become searchable and checkable
    like crawled ones. Blocks already merged are skipped, so an interrupted import continues
    where it stopped and a second run adds nothing.

    Example:

    \b
        claims import-backfill backfill-2024
        claims check
    """
    try:
        db = open_db(settings.db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    show_bar = sys.stderr.isatty() and not as_json
    with _bar(show_bar, "blocks") as bar:
        def progress(done: int, total: int, _result: object) -> None:
            if bar is not None:
                bar[0].update(bar[1], completed=done, total=total, counts="")

        try:
            summary = import_backfill(db, out, on_progress=progress)
        except (BackfillError, StoreError) as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True, allow_nan=False))
    else:
        _render_import(summary)


COMMANDS = [backfill_command, import_backfill_command]
