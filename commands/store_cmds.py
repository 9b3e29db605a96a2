"""`claims search`, `claims show` and `claims export`: reading the store.

Exit codes: 0 success (also when nothing matches), 1 a plain error (no database, unknown claim
id, search text the engine cannot use), 2 a usage error (unknown option, or a filter value such
as a city or offense that no stored claim has; the message lists close valid values).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from commands.render import human_time, table
from db.connection import open_db
from db.errors import BadQuery, StoreError, UnknownValue
from db.export import write_claimreview, write_csv, write_json
from db.records import StoredClaim
from db.search import SORTS, SearchQuery, iter_claims, resolve_value, search_claims
from db.store import checks_for, get_claim, reviews_for, same_claim_elsewhere

_QUOTE_WIDTH = 60
TABLE_LIMIT = 50  # rows the search table prints unless --limit says otherwise


def _open(settings: Any) -> Database:
    try:
        return open_db(settings.db_path, create=False, read_only_ok=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None


def filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The filters shared by search and export."""
    date_type = click.DateTime(formats=["%Y-%m-%d"])
    options = [
        click.option("--city", help="City the claim is about (case-insensitive)."),
        click.option("--state", help="State, e.g. CT."),
        click.option("--offense", help="Offense, e.g. homicide, robbery, violent_crime."),
        click.option("--kind", help="Claim kind: percent_change, count, count_change, from_to, rate, record."),
        click.option("--verdict", help="Reviewed verdict if any, else the machine's: supported, close, "
                                       "contradicted, unverifiable, needs_review, unchecked."),
        click.option("--outlet", help="News outlet (source name)."),
        click.option("--from", "date_from", type=date_type, help="Published on or after YYYY-MM-DD."),
        click.option("--to", "date_to", type=date_type, help="Published on or before YYYY-MM-DD."),
        click.option("--sort", type=click.Choice(list(SORTS)), default="published_desc",
                     show_default=True, help="Order of results."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def build_query(db: Database, text: str | None, limit: int, **filters: Any) -> SearchQuery:
    """A SearchQuery with each filter value resolved to its stored spelling (UsageError if unknown)."""
    resolved: dict[str, Any] = {}
    for field in ("city", "state", "offense", "kind", "verdict", "outlet"):
        value = filters.get(field)
        if value is not None:
            try:
                resolved[field] = resolve_value(db, field, value)
            except UnknownValue as exc:
                raise click.UsageError(_better(exc)) from exc
    return SearchQuery(text=text or None, date_from=_date(filters.get("date_from")),
                       date_to=_date(filters.get("date_to")), sort=filters.get("sort", "published_desc"),
                       limit=limit, **resolved)


def _better(exc: UnknownValue) -> str:
    """The error for an unknown filter value; a fact-checker's word for a verdict ('false',
    'mostly true') names the verdict it stands for."""
    if exc.field == "verdict":
        from web.verdict_words import UnknownVerdict, to_verdict

        try:
            meant = to_verdict(exc.value)
        except UnknownVerdict:
            meant = None
        if meant is not None:
            return (f"Unknown verdict {exc.value!r}: a fact-checker's {exc.value!r} is the verdict "
                    f"{meant!r} here. Use --verdict {meant}.")
    return str(exc)


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


_HEADERS = ["ID", "PUBLISHED", "OUTLET", "CITY", "OFFENSE", "VERDICT", "QUOTE"]


def by_sentence(claims: tuple[StoredClaim, ...]) -> list[list[StoredClaim]]:
    """The claims gathered under their sentence, in the order each sentence first appears."""
    groups: dict[str, list[StoredClaim]] = {}
    for c in claims:
        groups.setdefault(c.sentence_id, []).append(c)
    return list(groups.values())


def _table_rows(claims: tuple[StoredClaim, ...]) -> list[list[str] | str]:
    """A section line with each sentence, then one row per claim found in it (the article's
    date, outlet and city on its first row only)."""
    rows: list[list[str] | str] = []
    for group in by_sentence(claims):
        rows.append(group[0].claim.sentence)
        for n, c in enumerate(group):
            first = n == 0
            rows.append([str(c.claim_id), human_time(c.published) if first else "",
                         (c.outlet or "") if first else "", (c.city or "") if first else "",
                         c.claim.offense or "", c.review_verdict or c.verdict or "unchecked",
                         _short(c.claim.quote, _QUOTE_WIDTH)])
    return rows


def _print_table(claims: tuple[StoredClaim, ...]) -> None:
    table(_HEADERS, _table_rows(claims))


@click.command()
@click.argument("query", required=False)
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help=f"Most results to print. [default: {TABLE_LIMIT} in the table; every match "
                   "with --json]")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one claim a line.")
@click.pass_obj
def search(settings: Any, query: str | None, limit: int | None, as_json: bool, **filters: Any) -> None:
    """Search stored claims: full text over sentences, plus filters.

    QUERY is words to find in the claim's sentence ("exact phrase" in double quotes, OR between
    alternatives, a trailing * for a prefix). Words match their other forms ("homicide" finds
    "homicides"), and an offense's name finds its synonyms and the claims filed under it
    ("murder" finds "killings"). --offense takes plurals and synonyms too ("murders"). The table
    lists each sentence with the claims found in it, shows the first 50 claims and says how
    many more there are; --json writes every match, one claim a line with its sentence_id
    (claims of one sentence share it), unless --limit is given (then a note on stderr counts
    the rest). When nothing matches, the nearest cities, outlets and offenses are suggested.

    Example:

    \b
        claims search "shootings" --city Hartford --offense shooting --from 2025-01-01
        claims search murder --json > murders.jsonl
    """
    db = _open(settings)
    q = build_query(db, query, limit or TABLE_LIMIT, **filters)
    try:
        if as_json and limit is None:
            for claim in iter_claims(db, q):
                click.echo(json.dumps(claim.as_dict(), ensure_ascii=False, allow_nan=False))
            return
        page = search_claims(db, q, facets=False)
    except BadQuery as exc:
        raise click.ClickException(str(exc)) from exc
    more = page.total - len(page.rows)
    if as_json:
        for claim in page.rows:
            click.echo(json.dumps(claim.as_dict(), ensure_ascii=False, allow_nan=False))
        if more > 0:
            click.echo(f"Wrote {len(page.rows):,} of {page.total:,} matching claims (--limit "
                       f"{limit:,}); leave out --limit for all of them.", err=True)
        return
    if not page.rows:
        click.echo("No claims match." + _suggestions(db, q))
        return
    _print_table(page.rows)
    sentences = len(by_sentence(page.rows))
    click.echo(f"{len(page.rows):,} of {page.total:,} matching claims, in {sentences:,} "
               f"sentence{'s' if sentences != 1 else ''}."
               + (f" {more:,} not shown: use --limit {page.total} to list them, or --json for "
                  "every match." if more > 0 else ""))


def _suggestions(db: Database, q: SearchQuery) -> str:
    """' Did you mean: --city Chicago (Chicago, IL), --offense homicide?' or ''."""
    from db.suggest import suggest

    tips = suggest(db, q)
    if not tips:
        return ""
    return " Did you mean: " + ", ".join(
        f"--{t.field} {_shell_word(t.value)}" + (f" ({t.label})" if t.label != t.value else "")
        for t in tips) + "?"


def _shell_word(value: str) -> str:
    return value if value.replace("_", "").replace("-", "").isalnum() else f'"{value}"'


def _show_text(claim: StoredClaim, db: Database) -> None:
    c = claim.claim
    click.echo(f"Claim {claim.claim_id}: {c.quote}")
    click.echo(f"Sentence: {c.sentence}")
    value = ("no year or span" if c.value is None else f"{c.value:g}") \
        + (f" (from {c.from_value:g})" if c.from_value is not None else "")
    click.echo(f"Kind: {c.kind}, {c.direction}, {value} {c.unit}; offense: {c.offense or 'unknown'}")
    place = c.place.label() if c.place else "unknown"
    click.echo(f"Place: {place}" + (f"; period: {c.period}" if c.period else "")
               + (f"; baseline: {c.baseline}" if c.baseline else ""))
    click.echo(f"Article: {claim.article_title or '(untitled)'} — {claim.outlet or 'unknown outlet'}, "
               f"{human_time(claim.published) or 'date unknown'}")
    click.echo(f"URL: {claim.article_url}")
    flags = f" (flags: {', '.join(claim.flags)})" if claim.flags else ""
    click.echo(f"Verdict: {claim.verdict or 'unchecked'}{flags}")
    if claim.explanation:
        click.echo(f"Explanation: {claim.explanation}")
    checks = checks_for(db, claim.claim_id)
    click.echo(f"Checks ({len(checks)}):")
    for check in checks:
        click.echo(f"  {human_time(check.checked_at)}  {check.verdict}  {check.method_version}"
                   + (f"  [{', '.join(check.flags)}]" if check.flags else ""))
    reviews = reviews_for(db, claim.claim_id)
    click.echo(f"Reviews ({len(reviews)}):")
    for review in reviews:
        click.echo(f"  {human_time(review.created_at)}  {review.user_name}: {review.verdict}"
                   + (f" — {review.note}" if review.note else ""))
    elsewhere = same_claim_elsewhere(db, claim.claim_id)
    if elsewhere:
        click.echo(f"Same claim elsewhere ({len(elsewhere)}):")
        for other in elsewhere:
            click.echo(f"  {other.claim_id}  {other.outlet or 'unknown outlet'}  "
                       f"{human_time(other.published) or 'date unknown'}  {other.article_url}")


@click.command()
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="One JSON object with checks and reviews.")
@click.pass_obj
def show(settings: Any, claim_id: int, as_json: bool) -> None:
    """Show one claim: its sentence, article, machine checks and human reviews.

    Exits 1 if there is no claim with that id.

    Example:

    \b
        claims show 42 --json
    """
    db = _open(settings)
    try:
        claim = get_claim(db, claim_id)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if not as_json:
        _show_text(claim, db)
        return
    d = claim.as_dict()
    d["checks"] = [c.as_dict() for c in checks_for(db, claim_id)]
    d["reviews"] = [r.as_dict() for r in reviews_for(db, claim_id)]
    d["same_claim_elsewhere"] = [c.claim_id for c in same_claim_elsewhere(db, claim_id)]
    click.echo(json.dumps(d, ensure_ascii=False, allow_nan=False))


