"""`claims official ...`: import hand-entered figures, fetch from open-data APIs, list sources."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from settings import Settings


class FileUnusable(click.ClickException):
    """The CSV cannot be imported at all (exit code 2)."""

    exit_code = 2


def _registry(path: Path | None):  # noqa: ANN202 - the registry type is imported lazily
    from official.errors import RegistryError
    from official.registry import load_registry

    try:
        return load_registry(path)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc


def _recheck(db, settings: Settings, observations, as_json: bool) -> dict | None:  # noqa: ANN001
    """Re-check the claims the new figures touch; print the one-line summary (not with --json)
    and return the report's dict."""
    from verify.errors import VerifyError
    from verify.recheck import recheck_touched

    try:
        report = recheck_touched(db, settings, observations)
    except VerifyError as exc:
        raise click.ClickException(str(exc)) from exc
    if not as_json:
        click.echo(report.summary())
    return report.as_dict()


_RECHECK_OPTION = click.option(
    "--no-recheck", is_flag=True,
    help="Do not re-check the claims the new figures touch (`claims check --all` does it later).")


@click.group("official")
def official() -> None:
    """Official crime figures: the bundled FBI city tables, hand-entered CSVs and open-data
    connectors.

    Example:

    \b
        claims official load-bundled
        claims official import demo/official/fbi_murders_fte.csv
        claims official fetch --city "Chicago, IL" --from 2025-01-01 --to 2025-06-30
        claims official sources
    """


@official.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Registry file with curated places (default: the bundled one).")
@_RECHECK_OPTION
@click.pass_obj
def import_cmd(settings: Settings, csv_file: Path, as_json: bool, registry_path: Path | None,
               no_recheck: bool) -> None:
    """Import hand-entered official figures from a CSV (one number per row; every column is
    described in official/README.md, with an example in official/examples/). Bad rows are
    listed with their line number and reason; the good rows are still stored. Importing the
    same file twice adds nothing.

    When figures were added, the claims whose place, offense and period they touch are checked
    again, and the summary says how many verdicts changed. A newer as_of of the same series
    (same publisher and series column, place, offense, measure and unit) replaces the older
    figure in verdicts; both stay in the store and in each claim's history.

    Exit codes: 0 every row valid; 1 some rows bad (the others were stored); 2 the file could
    not be used at all (missing, not UTF-8, required columns missing).

    Example:

    \b
        claims official import demo/official/fbi_murders_fte.csv
        claims --db my.db official import official/examples/figures.csv --json
    """
    from db.connection import open_db
    from official.csv_import import import_csv
    from official.errors import CsvFormatError

    registry = _registry(registry_path) if registry_path else None
    try:
        db = open_db(settings.db_path)
        report = import_csv(db, csv_file, registry=registry)
    except CsvFormatError as exc:
        raise FileUnusable(str(exc)) from exc
    if not as_json:
        click.echo(f"{report.path}: {report.rows:,} rows: {report.loaded:,} loaded, "
                   f"{report.already_present:,} skipped (already present), {len(report.bad_rows):,} bad")
        for bad in report.bad_rows:
            click.echo(f"  line {bad.line}: {bad.reason}")
        for warning in report.warnings:
            click.echo(f"  note: {warning}")
    recheck = None
    if report.loaded and not no_recheck:
        recheck = _recheck(db, settings, report.observations, as_json)
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "recheck": recheck}, allow_nan=False))
    if report.bad_rows:
        sys.exit(1)


def _parse_day(value: datetime | None, default: date) -> date:
    return value.date() if value else default


