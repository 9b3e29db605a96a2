"""A small in-process cache in front of ``search_claims``.

Facet counts depend only on the filters, not on the page or the order, and they are the
expensive part of a search page (a GROUP BY per facet over every match). Reporters page through
results and many look at the same front page, so the app keeps the latest facet counts and
whole result pages in two LRU maps, keyed on the query and on ``data_generation(db)`` — a new
claim, check or review changes the key, so a cached answer is never stale.

Facet counting has a time budget (``facet_time_limit`` seconds, default 1 s): on a huge result
set the page and total still come back exact and the facets not counted in time are named in
``SearchPage.facets_timed_out``; such incomplete facets are not cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from db.records import SearchPage
from db.search import SearchQuery, search_claims
from db.web_queries import data_generation


class _LRU:
    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def put(self, key: Any, value: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


FACET_TIME_LIMIT = 1.0  # seconds of facet counting per search before the rest are skipped


class SearchCache:
    """``search(db, q)`` = ``search_claims(db, q, facets=True, facet_time_limit=...)``,
    remembered; size 0 = off."""

    def __init__(self, size: int = 512, facet_time_limit: float | None = FACET_TIME_LIMIT) -> None:
        self.enabled = size > 0
        self.facet_time_limit = facet_time_limit
        self._pages = _LRU(size)
        self._facets = _LRU(size)
        self.hits = 0
        self.misses = 0

    def search(self, db: Database, q: SearchQuery) -> SearchPage:
        if not self.enabled:
            return search_claims(db, q, facets=True, facet_time_limit=self.facet_time_limit)
        generation = data_generation(db)
        page_key = (q, generation)
        page = self._pages.get(page_key)
        if page is not None:
            self.hits += 1
            return page
        self.misses += 1
        facet_key = (replace(q, sort="published_desc", limit=0, offset=0), generation)
        facets = self._facets.get(facet_key)
        if facets is None:
            page = search_claims(db, q, facets=True, facet_time_limit=self.facet_time_limit)
            if page.facets_timed_out:  # incomplete: try again next time
                return page
            self._facets.put(facet_key, page.facets)
        else:
            page = replace(search_claims(db, q, facets=False), facets=facets)
        self._pages.put(page_key, page)
        return page
