"""Search: full text, filters, facets, totals, and text that must never break the query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from db.errors import BadQuery, UnknownValue
from db.records import SearchPage
from db.search import SearchQuery, fts_query, iter_claims, resolve_value, search_claims
from db.store import get_claim


def ids(db: Database, **kw: object) -> list[int]:
    return [c.claim_id for c in search_claims(db, SearchQuery(**kw), facets=False).rows]  # type: ignore[arg-type]


@pytest.mark.parametrize(("kw", "expected"), [
    ({}, [2, 1, 3, 4]),  # newest first
    ({"text": "fell"}, [1, 4]),
    ({"text": "fell", "city": "eastport"}, [4]),
    ({"text": "homicides OR burglaries"}, [2, 3]),
    ({"text": '"dropped 30"'}, [3]),
    ({"text": "burgl*"}, [2]),
    ({"offense": "shooting"}, [1]),
    ({"outlet": "Valley Courier"}, [2, 3]),
    ({"verdict": "supported"}, [2]),
    ({"verdict": "unchecked"}, [4]),
    ({"verdict": "contradicted"}, [1]),
    ({"date_from": "2026-09-01", "date_to": "2026-10-01"}, [1, 3]),
    ({"state": "ct", "kind": "percent_change", "sort": "published_asc"}, [4, 3, 1, 2]),
    ({"text": "robbery trends", "match_titles": True}, [4]),
    ({"text": "robbery trends"}, []),
])
def test_filters(filled: Database, kw: dict[str, object], expected: list[int]) -> None:
    assert ids(filled, **kw) == expected


def test_total_and_paging(filled: Database) -> None:
    first = search_claims(filled, SearchQuery(limit=3), facets=False)
    second = search_claims(filled, SearchQuery(limit=3, offset=3), facets=False)
    past = search_claims(filled, SearchQuery(limit=3, offset=10), facets=False)
    assert (first.total, len(first.rows)) == (4, 3)
    assert (second.total, [c.claim_id for c in second.rows]) == (4, [4])
    assert (past.total, past.rows) == (4, ())


def test_facets_count_the_matches(filled: Database) -> None:
    page = search_claims(filled, SearchQuery(city="Millbrook"))
    assert page.facets["offense"] == (("burglary", 1), ("shooting", 1))
    assert page.facets["verdict"] == (("contradicted", 1), ("supported", 1))
    assert page.facets["outlet"] == (("Harbor Ledger", 1), ("Valley Courier", 1))
    everything = search_claims(filled, SearchQuery())
    assert everything.facets["city"] == (("Eastport", 2), ("Millbrook", 2))


def test_rows_carry_article_and_verdicts(filled: Database) -> None:
    (row,) = search_claims(filled, SearchQuery(text="burglaries")).rows
    assert (row.article_url, row.outlet, row.verdict, row.review_verdict, row.published) == (
        "https://news.example/2", "Valley Courier", "supported", "supported", "2026-10-05")


@pytest.mark.parametrize("text", ['"', "AND", "OR", "NOT fell", "fell)", "(", "*", "a:b", "NEAR(x y)",
                                  "col:sentence", "^start", "'; DROP TABLE claims; --", "fell -", "ü"])
def test_awkward_text_is_searched_literally(filled: Database, text: str) -> None:
    page = search_claims(filled, SearchQuery(text=text))
    assert page.total == len(page.rows)
    assert filled.execute("SELECT count(*) FROM claims").fetchone()[0] == 4


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fts_query_of_any_text_is_valid_fts5(text: str) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('homicides fell 18 percent')")
    query = fts_query(text)
    if query is not None:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [query]).fetchall()


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('homicides "so far" fell* OR rose', synonyms=False) == \
        '"homicides" "so far" "fell"* OR "rose"'
    assert fts_query('say "hi') == '"say" "\\"hi"'.replace('\\"', '""')
    assert fts_query("OR OR") is None
    assert fts_query("   ") is None


def test_unknown_sort_is_a_bad_query(filled: Database) -> None:
    with pytest.raises(BadQuery, match="Unknown sort"):
        search_claims(filled, SearchQuery(sort="loudest"))


def test_resolve_value_suggests_close_values(filled: Database) -> None:
    assert resolve_value(filled, "city", "MILLBROOK") == "Millbrook"
    assert resolve_value(filled, "offense", "Homicide") == "homicide"
    with pytest.raises(UnknownValue, match="Did you mean: Millbrook") as info:
        resolve_value(filled, "city", "Milbrok")
    assert info.value.suggestions == ("Millbrook",)
    with pytest.raises(UnknownValue, match="Did you mean: homicide"):
        resolve_value(filled, "offense", "homicdes")


def test_iter_claims_ignores_limit(filled: Database) -> None:
    assert [c.claim_id for c in iter_claims(filled, SearchQuery(limit=1), chunk=2)] == [2, 1, 3, 4]


def _with_undated_article(db: Database) -> None:
    from db.store import store_article, store_claims

    from .conftest import make_article, make_claim

    sentence = "Arsons fell 9 percent in Millbrook, the marshal said."
    article_id, _ = store_article(db, make_article(20, sentence, title="Fire report", published=None))  # type: ignore[arg-type]
    store_claims(db, article_id, [make_claim(sentence, "fell 9 percent", offense="arson", value=9,
                                             city="Millbrook", state="CT")])


@pytest.mark.parametrize("sort", ["published_desc", "published_asc", "newest_claim", "relevance"])
@pytest.mark.parametrize("kw", [{}, {"text": "fell"}, {"city": "Millbrook"}, {"text": "percent", "limit": 2},
                                {"limit": 2, "offset": 2}, {"text": "nothing-like-this"},
                                {"limit": 2, "offset": 9}])
def test_one_pass_and_sql_paths_agree(filled: Database, monkeypatch: pytest.MonkeyPatch,
                                      sort: str, kw: dict[str, object]) -> None:
    import db.search

    _with_undated_article(filled)
    q = SearchQuery(sort=sort, **kw)  # type: ignore[arg-type]
    one_pass = search_claims(filled, q)
    without_facets = search_claims(filled, q, facets=False)
    monkeypatch.setattr(db.search, "FACET_SCAN_MAX", 0)
    grouped = search_claims(filled, q)
    assert one_pass == grouped
    assert (one_pass.rows, one_pass.total) == (without_facets.rows, without_facets.total)


# --- The optimized search against a plain reference ------------------------------------------
# search_claims picks among several plans (filters' index probing full-text search, full-text
# search driving with "+column" filters, a temporary table of hits, a one-pass count in Python,
# GROUP BY over indexes). The reference below is one plain query per search: every claim that
# matches, then sorted, paged and counted in Python. Both must give the same rows, total and
# facets for every query, under every plan threshold.

_CITIES = [("Millbrook", "CT"), ("Eastport", "CT"), ("Eastport", "ME"), ("Riverton", "WY"),
           ("Oak Hollow", None), (None, None)]
_OFFENSES = ["homicide", "robbery", "burglary", "larceny", "shooting"]
_WORDS = {"homicide": "Killings", "robbery": "Robberies", "burglary": "Break-ins",
          "larceny": "Thefts", "shooting": "Shootings"}
_VERBS = [("fell", "decrease"), ("dropped", "decrease"), ("rose", "increase"), ("climbed", "increase")]
_TAILS = ["so far this year", "compared with last year", "over the summer", "the chief said"]


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """About 1,200 claims: 40 outlets (more than a facet shows), undated articles, claims with
    no place, machine verdicts and a few human reviews that override them."""
    import random

    from db.connection import open_db
    from db.store import add_review, store_article, store_check, store_claims_many

    from .conftest import make_article, make_check, make_claim

    rng = random.Random(11)
    db = open_db(tmp_path_factory.mktemp("varied") / "claims.db")
    batches = []
    for n in range(1, 151):
        city, state = _CITIES[rng.randrange(len(_CITIES))]
        published = None if n % 17 == 0 else f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        claims = []
        for k in range(8):
            offense = rng.choice(_OFFENSES)
            verb, direction = rng.choice(_VERBS)
            quote = f"{verb} {rng.randint(2, 40)} percent"
            sentence = f"{_WORDS[offense]} in {city or 'town'} {quote} {rng.choice(_TAILS)}, note {n}-{k}."
            claim = make_claim(sentence, quote, offense=offense, direction=direction, city=city,
                               state=state)  # placed as the k-th sentence of the article
            claims.append(replace(claim, start=claim.start + 200 * k, end=claim.end + 200 * k,
                                  sentence_start=200 * k))
        article_id, _ = store_article(db, make_article(
            n, " ".join(c.sentence for c in claims), title=f"Report {n}", outlet=f"Outlet {n % 40}",
            published=published, city=city or "Nowhere", state=state or "ZZ"))  # type: ignore[arg-type]
        batches.append((article_id, claims))
    store_claims_many(db, batches)
    claim_ids = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]
    for claim_id in claim_ids:
        verdict = rng.choice(["supported", "close", "contradicted", "unverifiable", None])
        if verdict:
            store_check(db, make_check(claim_id, verdict))
    for claim_id in rng.sample(claim_ids, 60):
        add_review(db, claim_id, "dana", rng.choice(["supported", "contradicted"]), None)
    yield db
    db.close()


def _reference(db: Database, q: SearchQuery) -> SearchPage:
    """The plainest correct answer: one SELECT of every match, the rest done in Python."""
    from db.search import FACET_SIZE, FACETS

    where, params = ["1"], []
    match = fts_query(q.text) if q.text else None
    if match:
        where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(match)
    for column, value in (("city", q.city), ("state", q.state), ("offense", q.offense),
                          ("kind", q.kind), ("outlet", q.outlet)):
        if value is not None:
            where.append(f"c.{column} = ?")
            params.append(value)
    if q.date_from is not None:
        where.append("c.published >= ?")
        params.append(q.date_from)
    if q.date_to is not None:
        where.append("c.published <= ?")
        params.append(q.date_to)
    if q.verdict is not None:
        where.append("coalesce(c.review_verdict, c.verdict, 'unchecked') = ?")
        params.append(q.verdict)
    rank = "(SELECT rank FROM claims_fts WHERE claims_fts MATCH ? AND rowid = c.id)" if match else "0"
    rows = db.execute(f"SELECT c.id, c.published, {rank}, {', '.join(FACETS.values())} "
                      f"FROM claims c WHERE {' AND '.join(where)}",
                      ([match] if match else []) + params).fetchall()
    if q.sort == "relevance" and match:
        rows.sort(key=lambda r: (r[2], -r[0]))
    elif q.sort == "newest_claim":
        rows.sort(key=lambda r: -r[0])
    elif q.sort == "published_asc":  # SQLite puts NULL first going up, last going down
        rows.sort(key=lambda r: (r[1] is not None, r[1] or "", r[0]))
    else:
        rows.sort(key=lambda r: (r[1] is not None, r[1] or "", r[0]), reverse=True)
    facets = {}
    for i, name in enumerate(FACETS):
        counts: dict[str, int] = {}
        for r in rows:
            value = r[3 + i] if r[3 + i] is not None else ""
            counts[value] = counts.get(value, 0) + 1
        if rows:
            facets[name] = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE])
    page_ids = [r[0] for r in rows[q.offset:q.offset + q.limit]]
    return SearchPage(rows=tuple(get_claim(db, i) for i in page_ids), total=len(rows),
                      facets=facets, limit=q.limit, offset=q.offset)


_QUERIES = [
    {}, {"offset": 40, "limit": 20}, {"sort": "published_asc"}, {"sort": "newest_claim", "limit": 7},
    {"text": "fell"}, {"text": "fell", "sort": "relevance"}, {"text": "fell", "sort": "published_asc"},
    {"text": '"so far this year"', "sort": "relevance", "offset": 10, "limit": 10},
    {"text": "climb*", "outlet": "Outlet 3"}, {"text": "thefts OR robberies", "state": "CT"},
    {"text": "fell", "offense": "robbery", "sort": "relevance"},
    {"text": "rose", "city": "Eastport"}, {"text": "rose", "city": "Eastport", "state": "ME"},
    {"text": "chief", "verdict": "supported"}, {"text": "chief", "verdict": "unchecked"},
    {"text": "dropped", "date_from": "2025-03-01", "date_to": "2025-08-31"},
    {"text": "percent", "kind": "percent_change", "sort": "newest_claim", "offset": 100},
    {"text": "nothing-like-this"}, {"city": "Eastport"}, {"state": "CT", "offense": "larceny"},
    {"verdict": "contradicted"}, {"verdict": "close", "date_from": "2025-06-01"},
    {"outlet": "Outlet 7", "sort": "published_asc"}, {"date_to": "2025-02-28", "limit": 5},
    {"offense": "homicide", "offset": 2000},
]


@pytest.mark.slow
@pytest.mark.parametrize("thresholds", [None, (0, 0), (10**9, 10**9), (50, 100)])
def test_optimized_search_matches_plain_reference(varied: Database, monkeypatch: pytest.MonkeyPatch,
                                                  thresholds: tuple[int, int] | None) -> None:
    import db.search

    if thresholds is not None:  # force each plan: probe-or-drive and one-pass-or-group
        monkeypatch.setattr(db.search, "PROBE_MAX", thresholds[0])
        monkeypatch.setattr(db.search, "FACET_SCAN_MAX", thresholds[1])
    assert varied.execute("SELECT count(*) FROM claims").fetchone()[0] == 1200
    for kw in _QUERIES:
        q = SearchQuery(**kw)  # type: ignore[arg-type]
        expected = _reference(varied, q)
        got = search_claims(varied, q)
        assert (got.total, [r.claim_id for r in got.rows]) == (
            expected.total, [r.claim_id for r in expected.rows]), kw
        assert got.facets == expected.facets, kw
        assert got.rows == expected.rows and got.facets_timed_out == (), kw
        plain = search_claims(varied, q, facets=False)
        assert (plain.total, plain.rows) == (expected.total, expected.rows), kw
        assert [c.claim_id for c in iter_claims(varied, q)] == [
            r.claim_id for r in _reference(varied, replace(q, limit=10**6, offset=0)).rows], kw


def test_facet_time_limit_keeps_page_and_total_exact(varied: Database) -> None:
    q = SearchQuery(text="fell")
    full = search_claims(varied, q)
    rushed = search_claims(varied, q, facet_time_limit=0.0)
    assert (rushed.rows, rushed.total) == (full.rows, full.total)
    assert rushed.facets_timed_out and not set(rushed.facets) & set(rushed.facets_timed_out)
    assert all(rushed.facets[name] == full.facets[name] for name in rushed.facets)
    assert search_claims(varied, SearchQuery(), facet_time_limit=0.0).facets_timed_out
    assert search_claims(varied, q, facet_time_limit=30.0) == full