@official.command("fetch")
@click.option("--city", help="City to fetch, as 'City, ST' (e.g. 'Chicago, IL').")
@click.option("--source", "source_name", help="Registry source name or id (see `claims official sources`).")
@click.option("--from", "date_from", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="First day, YYYY-MM-DD (default: January 1 of last year).")
@click.option("--to", "date_to", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Last day, YYYY-MM-DD (default: today).")
@click.option("--granularity", type=click.Choice(["day", "month", "total"]), default="day",
              show_default=True, help="One figure per day, per month, or one for the whole range.")
@click.option("--offense", "offenses", multiple=True, help="Only these offenses (repeatable).")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Registry file (default: official/data/registry.toml).")
@click.option("--json", "as_json", is_flag=True,
              help='One JSON line per source fetched, then {"recheck": ...} when claims were re-checked.')
@_RECHECK_OPTION
@click.pass_obj
def fetch_cmd(settings: Settings, city: str | None, source_name: str | None,
              date_from: datetime | None, date_to: datetime | None, granularity: str,
              offenses: tuple[str, ...], registry_path: Path | None, as_json: bool,
              no_recheck: bool) -> None:
    """Fetch official figures from the registry's open-data sources (Socrata, ArcGIS, FBI Crime
    Data Explorer) and append them to the database with their vintage. Without --city or
    --source every enabled source is fetched. Keys come from FBI_API_KEY and SOCRATA_APP_TOKEN
    and are never stored. When figures were added, the claims they touch are checked again
    and the summary says how many verdicts changed.

    Exit codes: 0 every source answered; 1 some source failed (the others were stored);
    2 unknown city, source or offense.

    Example:

    \b
        claims official fetch --city "Chicago, IL" --from 2025-01-01 --to 2025-06-30
        claims official fetch --source fbi-cde --city Baltimore,MD --granularity month
    """
    import httpx

    from db.connection import open_db
    from httpkit.retry import RetryPolicy
    from offenses.errors import UnknownOffense
    from offenses.vocabulary import normalize_offense
    from official.errors import AmbiguousPlace, UnknownPlace, UnknownSource
    from official.fetch import Credentials, NoSourceForPlace, fetch_official

    today = date.today()
    start = _parse_day(date_from, date(today.year - 1, 1, 1))
    end = _parse_day(date_to, today)
    if end < start:
        raise click.BadParameter(f"--to {end} is before --from {start}", param_hint="--to")
    try:
        offense_ids = tuple(normalize_offense(o).offense_id for o in offenses)
    except UnknownOffense as exc:
        raise click.BadParameter(str(exc), param_hint="--offense") from exc
    registry = _registry(registry_path)
    credentials = Credentials(settings.fbi_api_key, settings.socrata_app_token)
    policy = RetryPolicy(retries=settings.retries, backoff=settings.backoff)
    db = open_db(settings.db_path)
    client = httpx.Client(timeout=settings.timeout, headers={"User-Agent": settings.user_agent},
                          follow_redirects=True, max_redirects=settings.max_redirects)

    def progress(name: str) -> None:
        if not as_json and sys.stderr.isatty():
            click.echo(f"fetching {name} ...", err=True)

    try:
        with client:
            report = fetch_official(db, client, start=start, end=end, city=city, source=source_name,
                                    registry=registry, credentials=credentials, policy=policy,
                                    granularity=granularity, offenses=offense_ids,  # type: ignore[arg-type]
                                    progress=progress)
    except (UnknownPlace, AmbiguousPlace) as exc:
        raise click.BadParameter(str(exc), param_hint="--city") from exc
    except (UnknownSource, NoSourceForPlace) as exc:
        raise click.BadParameter(str(exc), param_hint="--source/--city") from exc
    for outcome in report.outcomes:
        if as_json:
            click.echo(json.dumps(outcome.as_dict(), allow_nan=False))
            continue
        where = f" [{outcome.jurisdiction_id}]" if outcome.jurisdiction_id else ""
        if outcome.error:
            click.echo(f"{outcome.name}{where}: FAILED: {outcome.error}")
            continue
        click.echo(f"{outcome.name}{where}: {outcome.observations} figures, {outcome.added} new, "
                   f"{outcome.already_present} already present; data through "
                   f"{outcome.data_through or 'unknown'}")
        for warning in outcome.warnings:
            click.echo(f"  note: {warning}")
    if report.fetched and not no_recheck:
        recheck = _recheck(db, settings, report.fetched, as_json)
        if as_json:
            click.echo(json.dumps({"recheck": recheck}, allow_nan=False))
    if not report.ok:
        sys.exit(1)


@official.command("sources")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Registry file (default: official/data/registry.toml).")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per source.")
def sources_cmd(registry_path: Path | None, as_json: bool) -> None:
    """List the official sources of the registry: name, kind, place, dataset and status.
    "unverified" means the entry has never been tried against the live endpoint (none has: our
    build machine has no internet); "disabled" sources are fetched only when named.

    Example:

    \b
        claims official sources
        claims official sources --json
    """
    registry = _registry(registry_path)
    rows: list[list[str]] = []
    for entry in registry.sources:
        if as_json:
            click.echo(json.dumps({
                "name": entry.name, "source_id": entry.source_id, "kind": entry.kind,
                "jurisdiction": entry.jurisdiction, "publisher": entry.publisher,
                "title": entry.title, "base_url": entry.base_url or entry.layer_url,
                "dataset_id": entry.dataset_id, "offenses": list(entry.mapped_offenses()),
                "unit": entry.unit, "date_field": entry.date_field, "code_field": entry.code_field,
                "license": entry.license, "enabled": entry.enabled, "verified": entry.verified,
                "valid_to": entry.valid_to, "successor": entry.successor, "note": entry.note,
            }, allow_nan=False))
            continue
        where = entry.jurisdiction or "agencies with an ORI"
        dataset = entry.dataset_id or entry.layer_url or entry.base_url or ""
        flags = ["verified" if entry.verified else "unverified"]
        if not entry.enabled:
            flags.append("disabled")
        if entry.valid_to:
            flags.append(f"ends {entry.valid_to}")
        rows.append([entry.name, entry.kind, where, dataset, ", ".join(flags)])
    if as_json:
        return
    from commands.render import table

    table(["NAME", "KIND", "PLACE", "DATASET", "STATUS"], rows)
    if any("unverified" in r[4] for r in rows):
        click.echo("unverified: the dataset id and field names were written from the publisher's "
                   "documentation but never tried against the live endpoint (our build machine "
                   "has no internet); `pytest -m network tests/official` tries them. disabled: "
                   "not fetched unless named with --source.")


