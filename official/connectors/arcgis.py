"""ArcGIS FeatureServer connector (``<layer_url>/query``).

- granularity 'total': one statistics query, ``outStatistics`` count (or sum of ``count_field``)
  grouped by the code field (``groupByFieldsForStatistics``).
- 'day' / 'month': pages of features (``outFields`` = date, code), ``resultOffset`` paging while
  the answer says ``exceededTransferLimit``; dates are epoch milliseconds (UTC) binned in the
  registry's local time zone.

ArcGIS reports errors inside HTTP 200 as ``{"error": {"code": ..., "message": ...}}``; a
server-side 5xx code there is retried like an HTTP 5xx.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from httpkit.retry import RetryPolicy
from offenses.vocabulary import ancestors
from official.connectors.base import FetchRequest, FetchResult, SeriesMeta, daily_observations
from official.connectors.common import as_float, data_through, units_for, unmapped_warning, wanted_offenses
from official.errors import BadResponse, SourceHTTPError, SourceUnavailable
from official.http import JsonResponse, get_json
from official.registry import SourceEntry
from records.official import Observation

log = logging.getLogger(__name__)
MAX_PAGES = 10_000


class ArcGISConnector:
    """Counts features of one ArcGIS layer per day (or in total) and offense."""

    def __init__(self, entry: SourceEntry, client: httpx.Client, *, jurisdiction_id: str,
                 policy: RetryPolicy | None = None, page_size: int | None = None,
                 order_field: str = "OBJECTID", today: Callable[[], date] = date.today) -> None:
        if entry.kind != "arcgis":
            raise ValueError(f"{entry.name} is a {entry.kind} source, not arcgis")
        self.source_id = entry.source_id
        self.entry = entry
        self.client = client
        self.jurisdiction_id = jurisdiction_id
        self.policy = policy or RetryPolicy()
        self.page_size = page_size or min(entry.page_size, 2000)
        self.order_field = order_field
        self.tz = ZoneInfo(entry.timezone)
        self.today = today

    @property
    def query_url(self) -> str:
        return f"{(self.entry.layer_url or '').rstrip('/')}/query"

    def where(self, request: FetchRequest) -> str:
        e = self.entry
        after = request.end + timedelta(days=1)
        clause = (f"{e.date_field} >= TIMESTAMP '{request.start.isoformat()} 00:00:00' AND "
                  f"{e.date_field} < TIMESTAMP '{after.isoformat()} 00:00:00'")
        return f"{clause} AND ({e.where})" if e.where else clause

    def _query(self, params: dict[str, str]) -> JsonResponse:
        """One /query call; errors inside HTTP 200 become exceptions (5xx codes retried)."""
        for attempt in range(self.policy.retries + 1):
            response = get_json(self.client, self.query_url, params=params, policy=self.policy,
                                what=f"ArcGIS layer {self.entry.name}")
            data = response.data
            if not isinstance(data, dict):
                raise BadResponse(f"ArcGIS layer {self.entry.name} sent {type(data).__name__}, "
                                  f"expected an object ({response.url}).")
            error = data.get("error")
            if error is None:
                return response
            code = error.get("code") if isinstance(error, dict) else None
            message = error.get("message", "") if isinstance(error, dict) else str(error)
            details = "; ".join(str(d) for d in (error.get("details") or [])) if isinstance(error, dict) else ""
            text = f"{message}{' (' + details + ')' if details else ''}"
            if isinstance(code, int) and code >= 500 and attempt < self.policy.retries:
                self.policy.sleep(self.policy.delay(attempt))
                continue
            if isinstance(code, int) and code >= 500:
                raise SourceUnavailable(f"ArcGIS layer {self.entry.name} kept failing: {code} {text} "
                                        f"({response.url}). Try again later.")
            raise SourceHTTPError(f"ArcGIS layer {self.entry.name} answered with error {code}: {text} "
                                  f"({response.url}). Check field names and the where clause "
                                  "against the layer's ?f=json.", int(code) if isinstance(code, int) else 400)
        raise AssertionError("unreachable")  # pragma: no cover

    def _day(self, value: Any) -> date | None:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value / 1000, UTC).astimezone(self.tz).date()
        if isinstance(value, str) and len(value) >= 10:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                return None
        return None

    def fetch(self, request: FetchRequest) -> FetchResult:
        if request.granularity == "total":
            return self._fetch_total(request)
        return self._fetch_features(request)

    def _meta(self, first: JsonResponse, as_of: date) -> SeriesMeta:
        e = self.entry
        return SeriesMeta(
            source_id=e.source_id, jurisdiction_id=self.jurisdiction_id, source_url=first.url,
            retrieved_at=first.retrieved_at, as_of=as_of.isoformat(), publisher=e.publisher,
            document_title=e.title, status="preliminary",
            note=f"Features of {e.name} counted by {e.date_semantics or 'row'} date ({e.date_field}, "
                 f"{e.timezone})",
        )

    def _fetch_features(self, request: FetchRequest) -> FetchResult:
        e = self.entry
        emit, warnings = wanted_offenses(e, request)
        as_of = self.today()
        through = data_through(e, request, as_of)
        if through < request.start:
            return FetchResult((), (*warnings, f"{e.name}: nothing published for the range yet "
                                    f"(data reach {through})"), through, ())
        request = replace(request, end=through)
        fields = [f for f in (e.date_field, e.code_field, e.count_field) if f]
        base = {"where": self.where(request), "outFields": ",".join(fields),
                "returnGeometry": "false", "orderByFields": self.order_field, "f": "json"}
        counts: dict[tuple[date, str], float] = defaultdict(float)
        unmapped: Counter[str] = Counter()
        undated = 0
        urls: list[str] = []
        first: JsonResponse | None = None
        for page in range(MAX_PAGES):
            params = {**base, "resultOffset": str(page * self.page_size),
                      "resultRecordCount": str(self.page_size)}
            response = self._query(params)
            first = first or response
            urls.append(response.url)
            features = response.data.get("features")
            if not isinstance(features, list):
                raise BadResponse(f"ArcGIS layer {e.name}: no 'features' list in the answer "
                                  f"({response.url}).")
            for feature in features:
                attributes = feature.get("attributes") or {}
                day = self._day(attributes.get(e.date_field))
                if day is None:
                    undated += 1
                    continue
                n = as_float(attributes.get(e.count_field), "count") if e.count_field else 1.0
                if e.all_rows_offense:
                    counts[(day, e.all_rows_offense)] += n
                    continue
                code = attributes.get(e.code_field or "")
                offense = e.code_map.get(str(code)) if code is not None else None
                if offense is None:
                    unmapped[str(code)] += n
                    continue
                counts[(day, offense)] += n
            if not response.data.get("exceededTransferLimit") or not features:
                break
        else:
            warnings.append(f"{e.name}: stopped after {MAX_PAGES} pages; narrow the date range")
        assert first is not None
        if undated:
            warnings.append(f"{e.name}: {undated} features without a usable {e.date_field} were left out")
        warnings += unmapped_warning(e, unmapped)
        observations = daily_observations(counts, emit, units_for(e, emit), request.start, through,
                                          request.granularity, self._meta(first, as_of),
                                          rollup=e.rollup)
        return FetchResult(tuple(observations), tuple(warnings), through, tuple(urls))

    def _fetch_total(self, request: FetchRequest) -> FetchResult:
        e = self.entry
        emit, warnings = wanted_offenses(e, request)
        as_of = self.today()
        through = data_through(e, request, as_of)
        if through < request.start:
            return FetchResult((), (*warnings, f"{e.name}: nothing published for the range yet"),
                               through, ())
        if through < request.end:
            warnings.append(f"{e.name}: the total stops at {through}: the publisher leaves out "
                            f"the last {e.lag_days} days")
            request = replace(request, end=through)
        statistic = {"statisticType": "sum" if e.count_field else "count",
                     "onStatisticField": e.count_field or self.order_field,
                     "outStatisticFieldName": "n"}
        params = {"where": self.where(request), "outStatistics": json.dumps([statistic], allow_nan=False),
                  "returnGeometry": "false", "f": "json"}
        if e.code_field and not e.all_rows_offense:
            params["groupByFieldsForStatistics"] = e.code_field
        response = self._query(params)
        features = response.data.get("features")
        if not isinstance(features, list):
            raise BadResponse(f"ArcGIS layer {e.name}: no 'features' in the statistics answer "
                              f"({response.url}).")
        totals: dict[str, float] = defaultdict(float)
        unmapped: Counter[str] = Counter()
        for feature in features:
            attributes = feature.get("attributes") or {}
            n = as_float(attributes.get("n", attributes.get("N")), "statistic")
            offense = e.all_rows_offense or e.code_map.get(str(attributes.get(e.code_field or "")))
            if offense is None:
                unmapped[str(attributes.get(e.code_field or ""))] += n
                continue
            for oid in (offense, *(ancestors(offense) if e.rollup else ())):
                totals[oid] += n
        warnings += unmapped_warning(e, unmapped)
        meta = self._meta(response, as_of)
        units = units_for(e, emit)
        observations = tuple(Observation(
            source_id=meta.source_id, jurisdiction_id=meta.jurisdiction_id, offense=oid,
            measure="count", unit=units[oid], period_start=request.start.isoformat(),
            period_end=request.end.isoformat(), value=totals.get(oid, 0.0), status=meta.status,
            as_of=meta.as_of, retrieved_at=meta.retrieved_at, source_url=meta.source_url,
            publisher=meta.publisher, document_title=meta.document_title, note=meta.note,
        ) for oid in emit)
        return FetchResult(observations, tuple(warnings), through, (response.url,))
