"""Socrata SODA 2 connector: daily counts per offense, aggregated on the server.

One query per page::

    GET {base_url}/resource/{dataset_id}.json
        ?$select=date_trunc_ymd(<date_field>) AS period, <code_field> AS code, count(*) AS n
        &$where=<date_field> >= '<start>T00:00:00' AND <date_field> < '<end+1>T00:00:00'
        &$group=period, code &$order=period, code &$limit=<page> &$offset=<k * page>

Paging stops at the first short page. The app token goes in the ``X-App-Token`` header, never
in the URL. Values come back as strings; absent fields are omitted from a row.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import date, timedelta

import httpx

from httpkit.retry import RetryPolicy
from official.connectors.base import FetchRequest, FetchResult, SeriesMeta, daily_observations
from official.connectors.common import (
    as_float,
    data_through,
    units_for,
    unmapped_warning,
    vintage,
    wanted_offenses,
)
from official.errors import BadResponse
from official.http import get_json
from official.registry import SourceEntry

log = logging.getLogger(__name__)
MAX_PAGES = 10_000


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class SocrataConnector:
    """Counts incident rows of one Socrata dataset per day and offense."""

    def __init__(self, entry: SourceEntry, client: httpx.Client, *, jurisdiction_id: str,
                 app_token: str = "", policy: RetryPolicy | None = None,
                 page_size: int | None = None) -> None:
        if entry.kind != "socrata":
            raise ValueError(f"{entry.name} is a {entry.kind} source, not socrata")
        self.source_id = entry.source_id
        self.entry = entry
        self.client = client
        self.jurisdiction_id = jurisdiction_id
        self.app_token = app_token
        self.policy = policy or RetryPolicy()
        self.page_size = page_size or entry.page_size

    @property
    def resource_url(self) -> str:
        return f"{self.entry.base_url.rstrip('/')}/resource/{self.entry.dataset_id}.json"

    def query(self, request: FetchRequest) -> dict[str, str]:
        """The SoQL parameters (without $limit/$offset) for a request."""
        e = self.entry
        trunc = "date_trunc_ymd"  # always by day: months and totals are summed here
        counted = f"sum({e.count_field})" if e.count_field else "count(*)"
        after = request.end + timedelta(days=1)
        where = (f"{e.date_field} >= {_quote(request.start.isoformat() + 'T00:00:00')} AND "
                 f"{e.date_field} < {_quote(after.isoformat() + 'T00:00:00')}")
        if e.where:
            where += f" AND ({e.where})"
        select = f"{trunc}({e.date_field}) AS period, {counted} AS n"
        group = "period"
        if e.code_field and not e.all_rows_offense:
            select = f"{trunc}({e.date_field}) AS period, {e.code_field} AS code, {counted} AS n"
            group = "period, code"
        return {"$select": select, "$where": where, "$group": group, "$order": group}

    def fetch(self, request: FetchRequest) -> FetchResult:
        e = self.entry
        emit, warnings = wanted_offenses(e, request)
        headers = {"Accept": "application/json"}
        if self.app_token:
            headers["X-App-Token"] = self.app_token
        params = self.query(request)
        rows: list[dict] = []
        urls: list[str] = []
        first = None
        for page in range(MAX_PAGES):
            page_params = {**params, "$limit": str(self.page_size),
                           "$offset": str(page * self.page_size)}
            response = get_json(self.client, self.resource_url, params=page_params,
                                headers=headers, policy=self.policy, secrets=[self.app_token],
                                what=f"Socrata dataset {e.dataset_id}")
            first = first or response
            urls.append(response.url)
            data = response.data
            if isinstance(data, dict) and (data.get("error") or "message" in data):
                raise BadResponse(f"Socrata dataset {e.dataset_id} answered with an error: "
                                  f"{data.get('code', '')} {data.get('message', data)}")
            if not isinstance(data, list):
                raise BadResponse(f"Socrata dataset {e.dataset_id} sent {type(data).__name__}, "
                                  f"expected a list of rows ({response.url}).")
            rows.extend(data)
            if len(data) < self.page_size:
                break
        else:
            warnings.append(f"{e.name}: stopped after {MAX_PAGES} pages; narrow the date range")
        assert first is not None
        as_of = vintage(first.headers, first.retrieved_at)
        through = data_through(e, request, as_of)
        counts: dict[tuple[date, str], float] = defaultdict(float)
        unmapped: Counter[str] = Counter()
        for row in rows:
            period = row.get("period")
            if not isinstance(period, str) or len(period) < 10:
                raise BadResponse(f"Socrata dataset {e.dataset_id}: a row has no usable 'period' "
                                  f"({row!r}); is {e.date_field} a text column?")
            day = date.fromisoformat(period[:10])
            n = as_float(row.get("n"), f"Socrata dataset {e.dataset_id} count")
            if e.all_rows_offense:
                counts[(day, e.all_rows_offense)] += n
                continue
            code = row.get("code")
            offense = e.code_map.get(str(code)) if code is not None else None
            if offense is None:
                unmapped[str(code) if code is not None else "(blank)"] += n
                continue
            counts[(day, offense)] += n
        warnings += unmapped_warning(e, unmapped)
        if through < request.start:
            warnings.append(f"{e.name}: data reach only {through} (vintage {as_of}, "
                            f"{e.lag_days}-day lag); nothing in the requested range yet")
            return FetchResult((), tuple(warnings), through, tuple(urls))
        if through < request.end:
            warnings.append(f"{e.name}: figures end at {through} (publisher leaves out the last "
                            f"{e.lag_days} days)")
        meta = SeriesMeta(
            source_id=e.source_id, jurisdiction_id=self.jurisdiction_id, source_url=urls[0],
            retrieved_at=first.retrieved_at, as_of=as_of.isoformat(), publisher=e.publisher,
            document_title=e.title, status="preliminary",
            note=(f"Incident rows of {e.dataset_id} counted by {e.date_semantics or 'row'} date "
                  f"({e.date_field})" + (f", codes of {e.code_field}" if e.code_field else "")),
        )
        observations = daily_observations(
            counts, emit, units_for(e, emit), request.start, through, request.granularity, meta,
            rollup=e.rollup)
        log.info("%s: %d rows -> %d observations", e.name, len(rows), len(observations))
        return FetchResult(tuple(observations), tuple(warnings), through, tuple(urls))
