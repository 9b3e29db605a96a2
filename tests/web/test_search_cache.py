"""The search cache returns what search_claims returns, and forgets when data changes."""

from __future__ import annotations

from db.connection import open_db
from db.search import SearchQuery, search_claims
from db.store import add_review
from web.search_cache import SearchCache


def test_cached_pages_equal_fresh_ones_across_pages(seeded) -> None:
    db = open_db(seeded.path)
    cache = SearchCache(8)
    for offset in (0, 10, 20, 0):
        q = SearchQuery(outlet="Valley Herald", limit=10, offset=offset)
        assert cache.search(db, q) == search_claims(db, q, facets=True)
    assert cache.hits == 1 and cache.misses == 3


def test_a_new_review_changes_the_key(seeded) -> None:
    db = open_db(seeded.path)
    cache = SearchCache(8)
    q = SearchQuery(verdict="supported")
    assert cache.search(db, q).total == 1
    add_review(db, seeded.ledger_claim, "rita", "supported", None)
    assert cache.search(db, q).total == 2


def test_size_zero_turns_it_off(seeded) -> None:
    db = open_db(seeded.path)
    cache = SearchCache(0)
    cache.search(db, SearchQuery())
    cache.search(db, SearchQuery())
    assert cache.hits == 0


def test_facets_cut_short_by_the_time_limit_are_not_cached(seeded) -> None:
    db = open_db(seeded.path)
    rushed = SearchCache(8, facet_time_limit=0.0)
    q = SearchQuery(text="homicides")
    first = rushed.search(db, q)
    assert first.facets_timed_out and first.total == search_claims(db, q).total
    assert rushed.search(db, q).facets_timed_out and rushed.hits == 0
    patient = SearchCache(8)
    assert patient.search(db, q) == search_claims(db, q) and not patient.search(db, q).facets_timed_out
