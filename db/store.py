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
    add_user,
    checks_for,
    claims_to_check,
    get_claim,
    get_user,
    list_users,
    reviews_for,
    store_check,
    update_user,
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

__all__ = [
    "add_review", "add_user", "articles_without_claims", "checks_for", "claims_to_check",
    "get_article", "get_claim", "get_jurisdiction", "get_observations", "get_user",
    "list_jurisdictions", "list_users", "observations_for", "reviews_for", "store_article",
    "store_check", "store_claims", "store_claims_many", "store_observations", "update_user",
    "upsert_jurisdiction", "upsert_official_source", "upsert_source",
]
