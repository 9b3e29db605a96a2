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
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlite_utils import Database

from db.errors import BadQuery, UnknownValue
from db.records import SearchPage, StoredClaim
from db.rows import STORED_CLAIM_SELECT, stored_claim_from_row
from offenses.errors import UnknownOffense
from offenses.vocabulary import claim_family, normalize_key, normalize_offense, vocabulary
from records.check import VERDICTS
from records.claim import KINDS, OFFENSES

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
    "state": "c.state",
    "offense": "c.offense",
    "kind": "c.kind",
    "verdict": EFFECTIVE_VERDICT,
    "outlet": "c.outlet",
}
FACET_SIZE = 30
FACET_SCAN_MAX = 20_000  # filter-only searches up to this many matches: counted in one pass
# Text plus filters: when the filters alone leave at most this many claims, SQLite starts from
# their index and probes the full-text index per row; past it, full-text search drives.
PROBE_MAX = 600
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


# Longest run of words tried as one offense name ("motor vehicle thefts").
_OFFENSE_WORDS_MAX = 5


def _crude_stem(word: str) -> str:
    """A singular form for a plural ("robberies" -> "robbery"); FTS5's porter tokenizer stems
    the phrases again, so this only removes duplicates and phrases a shorter one covers."""
    for ending, repl in (("ies", "y"), ("s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + repl
    return word


@cache
def offense_phrases(name: str) -> tuple[str, ...] | None:
    """The words a reporter may mean by an offense name: every id, label and synonym of the
    claim offense it belongs to (offenses/data/offenses.toml), shortest first, without phrases that a
    shorter one already matches. None when ``name`` is no offense, or only an ambiguous one
    ("crime", "assaults"), or the catch-all ``other``.

    >>> offense_phrases("murder")[:3]
    ('homicide', 'killing', 'murder')
    """
    match = None
    for form in (name, name + "s"):  # the vocabulary lists some names only in the plural
        try:
            match = normalize_offense(form)
            break
        except UnknownOffense:
            continue
    if match is None:
        return None
    if match.matched_on not in ("id", "synonym") or match.claim_offense == "other":
        return None
    entries = vocabulary()
    found: list[str] = []
    for offense_id in claim_family(match.claim_offense):
        entry = entries[offense_id]
        found += [offense_id.replace("_", " "), entry.label, *entry.synonyms]
    words = sorted({tuple(_crude_stem(w) for w in normalize_key(p).replace("'", " ").split())
                    for p in found if normalize_key(p)}, key=lambda t: (len(t), t))
    kept: list[tuple[str, ...]] = []
    for phrase in words:
        if not any(_contains(phrase, shorter) for shorter in kept):
            kept.append(phrase)
    return tuple(" ".join(p) for p in kept)


def _contains(phrase: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(phrase[i:i + n] == part for i in range(len(phrase) - n + 1))


def _quoted(text: str, prefix: bool = False) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _either(phrases: tuple[str, ...]) -> str:
    return "(" + " OR ".join(_quoted(p) for p in phrases) + ")"


def fts_query(text: str, *, synonyms: bool = True) -> str | None:
    """User text as an FTS5 query of quoted phrases (AND between them, ``OR`` kept, ``*`` prefix).

    With ``synonyms``, words (or a quoted phrase) naming an offense become an OR of the
    offense's vocabulary, so "murder" also finds "homicides" and "killings" (and, through the
    indexed offense column, claims filed under homicide).

    >>> fts_query('fell "so far" dr.-ing*')
    '"fell" "so far" "dr.-ing"*'
    >>> fts_query('arsons fell')
    '("arson" OR "intentionally set fire") AND "fell"'
    """
    # (text, quoted, prefix) per term; None for OR.
    terms: list[tuple[str, bool, bool] | None] = []
    text = _CONTROL.sub(" ", text)  # a NUL ends the string inside SQLite's FTS parser
    for match in _TERM.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if word == "OR":
            if terms and terms[-1] is not None:
                terms.append(None)
            continue
        raw = phrase if phrase is not None else word
        prefix = phrase is None and raw.endswith("*") and len(raw) > 1
        raw = raw.rstrip("*") if prefix else raw
        if not raw.strip():
            continue
        terms.append((raw, phrase is not None, prefix))
    while terms and terms[-1] is None:
        terms.pop()
    parts: list[str] = []
    i = 0
    while i < len(terms):
        term = terms[i]
        if term is None:
            parts.append("OR")
            i += 1
            continue
        raw, quoted, prefix = term
        if synonyms and not prefix:
            # The longest run of plain words (or one quoted phrase) that names an offense.
            run = 1
            if not quoted:
                while (run < _OFFENSE_WORDS_MAX and i + run < len(terms)
                       and (t := terms[i + run]) is not None and not t[1] and not t[2]):
                    run += 1
            for size in range(run, 0, -1):
                expanded = offense_phrases(" ".join(t[0] for t in terms[i:i + size]))  # type: ignore[index]
                if expanded:
                    parts.append(_either(expanded))
                    i += size
                    break
            else:
                parts.append(_quoted(raw))
                i += 1
            continue
        parts.append(_quoted(raw, prefix))
        i += 1
    # FTS5 takes no implicit AND next to a bracketed group: write it out there.
    out: list[str] = []
    for part in parts:
        if out and "OR" not in (out[-1], part) and "(" in (out[-1][0], part[0]):
            out.append("AND")
        out.append(part)
    return " ".join(out) or None


@dataclass(frozen=True, slots=True)
class _Plan:
    """The SQL pieces of one search: FROM, WHERE (with its parameters) and how to order."""

    source: str
    where: str
    params: list[Any]
    full_text: bool  # the text is matched (FTS drives, or is probed per candidate row)
    relevance: bool  # ordered by FTS rank
    few: bool = False  # text probed per candidate: at most PROBE_MAX matches


def _conditions(q: SearchQuery, *, plain: bool) -> tuple[list[str], list[Any]]:
    """Filter conditions (not the text) and their parameters. ``plain`` writes ``+column`` so
    SQLite cannot use an index for them (then full-text search drives the query)."""
    plus = "+" if plain else ""
    conditions: list[str] = []
    params: list[Any] = []
    for value, column, op in (
        (q.city, "c.city", "="), (q.state, "c.state", "="), (q.offense, "c.offense", "="),
        (q.kind, "c.kind", "="), (q.outlet, "c.outlet", "="),
        (q.date_from, "c.published", ">="), (q.date_to, "c.published", "<="),
    ):
        if value is not None:
            conditions.append(f"{plus}{column} {op} ?")
            params.append(value)
    if q.verdict is not None:
        conditions.append(f"{plus}{EFFECTIVE_VERDICT} = ?")
        params.append(q.verdict)
    return conditions, params


def _filter_rows_at_most(db: Database, q: SearchQuery, limit: int) -> bool:
    """Whether the filters alone (no text) leave at most ``limit`` claims; reads <= limit + 1."""
    conditions, params = _conditions(q, plain=False)
    if not conditions:
        return False
    sql = ("SELECT count(*) FROM (SELECT 1 FROM claims c WHERE " + " AND ".join(conditions)
           + " LIMIT ?)")
    return int(db.execute(sql, [*params, limit + 1]).fetchone()[0]) <= limit


def _plan(db: Database, q: SearchQuery) -> _Plan:
    """How to run ``q``. With text and filters, SQLite on its own starts from a filter's index
    and probes the full-text index once per candidate row (20-300 us a probe); that is right
    when the filters leave a few hundred rows (city + offense) and slow when they leave
    thousands (an offense, an outlet, a verdict). Past ``PROBE_MAX`` candidates the filters
    are written ``+column = ?``, so full-text search drives and filters check each match."""
    match = fts_query(q.text) if q.text else None
    if match is not None and q.match_titles:
        conditions, params = _conditions(q, plain=False)
        conditions.insert(0, "(c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?) OR "
                             "c.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
        params = [match, match, *params]
        return _Plan("claims c", " WHERE " + " AND ".join(conditions), params, True, False)
    if match is not None:
        few = _filter_rows_at_most(db, q, PROBE_MAX)
        conditions, params = _conditions(q, plain=not few)
        where = " WHERE " + " AND ".join(["claims_fts MATCH ?", *conditions])
        return _Plan("claims_fts JOIN claims c ON c.id = claims_fts.rowid", where,
                     [match, *params], True, q.sort == "relevance", few)
    conditions, params = _conditions(q, plain=False)
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    return _Plan("claims c", where, params, False, False)


def _order(q: SearchQuery, plan: _Plan) -> str:
    return SORTS["published_desc"] if q.sort == "relevance" and not plan.relevance else SORTS[q.sort]


def _run(db: Database, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc).lower() or "match" in str(exc).lower():
            raise BadQuery(f"The search text could not be understood ({exc}). Use plain words, "
                           'put exact phrases in "double quotes", and OR between alternatives.'
                           ) from exc
        raise


Facets = dict[str, tuple[tuple[str, int], ...]]


def _top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE])


def _counted(pairs: Iterator[tuple[Any, Any]] | list[tuple[Any, Any]]) -> tuple[tuple[str, int], ...]:
    counter: Counter[str] = Counter()
    for value, n in pairs:
        counter[value if value is not None else ""] += int(n)
    return _top(counter)


@contextmanager
def _deadline(db: Database, end: float | None) -> Iterator[None]:
    """Interrupt SQLite statements still running at monotonic time ``end`` (None: no limit)."""
    if end is None:
        yield
        return
    db.conn.set_progress_handler(lambda: int(time.monotonic() > end), 2_000)
    try:
        yield
    finally:
        db.conn.set_progress_handler(None, 0)


def _grouped(db: Database, sql_for: dict[str, str], params: list[Any],
             time_limit: float | None) -> tuple[Facets, tuple[str, ...]]:
    """Facet counts, one GROUP BY per facet, and the facets left out because time ran out."""
    counts: Facets = {}
    end = None if time_limit is None else time.monotonic() + time_limit
    with _deadline(db, end):
        for name, sql in sql_for.items():
            try:
                if end is not None and time.monotonic() >= end:
                    raise sqlite3.OperationalError("interrupted")
                counts[name] = _counted(db.execute(sql, params).fetchall())
            except sqlite3.OperationalError as exc:
                if "interrupt" not in str(exc).lower():
                    raise
                return counts, tuple(n for n in sql_for if n not in counts)
    return counts, ()


def _one_pass(db: Database, plan: _Plan, q: SearchQuery) -> tuple[list[int], int, Facets] | None:
    """Page ids, total and facets from one read of the matches, sorted and counted here; None
    when there are more than FACET_SCAN_MAX (then SQLite sorts and groups)."""
    rank = "claims_fts.rank" if plan.relevance else "0"
    matches = _run(db, f"SELECT c.id, c.published, {rank}, {', '.join(FACETS.values())} "
                       f"FROM {plan.source}{plan.where} LIMIT ?", [*plan.params, FACET_SCAN_MAX + 1])
    if len(matches) > FACET_SCAN_MAX:
        return None
    columns = list(zip(*matches, strict=True)) if matches else [()] * (3 + len(FACETS))
    facets = {name: _counted(Counter(values).items())
              for name, values in zip(FACETS, columns[3:], strict=True)}
    if plan.relevance:
        matches.sort(key=lambda r: (r[2], -r[0]))
    elif q.sort == "newest_claim":
        matches.sort(key=lambda r: -r[0])
    else:  # by date, NULL dates last when newest first and first when oldest first (as SQLite)
        matches.sort(key=lambda r: (r[1] is not None, r[1] or "", r[0]),
                     reverse=q.sort != "published_asc")
    offset, limit = max(q.offset, 0), max(q.limit, 0)
    return [int(r[0]) for r in matches[offset:offset + limit]], len(matches), facets


def _via_hits(db: Database, plan: _Plan, q: SearchQuery,
              time_limit: float | None) -> tuple[list[int], int, Facets, tuple[str, ...]]:
    """Full-text search with facets: the match runs once, into a temporary table of each hit's
    id, date, rank and facet values; page, total and every facet are read from that table."""
    table = f"search_hits_{secrets.token_hex(4)}"  # per call: no clash between callers
    rank = "claims_fts.rank" if plan.relevance else "0"
    columns = ", ".join(f"{expression} AS f{i}" for i, expression in enumerate(FACETS.values()))
    order = _order(q, plan).replace("claims_fts.rank", "rank").replace("c.", "")
    try:
        _run(db, f"CREATE TEMP TABLE {table} AS SELECT c.id AS id, c.published AS published, "
                 f"{rank} AS rank, {columns} FROM {plan.source}{plan.where}", plan.params)
        total = int(db.execute(f"SELECT count(*) FROM temp.{table}").fetchone()[0])
        ids = [int(r[0]) for r in db.execute(
            f"SELECT id FROM temp.{table} ORDER BY {order} LIMIT ? OFFSET ?",
            [max(q.limit, 0), max(q.offset, 0)])]
        facets, skipped = _grouped(
            db, {name: f"SELECT f{i}, count(*) FROM temp.{table} GROUP BY 1"
                 for i, name in enumerate(FACETS)}, [], time_limit) if total else ({}, ())
    finally:
        db.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return ids, total, facets, skipped


def _page_and_total(db: Database, plan: _Plan, q: SearchQuery) -> tuple[list[int], int]:
    """The page's ids and the total, without facets."""
    limits = [*plan.params, max(q.limit, 0), max(q.offset, 0)]
    order = _order(q, plan)
    if plan.source.startswith("claims_fts"):  # one scan of the matches gives page and total
        page = _run(db, f"SELECT c.id, count(*) OVER () FROM {plan.source}{plan.where} "
                        f"ORDER BY {order} LIMIT ? OFFSET ?", limits)
        if page:
            total = int(page[0][1])
        elif q.offset <= 0:
            total = 0
        else:
            total = int(_run(db, f"SELECT count(*) FROM {plan.source}{plan.where}", plan.params)[0][0])
        return [int(r[0]) for r in page], total
    # Filters only: the indexes answer both; a window count would build every row first.
    total = int(_run(db, f"SELECT count(*) FROM {plan.source}{plan.where}", plan.params)[0][0])
    page = _run(db, f"SELECT c.id FROM {plan.source}{plan.where} ORDER BY {order} LIMIT ? OFFSET ?",
                limits) if total else []
    return [int(r[0]) for r in page], total


def search_claims(db: Database, q: SearchQuery, *, facets: bool = True,
                  facet_time_limit: float | None = None) -> SearchPage:
    """One page of claims matching ``q``, the total number of matches and (optionally) facets.

    With facets, a search known to have few matches (text plus filters that leave at most
    PROBE_MAX claims) and a filter-only search with up to FACET_SCAN_MAX matches are read once
    and sorted and counted here. Other text searches run the full-text match once into a
    temporary table and read page, total and counts from it. Filter-only searches with more
    matches (and the unfiltered listing) count and page through indexes, one GROUP BY a facet.
    ``facet_time_limit`` (seconds) stops facet counting when it runs out: the page and total
    are still exact, facets not counted in time are left out and named in
    ``SearchPage.facets_timed_out``.
    """
    if q.sort not in SORTS:
        raise BadQuery(f"Unknown sort {q.sort!r}; use one of: {', '.join(SORTS)}.")
    if q.verdict is not None and q.verdict not in EFFECTIVE_VERDICTS:
        raise UnknownValue("verdict", q.verdict, tuple(difflib.get_close_matches(
            q.verdict, EFFECTIVE_VERDICTS, n=3, cutoff=0.4)) or EFFECTIVE_VERDICTS)
    plan = _plan(db, q)
    facet_counts: Facets = {}
    skipped: tuple[str, ...] = ()
    # Text probed per candidate (few matches for sure), or filters only: try one pass.
    one_pass = plan.few or (bool(plan.where) and not plan.full_text)
    scanned = _one_pass(db, plan, q) if facets and one_pass else None
    if scanned is not None:
        ids, total, facet_counts = scanned
    elif facets and plan.full_text:
        ids, total, facet_counts, skipped = _via_hits(db, plan, q, facet_time_limit)
    elif facets:  # filters only, many matches (or no filter: every claim)
        ids, total = _page_and_total(db, plan, q)
        facet_counts, skipped = _grouped(
            db, {name: f"SELECT {expression} AS v, count(*) FROM claims c{plan.where} GROUP BY v"
                 for name, expression in FACETS.items()}, plan.params, facet_time_limit)
    else:
        ids, total = _page_and_total(db, plan, q)
    rows: tuple[StoredClaim, ...] = ()
    if ids:
        by_id = {r["id"]: r for r in db.query(
            STORED_CLAIM_SELECT + " WHERE c.id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids, allow_nan=False)])}
        rows = tuple(stored_claim_from_row(by_id[i]) for i in ids if i in by_id)
    return SearchPage(rows=rows, total=total, facets=facet_counts, limit=q.limit, offset=q.offset,
                      facets_timed_out=skipped)


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
    # One index seek per distinct value (a skip scan) instead of reading every claim's entry.
    return [r[0] for r in db.execute(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM claims UNION ALL "
        f"SELECT (SELECT min({column}) FROM claims WHERE {column} > v.x) FROM v "
        "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL")]


def resolve_value(db: Database, field: str, value: str) -> str:
    """The stored spelling of a filter value (case-insensitive), or ``UnknownValue`` listing close
    valid values. An offense may also be named by a plural or a synonym of the vocabulary
    ("murders", "car thefts"): it resolves to its claim offense."""
    choices = known_values(db, field)
    folded = {c.casefold(): c for c in choices}
    if value.casefold() in folded:
        return folded[value.casefold()]
    if field == "offense":
        try:
            match = normalize_offense(value)
        except UnknownOffense:
            match = None
        if match is not None and match.matched_on != "local" and match.claim_offense in folded:
            return folded[match.claim_offense]
    # A fixed vocabulary needs a close spelling ('contradicted' for 'contradcted', not 'close'
    # for 'false'); stored names (cities, outlets) are matched more loosely.
    cutoff = 0.75 if field in _FIXED_VALUES else 0.5
    close = difflib.get_close_matches(value.casefold(), list(folded), n=5, cutoff=cutoff)
    if not close and field == "verdict":
        close = list(folded)  # only six: list them all
    elif not close:
        close = [c for c in folded if c.startswith(value.casefold()[:2])][:5]
    raise UnknownValue(field, value, tuple(folded[c] for c in close))


def iter_claims(db: Database, q: SearchQuery, *, chunk: int = 500) -> Iterator[StoredClaim]:
    """Every claim matching ``q`` (ignoring limit and offset), in the query's order (exports)."""
    if q.sort not in SORTS:
        raise BadQuery(f"Unknown sort {q.sort!r}; use one of: {', '.join(SORTS)}.")
    plan = _plan(db, q)
    ids = [int(r[0]) for r in _run(
        db, f"SELECT c.id FROM {plan.source}{plan.where} ORDER BY {_order(q, plan)}", plan.params)]
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        by_id = {r["id"]: r for r in db.query(
            STORED_CLAIM_SELECT + " WHERE c.id IN (SELECT value FROM json_each(?))",
            [json.dumps(part, allow_nan=False)])}
        for i in part:
            if i in by_id:
                yield stored_claim_from_row(by_id[i])
