"""`claims check`: set stored claims beside the official figures and store a verdict for each.

Exit codes: 0 success (also when there was nothing to check), 1 a plain error (no database,
a store error).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click
from rich.console import Console
from rich.progress import Progress
from sqlite_utils import Database

from db.connection import open_db
from db.errors import StoreError
from settings import Settings
from verify.errors import VerifyError


def _load_bundled_first(db: Database, settings: Settings) -> None:
    """A store with no bundled FBI figures gets them before its first check (setting
    ``load_bundled``; `claims official load-bundled` does the same by hand)."""
    if not settings.load_bundled:
        return
    from official.bundled import BundleMissing, is_loaded, load_bundled

    if is_loaded(db):
        return
    click.echo("Loading the bundled FBI figures (Table 8, 2006-2023) before the first check; set "
               "load_bundled = false in claims.toml to skip ...", err=True)
    try:
        report = load_bundled(db, min_population=settings.bundled_min_population)
    except BundleMissing as exc:
        click.echo(f"Not loaded: {exc}", err=True)
        return
    click.echo(f"Loaded {report.added} FBI figures for {report.agencies} agencies in {report.seconds:.0f} s.",
               err=True)


@click.command("check")
@click.option("--all", "check_all", is_flag=True, help="Re-check every claim, not only unchecked ones.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only claims from articles published on or after YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per check (JSON Lines).")
@click.pass_obj
def check_cmd(settings: Settings, check_all: bool, since: datetime | None, as_json: bool) -> None:
    """Check claims against official figures; each check stores its verdict, flags and arithmetic.

    Claims never checked are checked; with --all every claim is checked again. A store with no
    bundled FBI figures gets them first (setting load_bundled; see `claims official load-bundled`). A re-check whose
    figures, verdict and values are unchanged adds nothing; newer figures add a new check and keep
    the old ones.

    Example:

    \b
        claims check
        claims check --all --since 2024-01-01 --json
    """
    from verify.run import run_checks

    try:
        db = open_db(settings.db_path, create=False)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    since_text = since.date().isoformat() if since else None
    _load_bundled_first(db, settings)
    try:
        if sys.stdout.isatty() and not as_json:
            with Progress(console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("checking claims", total=None)
                summary = run_checks(db, settings, since=since_text, all=check_all,
                                     progress=lambda n, total: bar.update(task, completed=n, total=total))
        else:
            summary = run_checks(db, settings, since=since_text, all=check_all)
    except (StoreError, VerifyError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        for claim_id, check, added in summary.checks:
            row = check.as_dict()
            row["claim_id"] = claim_id
            row["added"] = added
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True, allow_nan=False))
        return
    if not summary.checked:
        click.echo("No claims to check" + ("" if check_all else " (use --all to re-check checked claims)")
                   + ".")
        return
    verdicts = ", ".join(f"{n:,} {v}" for v, n in sorted(summary.verdicts.items(), key=lambda kv: -kv[1]))
    click.echo(f"Checked {summary.checked:,} claim{'s' if summary.checked != 1 else ''}: {verdicts}.")
    click.echo(f"{summary.added:,} new check{'s' if summary.added != 1 else ''} stored, "
               f"{summary.unchanged:,} unchanged.")
    if summary.flags:
        click.echo("Flags: " + ", ".join(f"{f} {n}" for f, n in sorted(summary.flags.items())) + ".")


COMMANDS = [check_cmd]
