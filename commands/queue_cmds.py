"""`claims queue`: the fact-checkers' review queue in the terminal, with the web page's filters."""

from __future__ import annotations

import json
from typing import Any

import click

from commands.render import human_time, number, table


@click.command("queue")
@click.option("--city", help="Only claims about this city (case-insensitive).")
@click.option("--offense", help="Only this offense (plurals and synonyms too: murders).")
@click.option("--verdict", help="Only this machine verdict: contradicted, close, needs_review, unverifiable.")
@click.option("--flag", help="Only claims whose check has this flag, e.g. small_base, preliminary_data.")
@click.option("--outlet", help="Only this outlet (source name).")
@click.option("--reviewed", is_flag=True, help="Also list claims a fact-checker already reviewed.")
@click.option("--possible", is_flag=True,
              help="List the possible claims (sentences no rule parsed) instead; --city and --outlet apply.")
@click.option("--limit", type=click.IntRange(min=1), default=25, show_default=True, help="Claims per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Which page.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines, one claim a line, with its priority score and reasons.")
@click.pass_obj
def queue(settings: Any, city: str | None, offense: str | None, verdict: str | None, flag: str | None,
          outlet: str | None, reviewed: bool, possible: bool, limit: int, page: int, as_json: bool) -> None:
    """The review queue: flagged claims, most urgent first, each with the reasons it is there
    (contradicted by official figures; an outlet with many readers; published 2 days ago).

    Example:

    \b
        claims queue
        claims queue --city Chicago --verdict contradicted
        claims queue --flag small_base --page 2 --json
        claims queue --possible
    """
    from commands.store_cmds import _better, _open
    from db.errors import UnknownValue
    from db.possible import possible_queue, possible_queue_size
    from db.queue import QueueFilter, priority_words
    from db.search import resolve_value
    from db.store import queue_size, review_queue

    db = _open(settings)
    resolved: dict[str, str | None] = {"flag": flag}
    for field, value in (("city", city), ("offense", offense), ("verdict", verdict), ("outlet", outlet)):
        try:
            resolved[field] = resolve_value(db, field, value) if value is not None else None
        except UnknownValue as exc:
            raise click.UsageError(_better(exc)) from exc
    filters = QueueFilter(**resolved)
    offset = (page - 1) * limit
    if possible:
        total = possible_queue_size(db, city=filters.city, outlet=filters.outlet)
        items = possible_queue(db, limit=limit, offset=offset, city=filters.city, outlet=filters.outlet)
        for p in items if as_json else ():
            click.echo(json.dumps({"possible_id": p.possible_id, "sentence": p.sentence,
                                   "published": p.published, "outlet": p.outlet, "city": p.city,
                                   "score": p.score, "reason": p.reason}, ensure_ascii=False,
                                  allow_nan=False))
        if not as_json and items:
            table(["ID", "PUBLISHED", "OUTLET", "CITY", "SENTENCE"],
                  [[str(p.possible_id), human_time(p.published), p.outlet or "", p.city or "",
                    _short(p.sentence, 70)] for p in items])
        if not as_json:
            _footer(len(items), total, offset, "possible claims")
        return
    total = queue_size(db, include_reviewed=reviewed, filters=filters)
    rows = review_queue(db, limit=limit, offset=offset, include_reviewed=reviewed, filters=filters)
    if as_json:
        for c in rows:
            click.echo(json.dumps(c.as_dict(), ensure_ascii=False, allow_nan=False))
        return
    if rows:
        table(["RANK", "ID", "PRIORITY", "VERDICT", "CITY", "OFFENSE", "QUOTE", "WHY"],
              [[str(offset + n), str(c.claim_id), priority_words(c.priority).removesuffix(" priority"),
                c.verdict or "unchecked", c.city or "", c.claim.offense or "", _short(c.claim.quote, 40),
                "; ".join(c.priority_reasons)] for n, c in enumerate(rows, start=1)])
    _footer(len(rows), total, offset, "flagged claims")


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _footer(shown: int, total: int, offset: int, what: str) -> None:
    if not total:
        click.echo(f"No {what} match.")
        return
    more = total - offset - shown
    click.echo(f"{offset + 1 if shown else offset}-{offset + shown} of {number(total)} {what}."
               + (f" {number(more)} more: --page {offset // max(shown, 1) + 2}." if more > 0 and shown else ""))


COMMANDS = [queue]
