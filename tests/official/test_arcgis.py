"""ArcGIS FeatureServer connector against a local server answering /query like a layer does."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from official_server import LocalApi, Reply, Seen

from httpkit.retry import RetryPolicy
from official.connectors.arcgis import ArcGISConnector
from official.connectors.base import Connector, FetchRequest
from official.errors import BadResponse, SourceHTTPError, SourceUnavailable
from official.registry import SourceEntry, load_registry

LAYER = "/arcgis/rest/services/Test_Crime/FeatureServer/0"
QUERY = LAYER + "/query"


def epoch_ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


# Our own invented features: UTC timestamps, NIBRS codes. 2025-06-02T02:30Z is still June 1 in
# New York (22:30 EDT), which the connector must bin on June 1.
FEATURES = [
    {"OBJECTID": 1, "OccurredFromDate": epoch_ms("2025-06-01T15:00:00"), "NibrsUcrCode": "09A"},
    {"OBJECTID": 2, "OccurredFromDate": epoch_ms("2025-06-02T02:30:00"), "NibrsUcrCode": "120"},
    {"OBJECTID": 3, "OccurredFromDate": epoch_ms("2025-06-02T16:00:00"), "NibrsUcrCode": "120"},
    {"OBJECTID": 4, "OccurredFromDate": epoch_ms("2025-06-02T17:00:00"), "NibrsUcrCode": "23F"},
    {"OBJECTID": 5, "OccurredFromDate": epoch_ms("2025-06-03T12:00:00"), "NibrsUcrCode": "13A"},
    {"OBJECTID": 6, "OccurredFromDate": epoch_ms("2025-06-03T13:00:00"), "NibrsUcrCode": "90Z"},
    {"OBJECTID": 7, "OccurredFromDate": None, "NibrsUcrCode": "120"},
]


def layer_handler(seen: Seen) -> Reply:
    q = seen.query
    assert q["f"] == "json" and q["returnGeometry"] == "false"
    assert re.match(r"OccurredFromDate >= TIMESTAMP '2025-06-01 00:00:00' AND "
                    r"OccurredFromDate < TIMESTAMP '2025-07-01 00:00:00'", q["where"])
    if "outStatistics" in q:
        stat = json.loads(q["outStatistics"])[0]
        assert stat == {"statisticType": "count", "onStatisticField": "OBJECTID", "outStatisticFieldName": "n"}
        assert q["groupByFieldsForStatistics"] == "NibrsUcrCode"
        counts = Counter(f["NibrsUcrCode"] for f in FEATURES)
        return Reply(200, {"features": [{"attributes": {"NibrsUcrCode": c, "n": n}} for c, n in counts.items()]})
    assert q["outFields"] == "OccurredFromDate,NibrsUcrCode" and q["orderByFields"] == "OBJECTID"
    offset, count = int(q["resultOffset"]), int(q["resultRecordCount"])
    page = FEATURES[offset:offset + count]
    body = {"objectIdFieldName": "OBJECTID",
            "fields": [{"name": "OccurredFromDate", "type": "esriFieldTypeDate"}],
            "features": [{"attributes": f} for f in page]}
    if offset + count < len(FEATURES):
        body["exceededTransferLimit"] = True
    return Reply(200, body)


@pytest.fixture
def entry(tmp_path: Path, api: LocalApi) -> SourceEntry:
    path = tmp_path / "registry.toml"
    path.write_text(f'''
[[source]]
name = "test-layer"
source_id = "arcgis:test:Test_Crime"
kind = "arcgis"
title = "Test crime layer"
publisher = "Test Police Department"
jurisdiction = "Atlanta, GA"
layer_url = "{api.base_url}{LAYER}"
date_field = "OccurredFromDate"
code_field = "NibrsUcrCode"
taxonomy = "nibrs"
unit = "offenses"
timezone = "America/New_York"
lag_days = 7
rollup = true
''')
    return load_registry(path).source("test-layer")


def make(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy, page_size: int = 3) -> ArcGISConnector:
    return ArcGISConnector(entry, client, jurisdiction_id="place:atlanta-ga", policy=policy,
                           page_size=page_size, today=lambda: date(2025, 7, 20))


def test_is_a_connector(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    assert isinstance(make(entry, client, policy), Connector)


def test_pages_until_transfer_limit_clears_and_bins_local_days(api: LocalApi, entry: SourceEntry,
                                                               client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(QUERY, layer_handler)
    result = make(entry, client, policy).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))
    assert [s.query["resultOffset"] for s in api.requests_to(QUERY)] == ["0", "3", "6"]
    by = {(o.offense, o.period_start): o.value for o in result.observations}
    assert by[("robbery", "2025-06-01")] == 1  # 02:30 UTC on June 2 is June 1 in New York
    assert by[("robbery", "2025-06-02")] == 1
    assert by[("theft_from_vehicle", "2025-06-02")] == 1
    assert by[("larceny_theft", "2025-06-02")] == 1  # rolled up from 23F
    assert by[("violent_crime", "2025-06-03")] == 1  # 13A rolled up
    assert by[("murder", "2025-06-01")] == 1 and by[("murder", "2025-06-04")] == 0
    assert result.data_through == date(2025, 6, 30)
    assert any("without a usable OccurredFromDate" in w for w in result.warnings)
    assert any("'90Z'" in w for w in result.warnings)


def test_total_uses_out_statistics_grouped_by_code(api: LocalApi, entry: SourceEntry,
                                                   client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(QUERY, layer_handler)
    result = make(entry, client, policy).fetch(
        FetchRequest(date(2025, 6, 1), date(2025, 6, 30), offenses=("robbery", "violent_crime"),
                     granularity="total"))
    assert len(api.requests_to(QUERY)) == 1
    assert {o.offense: o.value for o in result.observations} == {"robbery": 3, "violent_crime": 5}
    assert all((o.period_start, o.period_end) == ("2025-06-01", "2025-06-30") for o in result.observations)


def test_error_inside_http_200_is_raised(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                         policy: RetryPolicy) -> None:
    api.route(QUERY, lambda _: Reply(200, {"error": {"code": 400, "message": "Unable to complete operation.",
                                                     "details": ["'NibrsUcrCode' is not a field"]}}))
    with pytest.raises(SourceHTTPError, match="Unable to complete operation.*not a field") as info:
        make(entry, client, policy).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))
    assert info.value.status == 400
    assert len(api.requests_to(QUERY)) == 1


def test_server_error_inside_http_200_is_retried(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                                 policy: RetryPolicy, sleeps) -> None:
    api.queue(QUERY, Reply(200, {"error": {"code": 504, "message": "Your request has timed out."}}))
    api.route(QUERY, layer_handler)
    result = make(entry, client, policy, page_size=10).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))
    assert result.observations and len(sleeps.asked) == 1
    api.route(QUERY, lambda _: Reply(200, {"error": {"code": 500, "message": "Error performing query"}}))
    with pytest.raises(SourceUnavailable, match="kept failing"):
        make(entry, client, policy).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))


def test_http_errors_html_and_malformed(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                        policy: RetryPolicy) -> None:
    api.queue(QUERY, Reply(200, "<html><body>Service not found</body></html>", {"Content-Type": "text/html"}))
    with pytest.raises(BadResponse, match="HTML"):
        make(entry, client, policy).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))
    api.queue(QUERY, Reply(200, b'{"features": [{"attributes": '))
    with pytest.raises(BadResponse, match="malformed JSON"):
        make(entry, client, policy).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))
    api.queue(QUERY, Reply(200, {"count": 3}))
    with pytest.raises(BadResponse, match="no 'features'"):
        make(entry, client, policy).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))


def test_lag_clips_the_range(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                             policy: RetryPolicy) -> None:
    api.route(QUERY, layer_handler)
    connector = ArcGISConnector(entry, client, jurisdiction_id="place:atlanta-ga", policy=policy,
                                today=lambda: date(2025, 6, 5))
    result = connector.fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30), offenses=("murder",)))
    assert result.data_through == date(2025, 5, 29)  # June 5 minus 7 days' lag
    assert result.observations == () and api.requests_to(QUERY) == []
    assert any("nothing published" in w for w in result.warnings)


def test_429_with_retry_after(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                              policy: RetryPolicy, sleeps) -> None:
    api.queue(QUERY, Reply(429, {"error": {"code": 429, "message": "Too many requests"}}, {"Retry-After": "3"}))
    api.route(QUERY, layer_handler)
    result = make(entry, client, policy, page_size=10).fetch(FetchRequest(date(2025, 6, 1), date(2025, 6, 30)))
    assert result.observations and sleeps.asked == [3.0]
