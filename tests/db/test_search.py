"""Search: full text, filters, facets, totals, and text that must never break the query."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from db.errors import BadQuery, UnknownValue
from db.search import SearchQuery, fts_query, iter_claims, resolve_value, search_claims


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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fts_query_of_any_text_is_valid_fts5(text: str) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute("INSERT INTO t VALUES ('homicides fell 18 percent')")
    query = fts_query(text)
    if query is not None:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [query]).fetchall()


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('homicides "so far" fell* OR rose') == '"homicides" "so far" "fell"* OR "rose"'
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
        resolve_value(filled, "offense", "homicides")


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
