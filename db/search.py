"""Searching claims: full-text (FTS5) plus filters, a page of results, a total and facet counts.

All SQL here is built from fixed fragments chosen by which filters are set; every value the
user typed travels as a parameter. Free text becomes quoted FTS5 phrases, so punctuation in a
query cannot break the FTS syntax; ``OR`` between words and a trailing ``*`` (prefix) still work.
"""

from __future__ import annotations

import difflib
import json
import re
import secrets
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.errors import BadQuery, UnknownValue
from db.records import SearchPage, StoredClaim
from db.rows import STORED_CLAIM_SELECT, stored_claim_from_row
from extract.records import KINDS, OFFENSES
from verify.records import VERDICTS

# Sort orders by name -> ORDER BY fragment (fixed SQL, never user text).
SORTS: dict[str, str] = {
    "published_desc": "c.published DESC, c.id DESC",
    "published_asc": "c.published ASC, c.id ASC",
    "newest_claim": "c.id DESC",
    "relevance": "claims_fts.rank, c.id DESC",  # only with text
}
# The verdict a reader sees: the human review if any, else the machine's (indexed, migration 9).
EFFECTIVE_VERDICT = "coalesce(c.review_verdict, c.verdict, 'unchecked')"
# Facet name -> SQL expression over the claims row ``c``.
FACETS: dict[str, str] = {
    "city": "c.city",
    "offense": "c.offense",
    "kind": "c.kind",
    "verdict": EFFECTIVE_VERDICT,
    "outlet": "c.outlet",
}
FACET_SIZE = 30
FACET_SCAN_MAX = 20_000  # up to this many matches, facets are counted in one pass
# The verdict filter matches the human review when there is one, else the machine's verdict.
EFFECTIVE_VERDICTS: tuple[str, ...] = (*VERDICTS, "unchecked")
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a reporter asks for. Unset filters (None) do not filter."""

    text: str | None = None
    city: str | None = None
    state: str | None = None
    offense: str | None = None
    kind: str | None = None
    verdict: str | None = None  # supported ... needs_review, or "unchecked"
    outlet: str | None = None
    date_from: str | None = None  # article published on or after (YYYY-MM-DD)
    date_to: str | None = None  # article published on or before (YYYY-MM-DD)
    sort: str = "published_desc"
    limit: int = 50
    offset: int = 0
    match_titles: bool = False  # also match the text against article titles


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted phrases (AND between them, ``OR`` kept, ``*`` prefix).

    >>> fts_query('homicides "so far" dr.-ing*')
    '"homicides" "so far" "dr.-ing"*'
    """
    parts: list[str] = []
    text = _CONTROL.sub(" ", text)  # a NUL ends the string inside SQLite's FTS parser
    for match in _TERM.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        raw = phrase if phrase is not None else word
        prefix = phrase is None and raw.endswith("*") and len(raw) > 1
        raw = raw.rstrip("*") if prefix else raw
        if not raw.strip():
            continue
        parts.append('"' + raw.replace('"', '""') + '"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


def _where(q: SearchQuery) -> tuple[str, list[str], list[Any]]:
    """FROM clause, WHERE conditions and their parameters for a query."""
    conditions: list[str] = []
    params: list[Any] = []
    source = "claims c"
    match = fts_query(q.text) if q.text else None
    if match is not None:
        if q.match_titles:
            conditions.append(
                "(c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?) OR c.article_id "
                "IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
            params += [match, match]
        else:
            source = "claims_fts JOIN claims c ON c.id = claims_fts.rowid"
            conditions.append("claims_fts MATCH ?")
            params.append(match)
    for value, condition in (
        (q.city, "c.city = ?"), (q.state, "c.state = ?"), (q.offense, "c.offense = ?"),
        (q.kind, "c.kind = ?"), (q.outlet, "c.outlet = ?"),
        (q.date_from, "c.published >= ?"), (q.date_to, "c.published <= ?"),
    ):
        if value is not None:
            conditions.append(condition)
            params.append(value)
    if q.verdict is not None:
        conditions.append(f"{EFFECTIVE_VERDICT} = ?")
        params.append(q.verdict)
    return source, conditions, params


def _run(db: Database, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc).lower() or "match" in str(exc).lower():
            raise BadQuery(f"The search text could not be understood ({exc}). Use plain words, "
                           'put exact phrases in "double quotes", and OR between alternatives.'
                           ) from exc
        raise


def _count(counters: dict[str, Counter[str]]) -> dict[str, tuple[tuple[str, int], ...]]:
    return {name: tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE])
            for name, counter in counters.items()}


