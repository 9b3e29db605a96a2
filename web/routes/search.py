"""Reporters' search: full-text and filters with facet counts, and CSV/JSON export of any search."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlite_utils import Database
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from db.connection import open_db
from db.errors import StoreError
from db.export import csv_row, csv_writer
from db.records import SearchPage, StoredClaim
from db.search import SearchQuery, iter_claims, known_values, search_claims
from db.suggest import Suggestion, suggest, without
from db.web_queries import archived_claim_ids
from web.grouping import group_by_sentence
from web.guards import require_role
from web.params import FILTER_LABELS, FILTERS, SORTS, BadParams, SearchParams
from web.search_cache import SearchCache
from web.state import state_of

EXPORT_BATCH = 1000
EXPORT_MAX_ROWS = 200_000

def facet_view(params: SearchParams, page: SearchPage, path: str) -> list[dict[str, Any]]:
    """Facet lists for the template: each value with its count and the URL that toggles it."""
    out: list[dict[str, Any]] = []
    for name in FILTERS:
        chosen = params.selected(name)
        if FILTERS[name][0] not in page.facets and not chosen:
            continue
        values = page.facets.get(FILTERS[name][0], ())
        items = []
        for value, count in values:
            if value is None or value == "":
                continue
            selected = chosen is not None and str(value).lower() == chosen.lower()
            url = params.url(path, **{name: None if selected else value, "page": None})
            items.append({"value": value, "count": count, "selected": selected, "url": url})
        if chosen and not any(i["selected"] for i in items):
            items.insert(0, {"value": chosen, "count": page.total, "selected": True,
                             "url": params.url(path, **{name: None, "page": None})})
        out.append({"name": name, "label": FILTER_LABELS[name], "items": items,
                    "open": bool(chosen) or len(items) <= 8})
    return out


def page_links(params: SearchParams, total: int, path: str) -> dict[str, Any]:
    count = max(1, -(-total // params.per_page))
    number = min(params.page, count)
    return {
        "number": number, "count": count,
        "prev": params.url(path, page=number - 1 if number > 2 else None) if number > 1 else None,
        "next": params.url(path, page=number + 1) if number < count else None,
    }


def _search_page(db: Database, cache: SearchCache, query: SearchQuery | None
                 ) -> tuple[SearchPage | None, set[int], list[str], tuple[Suggestion, ...]]:
    """Everything the page reads, in one trip to a worker thread: the results (None without a
    usable query), which of them have an archived copy, the states the State menu offers, and
    when nothing matched, the filter values nearest to what was typed."""
    page = cache.search(db, query) if query is not None else None
    archived = archived_claim_ids(db, [row.claim_id for row in page.rows]) if page else set()
    tips = suggest(db, query) if page is not None and query is not None and not page.total else ()
    return page, archived, known_values(db, "state"), tips


def suggestion_links(params: SearchParams, tips: tuple[Suggestion, ...], path: str
                     ) -> list[dict[str, str]]:
    """Each suggestion with the URL of the search it proposes (the word it replaces taken out
    of the text, the filter set)."""
    return [{"label": t.label, "field": FILTER_LABELS.get(t.field, t.field).lower(),
             "url": params.url(path, q=without(params.q, t.replaces), page=None, **{t.field: t.value})}
            for t in tips]


async def search(request: Request) -> Response:
    require_role(request, "reporter")
    st = state_of(request)
    params = SearchParams.from_query(request.query_params)
    path = request.url_for("search").path
    error: str | None = None
    page = SearchPage(rows=(), total=0, facets={})
    states: list[str] = []
    archived: set[int] = set()
    tips: tuple[Suggestion, ...] = ()
    try:
        query = params.query()
    except BadParams as exc:
        query, error = None, str(exc)
    try:
        found, archived, states, tips = await st.run(_search_page, st.search_cache, query)
        page = found or page
    except StoreError as exc:
        error = str(exc)
    chosen_state = params.selected("state")
    if chosen_state and chosen_state not in states:
        states = [chosen_state, *states]
    context = {
        "active": "search",
        "form": {"q": params.q, "from": params.date_from, "to": params.date_to, "sort": params.sort,
                 "state": chosen_state or ""},
        "sorts": SORTS,
        "states": states,
        "facets_timed_out": [FILTER_LABELS.get(name, name) for name in page.facets_timed_out],
        "active_filters": list(params.filters),
        "filter_labels": FILTER_LABELS,
        "remove_urls": {name: params.url(path, **{name: None, "page": None})
                        for name, _ in params.filters},
        "facets": facet_view(params, page, path) if not error else [],
        "sentences": group_by_sentence(page.rows),
        "suggestions": suggestion_links(params, tips, path),
        "typed": params.q,
        "archived": archived,
        "total": page.total,
        "error": error,
        "page_urls": page_links(params, page.total, path),
        "export_urls": {
            "csv": params.url(request.url_for("export_csv").path, page=None, per_page=None),
            "json": params.url(request.url_for("export_json").path, page=None, per_page=None),
        },
    }
    return st.render(request, "search.html", context, status_code=400 if error else 200)


async def _all_rows(request: Request, params: SearchParams) -> AsyncIterator[StoredClaim]:
    """Every matching row, read on a worker thread through a connection of the export's own."""
    st = state_of(request)
    query = params.query(limit=EXPORT_MAX_ROWS, offset=0)
    db = await run_in_threadpool(partial(open_db, st.db_path, read_only_ok=True))
    try:
        rows = iter_claims(db, query, chunk=EXPORT_BATCH)
        sent = 0
        while sent < EXPORT_MAX_ROWS:
            batch = await run_in_threadpool(_take, rows, EXPORT_BATCH)
            for row in batch:
                yield row
            sent += len(batch)
            if len(batch) < EXPORT_BATCH:
                return
    finally:
        db.conn.close()


def _take(rows: Iterator[StoredClaim], n: int) -> list[StoredClaim]:
    return list(itertools.islice(rows, n))


def _filename(ext: str) -> str:
    return f"claims-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.{ext}"


async def _validated(request: Request) -> tuple[SearchParams, int] | Response:
    """Parameters checked by running the first page (so a bad query is a 400, not a broken file)."""
    require_role(request, "reporter")
    params = SearchParams.from_query(request.query_params)
    try:
        first = await state_of(request).run(search_claims, params.query(limit=1, offset=0),
                                            facets=False)
    except (BadParams, StoreError) as exc:
        return Response(str(exc) + "\n", status_code=400, media_type="text/plain")
    return params, first.total


async def export_csv(request: Request) -> Response:
    checked = await _validated(request)
    if isinstance(checked, Response):
        return checked
    params, _total = checked

    async def body() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        async for row in _all_rows(request, params):
            writer.writerow(csv_row(row))
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{_filename("csv")}"'})


async def export_json(request: Request) -> Response:
    checked = await _validated(request)
    if isinstance(checked, Response):
        return checked
    params, total = checked
    query = {k: v for k, v in params.items(page=None, per_page=None)}

    async def body() -> AsyncIterator[str]:
        yield '{"query": ' + json.dumps(query, allow_nan=False) + ', "total": ' + str(total) + ', "claims": ['
        first = True
        async for row in _all_rows(request, params):
            yield ("" if first else ",") + "\n" + json.dumps(row.as_dict(), ensure_ascii=False, allow_nan=False)
            first = False
        yield "\n]}\n"

    return StreamingResponse(body(), media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{_filename("json")}"'})