@click.command()
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "claimreview"]), required=True,
              help="csv, json (one array), or claimreview (schema.org JSON-LD, reviewed claims only).")
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Write at most this many claims (the first in --sort order). [default: every match]")
@click.pass_obj
def export(settings: Any, query: str | None, fmt: str, output: Path | None, limit: int | None,
           **filters: Any) -> None:
    """Export matching claims as CSV, JSON or ClaimReview JSON-LD.

    Takes the same QUERY and filters as `claims search` and writes every match unless --limit
    is given (then a note on standard error says how many were left out). ClaimReview covers
    only claims a fact-checker has reviewed; its author is the newsroom setting, or
    "claims-tracker". Exits 2 when a filter value is unknown.

    Example:

    \b
        claims export --format claimreview --city Hartford -o reviews.jsonld
    """
    db = _open(settings)
    q = build_query(db, query, 0, **filters)
    author = settings.newsroom
    try:
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise click.ClickException(
            f"Cannot write {output}: {exc.strerror or exc}. Check that its folder exists and is "
            "writable, or choose another file with -o.") from exc
    try:
        claims: Iterable[StoredClaim] = iter_claims(db, q)
        if limit is not None:
            claims = itertools.islice(claims, limit)
        if fmt == "csv":
            n = write_csv(claims, out)
        elif fmt == "json":
            n = write_json(claims, out)
        else:
            n = write_claimreview(db, claims, out, author)
    except BadQuery as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if output:
            out.close()
    if output:
        click.echo(f"Wrote {n:,} {'reviews' if fmt == 'claimreview' else 'claims'} to {output}.", err=True)
    if limit is not None:
        total = search_claims(db, q, facets=False).total
        if total > limit:
            click.echo(f"--limit {limit:,}: {total - limit:,} of {total:,} matching claims were left "
                       "out; leave out --limit for all of them.", err=True)


COMMANDS = [search, show, export]