@official.command("offenses")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per offense id.")
def offenses_cmd(as_json: bool) -> None:
    """List the offense vocabulary: claim names and the finer official ids, with UCR/NIBRS
    codes, counting unit and flags.

    Example:

    \b
        claims official offenses
        claims official offenses --json
    """
    from offenses.vocabulary import vocabulary

    for entry in vocabulary().values():
        if as_json:
            click.echo(json.dumps({
                "offense_id": entry.offense_id, "label": entry.label, "level": entry.level,
                "claim_offense": entry.claim_offense, "parent": entry.parent, "unit": entry.unit,
                "srs": list(entry.srs), "nibrs": list(entry.nibrs), "cde": list(entry.cde),
                "flags": list(entry.flags), "synonyms": list(entry.synonyms),
                "ambiguous": list(entry.ambiguous),
            }, allow_nan=False))
            continue
        codes = ",".join(entry.nibrs) or "-"
        click.echo(f"{entry.offense_id:<26} {entry.level:<8} -> {entry.claim_offense:<20} "
                   f"{entry.unit or 'varies':<9} NIBRS {codes}"
                   + (f"  [{', '.join(entry.flags)}]" if entry.flags else ""))


def _place_option(values: tuple[str, ...]) -> list[tuple[str, str]]:
    places: list[tuple[str, str]] = []
    for text in values:
        if "," not in text:
            raise click.BadParameter(f"{text!r}: write the place as 'City, ST'", param_hint="--city")
        name, state = (part.strip() for part in text.rsplit(",", 1))
        places.append((name, state))
    return places


@official.command("load-bundled")
@click.option("--min-population", type=click.IntRange(min=0), default=None,
              help="Load agencies that reached this population in some year (default: the "
                   "bundled_min_population setting, 50,000; 0 = every agency).")
@click.option("--city", "cities", multiple=True,
              help="Also load this place whatever its size, as 'City, ST' (repeatable).")
