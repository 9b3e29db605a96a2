"""Writes and reads of every pipeline record: the one import the other packages need.

The functions live in small modules by subject and are gathered here, so callers write
``from db.store import store_article, store_claims``.
"""

from __future__ import annotations

from db.articles import (
    articles_without_claims,
    get_article,
    store_article,
    store_claims,
    store_claims_many,
    upsert_source,
)
from db.checks import (
    add_review,
    checks_for,
    claims_about,
    claims_to_check,
    get_claim,
    reviews_for,
    store_check,
)
from db.crawl import (
    frontier_add,
    frontier_counts,
    frontier_next,
    frontier_skip,
    get_page_body,
    page_validators,
    record_fetch,
)
from db.official_store import (
    get_jurisdiction,
    get_observations,
    list_jurisdictions,
    observations_for,
    store_observations,
    upsert_jurisdiction,
    upsert_official_source,
)
from db.queue import priority, queue_size, review_queue, same_claim_elsewhere

__all__ = [
    "frontier_add", "frontier_counts", "frontier_next", "frontier_skip", "get_page_body",
    "page_validators", "record_fetch", "priority", "queue_size", "review_queue",
    "same_claim_elsewhere", "add_review", "articles_without_claims", "checks_for", "claims_about", "claims_to_check",
    "get_article", "get_claim", "get_jurisdiction", "get_observations",
    "list_jurisdictions", "observations_for", "reviews_for", "store_article",
    "store_check", "store_claims", "store_claims_many", "store_observations",
    "upsert_jurisdiction", "upsert_official_source", "upsert_source",
]