def _one_pass(db: Database, source: str, where: str, params: list[Any], q: SearchQuery,
              relevance: bool) -> tuple[list[int], int, dict[str, tuple[tuple[str, int], ...]]] | None:
    """Page ids, total and facets from a single scan of the matches, or None if there are more
    than FACET_SCAN_MAX of them (then the caller lets SQLite sort and group)."""
    rank = "claims_fts.rank" if relevance else "0"
    matches = _run(db, f"SELECT c.id, c.published, {rank}, {', '.join(FACETS.values())} "
                       f"FROM {source}{where} LIMIT ?", [*params, FACET_SCAN_MAX + 1])
    if len(matches) > FACET_SCAN_MAX:
        return None
    columns = list(zip(*matches, strict=True)) if matches else [()] * (3 + len(FACETS))
    counters: dict[str, Counter[str]] = {}
    for name, values in zip(FACETS, columns[3:], strict=True):
        counter = Counter(values)
        if None in counter:
            counter[""] += counter.pop(None)
        counters[name] = counter
    if relevance:
        matches.sort(key=lambda r: (r[2], -r[0]))
    elif q.sort == "newest_claim":
        matches.sort(key=lambda r: -r[0])
    else:  # by date, NULL dates last when newest first and first when oldest first (as SQLite)
        matches.sort(key=lambda r: (r[1] is not None, r[1] or "", r[0]),
                     reverse=q.sort != "published_asc")
    offset, limit = max(q.offset, 0), max(q.limit, 0)
    return [int(r[0]) for r in matches[offset:offset + limit]], len(matches), _count(counters)