@click.option("--force", is_flag=True, help="Re-offer every row even if this load is recorded as done "
                                            "(still adds nothing twice).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.pass_obj
def load_bundled_cmd(settings: Settings, min_population: int | None, cities: tuple[str, ...], force: bool,
                     as_json: bool) -> None:
    """Load the bundled FBI figures into the store: Crime in the United States, Table 8
    ("Offenses Known to Law Enforcement by State by City"), 2006-2023, for every agency that
    reached the population threshold, with the table, year, release date and source URL of each
    figure. Blanks stay blank (not published, never 0), a year whose table does not list the
    agency is stored as not published, and footnotes travel with the figures. Needs no network;
    running it again adds nothing.

    The FBI cautions against ranking cities with these figures: compare a place with itself.

    Example:

    \b
        claims official load-bundled
        claims official load-bundled --city "Hartford, CT" --city "Bangor, ME"
        claims official load-bundled --min-population 0 --json
    """
    from db.connection import open_db
    from official.bundled import RANKING_CAUTION, BundleMissing, load_bundled

    places = _place_option(cities)
    threshold = settings.bundled_min_population if min_population is None else min_population
    db = open_db(settings.db_path)
    try:
        report = load_bundled(db, min_population=threshold, places=places, force=force)
    except BundleMissing as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), allow_nan=False))
        return
    if report.skipped:
        click.echo(f"Already loaded: {report.observations} figures for {report.agencies} agencies "
                   f"(population >= {threshold:,}); nothing to add ({report.stored_total} bundled "
                   "figures in the store). Use --force to re-offer every row.")
        return
    matched = ", ".join(f"{n} {how}" for how, n in sorted(report.matched.items()))
    click.echo(f"FBI Table 8 2006-2023: {report.agencies} agencies (population >= {threshold:,}"
               f"{', plus ' + str(len(places)) + ' named' if places else ''}): {report.added} figures added, "
               f"{report.already_present} already present, {report.not_listed} marked not published "
               f"(years the table does not list the agency); {report.seconds:.1f} s.")
    click.echo(f"Places: {matched} (see `claims official bundle-places`).")
    for name in report.not_found:
        click.echo(f"  note: {name!r} is in no year of Table 8 under that name; see `claims official "
                   "bundle-places --min-population 0 --all` for the FBI's names")
    click.echo(f"Note: {RANKING_CAUTION[0].upper()}{RANKING_CAUTION[1:]}.")


@official.command("bundle-places")
@click.option("--min-population", type=click.IntRange(min=0), default=None,
              help="Agencies that reached this population in some year (default: the "
                   "bundled_min_population setting).")
@click.option("--all", "show_all", is_flag=True, help="List every agency, the exact matches too.")
@click.option("--write", "write_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as CSV to this file instead of printing it.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per agency.")
@click.pass_obj
def bundle_places_cmd(settings: Settings, min_population: int | None, show_all: bool,
                      write_path: Path | None, as_json: bool) -> None:
    """How the bundled FBI Table 8 agency names match our places: by default only the names
    that are not a plain match (metro governments, townships, county and regional police), with
    the place they are filed under and why. Exit code 0 in every case; the report is the output.

    Example:

    \b
        claims official bundle-places
        claims official bundle-places --min-population 0 --write unmatched.csv
    """
    import csv

    from official.bundle_places import place_report

    threshold = settings.bundled_min_population if min_population is None else min_population
    rows = place_report(threshold, include_exact=show_all)
    if write_path:
        with open(write_path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["state"])
            writer.writeheader()
            writer.writerows(rows)
        click.echo(f"wrote {len(rows)} agencies to {write_path}")
        return
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, allow_nan=False))
            continue
        click.echo(f"{row['state']} {row['fbi_name']!r} -> {row['jurisdiction_id']} [{row['how']}] "
                   f"{row['years']}: {row['reason']}")
    if not as_json:
        unmatched = sum(1 for r in rows if r["how"] == "own_id")
        click.echo(f"{len(rows)} agencies listed; {unmatched} not matched to a gazetteer place "
                   "(filed under their own id).")


COMMANDS = [official]