def _grouped_facets(db: Database, source: str, where: str, params: list[Any],
                    full_text: bool) -> dict[str, tuple[tuple[str, int], ...]]:
    """Facet counts for many matches. Without full-text search each facet is one GROUP BY the
    indexes answer; with it, the matches' facet values are copied once into a temporary table
    (one FTS scan instead of five) and grouped there."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    if not full_text:
        for name, expression in FACETS.items():
            for value, n in _run(db, f"SELECT {expression} AS v, count(*) FROM {source}{where} "
                                     "GROUP BY v", params):
                counters[name][value if value is not None else ""] = int(n)
        return _count(counters)
    temp = f"temp.facet_hits_{secrets.token_hex(4)}"  # per call: no clash between callers
    columns = ", ".join(f"{expression} AS f{i}" for i, expression in enumerate(FACETS.values()))
    try:
        _run(db, f"CREATE TEMP TABLE {temp.removeprefix('temp.')} AS SELECT {columns} "
                 f"FROM {source}{where}", params)
        for i, name in enumerate(FACETS):
            for value, n in db.execute(f"SELECT f{i}, count(*) FROM {temp} GROUP BY 1"):
                counters[name][value if value is not None else ""] = int(n)
    finally:
        db.execute(f"DROP TABLE IF EXISTS {temp}")
    return _count(counters)


def search_claims(db: Database, q: SearchQuery, *, facets: bool = True) -> SearchPage:
    """One page of claims matching ``q``, the total number of matches and (optionally) facets.

    With facets, up to 20,000 matches are read once (ids, dates, facet values) and the page,
    total and counts made from that one scan; beyond that SQLite sorts and groups.
    """
    if q.sort not in SORTS:
        raise BadQuery(f"Unknown sort {q.sort!r}; use one of: {', '.join(SORTS)}.")
    if q.verdict is not None and q.verdict not in EFFECTIVE_VERDICTS:
        raise UnknownValue("verdict", q.verdict, tuple(difflib.get_close_matches(
            q.verdict, EFFECTIVE_VERDICTS, n=3, cutoff=0.4)) or EFFECTIVE_VERDICTS)
    source, conditions, params = _where(q)
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    relevance = q.sort == "relevance" and source.startswith("claims_fts")
    order = SORTS["published_desc"] if q.sort == "relevance" and not relevance else SORTS[q.sort]
    scanned = _one_pass(db, source, where, params, q, relevance) if facets else None
    facet_counts: dict[str, tuple[tuple[str, int], ...]] = {}
    if scanned is not None:
        ids, total, facet_counts = scanned
    else:
        limits = [*params, max(q.limit, 0), max(q.offset, 0)]
        if source.startswith("claims_fts"):  # one FTS scan gives the page and the total
            page = _run(db, f"SELECT c.id, count(*) OVER () FROM {source}{where} ORDER BY {order} "
                            "LIMIT ? OFFSET ?", limits)
            if page:
                total = int(page[0][1])
            elif q.offset <= 0:
                total = 0
            else:
                total = int(_run(db, f"SELECT count(*) FROM {source}{where}", params)[0][0])
        else:  # indexes answer both quickly; a window count would read every match
            page = _run(db, f"SELECT c.id FROM {source}{where} ORDER BY {order} LIMIT ? OFFSET ?",
                        limits)
            total = int(_run(db, f"SELECT count(*) FROM {source}{where}", params)[0][0])
        ids = [int(r[0]) for r in page]
        if facets and total:
            facet_counts = _grouped_facets(db, source, where, params, full_text=bool(q.text))
    rows: tuple[StoredClaim, ...] = ()
    if ids:
        by_id = {r["id"]: r for r in db.query(
            STORED_CLAIM_SELECT + " WHERE c.id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)])}
        rows = tuple(stored_claim_from_row(by_id[i]) for i in ids if i in by_id)
    return SearchPage(rows=rows, total=total, facets=facet_counts, limit=q.limit, offset=q.offset)


# Filter name -> the column whose stored values are valid choices (fixed SQL).
_VALUE_COLUMNS: dict[str, str] = {"city": "city", "state": "state", "outlet": "outlet"}
_FIXED_VALUES: dict[str, tuple[str, ...]] = {
    "offense": OFFENSES, "kind": KINDS, "verdict": EFFECTIVE_VERDICTS,
}


def known_values(db: Database, field: str) -> list[str]:
    """The values a filter can take: stored ones for city/state/outlet, the vocabulary otherwise."""
    if field in _FIXED_VALUES:
        return list(_FIXED_VALUES[field])
    column = _VALUE_COLUMNS[field]
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT {column} FROM claims WHERE {column} IS NOT NULL ORDER BY 1")]


def resolve_value(db: Database, field: str, value: str) -> str:
    """The stored spelling of a filter value (case-insensitive), or ``UnknownValue`` listing close
    valid values."""
    choices = known_values(db, field)
    folded = {c.casefold(): c for c in choices}
    if value.casefold() in folded:
        return folded[value.casefold()]
    close = difflib.get_close_matches(value.casefold(), list(folded), n=5, cutoff=0.5)
    if not close:
        close = [c for c in folded if c.startswith(value.casefold()[:2])][:5]
    raise UnknownValue(field, value, tuple(folded[c] for c in close))


def iter_claims(db: Database, q: SearchQuery, *, chunk: int = 500) -> Iterator[StoredClaim]:
    """Every claim matching ``q`` (ignoring limit and offset), in the query's order (exports)."""
    if q.sort not in SORTS:
        raise BadQuery(f"Unknown sort {q.sort!r}; use one of: {', '.join(SORTS)}.")
    source, conditions, params = _where(q)
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    order = SORTS[q.sort] if (q.sort != "relevance" or source.startswith("claims_fts")) \
        else SORTS["published_desc"]
    ids = [int(r[0]) for r in _run(db, f"SELECT c.id FROM {source}{where} ORDER BY {order}", params)]
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        by_id = {r["id"]: r for r in db.query(
            STORED_CLAIM_SELECT + " WHERE c.id IN (SELECT value FROM json_each(?))",
            [json.dumps(part)])}
        for i in part:
            if i in by_id:
                yield stored_claim_from_row(by_id[i])
