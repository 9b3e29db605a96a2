"""Socrata connector against a local server that answers SODA 2 queries like a portal does."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest
from official_server import LocalApi, Reply, Seen

from httpkit.retry import RetryPolicy
from official.connectors.base import Connector, FetchRequest
from official.connectors.socrata import SocrataConnector
from official.errors import BadResponse, RateLimited, SourceHTTPError
from official.registry import SourceEntry, load_registry

DATASET = "/resource/ab12-cd34.json"
TOKEN = "app-token-0123456789"

# Incident rows of an invented city (our own test data): occurrence time and an fbi_code.
INCIDENTS = [
    ("2025-03-01T01:15:00.000", "01A"), ("2025-03-01T13:00:00.000", "03"),
    ("2025-03-01T22:40:00.000", "03"), ("2025-03-02T09:05:00.000", "04B"),
    ("2025-03-03T18:30:00.000", "06"), ("2025-03-03T19:30:00.000", "06"),
    ("2025-03-03T20:30:00.000", "26"),  # not in the code map
    ("2025-03-05T11:00:00.000", "01A"), ("2025-03-05T12:00:00.000", "07"),
    ("2025-02-27T10:00:00.000", "03"),  # before the range
]


def soda_handler(last_modified: str = "Mon, 10 Mar 2025 12:00:00 GMT"):
    """Group the incident rows per day and code, honouring $where dates, $limit and $offset."""

    def handle(seen: Seen) -> Reply:
        q = seen.query
        assert q["$group"] == "period, code" and q["$order"] == "period, code"
        assert q["$select"].startswith("date_trunc_ymd(date) AS period, fbi_code AS code, count(*) AS n")
        lo, hi = re.findall(r"'([\d\-T:]+)'", q["$where"])
        counts = Counter((ts[:10] + "T00:00:00.000", code) for ts, code in INCIDENTS if lo <= ts < hi)
        rows = [{"period": p, "code": c, "n": str(n)} for (p, c), n in sorted(counts.items())]
        offset, limit = int(q["$offset"]), int(q["$limit"])
        return Reply(200, rows[offset:offset + limit],
                     {"Last-Modified": last_modified, "X-SODA2-Fields": '["period","code","n"]'})

    return handle


def registry_file(tmp_path: Path, base_url: str, extra: str = "") -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(f'''
[[jurisdiction]]
name = "Chicago"
state = "IL"
ori = "ILCPD0000"

[[source]]
name = "test-crimes"
source_id = "socrata:test:ab12-cd34"
kind = "socrata"
title = "Test crimes"
publisher = "Test Police Department"
jurisdiction = "Chicago, IL"
base_url = "{base_url}"
dataset_id = "ab12-cd34"
date_field = "date"
code_field = "fbi_code"
taxonomy = "chicago_fbi_code"
unit = "incidents"
unit_overrides = {{ murder = "victims" }}
lag_days = 3
{extra}
''')
    return path


@pytest.fixture
def entry(tmp_path: Path, api: LocalApi) -> SourceEntry:
    return load_registry(registry_file(tmp_path, api.base_url)).source("test-crimes")


def connector(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy, page_size: int = 3) -> SocrataConnector:
    return SocrataConnector(entry, client, jurisdiction_id="place:chicago-il", app_token=TOKEN,
                            policy=policy, page_size=page_size)


def test_is_a_connector(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    assert isinstance(connector(entry, client, policy), Connector)


def test_daily_counts_with_paging_zero_fill_and_lag(api: LocalApi, entry: SourceEntry,
                                                    client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(DATASET, soda_handler())
    result = connector(entry, client, policy).fetch(
        FetchRequest(date(2025, 3, 1), date(2025, 3, 31), offenses=("murder", "robbery", "larceny_theft")))
    pages = api.requests_to(DATASET)
    assert [p.query["$offset"] for p in pages] == ["0", "3", "6"]  # 7 grouped rows, page size 3
    assert result.data_through == date(2025, 3, 7)  # Last-Modified 2025-03-10 minus 3 days' lag
    by = {(o.offense, o.period_start): o for o in result.observations}
    assert by[("murder", "2025-03-01")].value == 1 and by[("murder", "2025-03-05")].value == 1
    assert by[("robbery", "2025-03-01")].value == 2
    assert by[("robbery", "2025-03-04")].value == 0  # a covered day with no rows is zero
    assert by[("larceny_theft", "2025-03-03")].value == 2
    assert ("murder", "2025-03-08") not in by  # after data_through: not emitted, not zero
    assert len(result.observations) == 3 * 7
    murder = by[("murder", "2025-03-01")]
    assert (murder.unit, by[("robbery", "2025-03-01")].unit) == ("victims", "incidents")
    assert murder.as_of == "2025-03-10" and murder.status == "preliminary"
    assert murder.source_id == "socrata:test:ab12-cd34" and murder.jurisdiction_id == "place:chicago-il"
    assert any("figures end at 2025-03-07" in w for w in result.warnings)


def test_app_token_goes_in_a_header_never_in_the_url(api: LocalApi, entry: SourceEntry,
                                                     client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(DATASET, soda_handler())
    result = connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 5)))
    assert all(s.headers.get("x-app-token") == TOKEN for s in api.requests_to(DATASET))
    assert all(TOKEN not in s.raw_url for s in api.requests_to(DATASET))
    assert all(TOKEN not in o.source_url for o in result.observations)
    assert result.observations[0].source_url.startswith(f"{api.base_url}{DATASET}?$select=")


def test_month_and_total_granularity(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                     policy: RetryPolicy) -> None:
    api.route(DATASET, soda_handler())
    total = connector(entry, client, policy, page_size=50).fetch(
        FetchRequest(date(2025, 2, 1), date(2025, 3, 31), offenses=("robbery",), granularity="total"))
    assert [(o.period_start, o.period_end, o.value) for o in total.observations] == [
        ("2025-02-01", "2025-03-07", 3.0)]
    months = connector(entry, client, policy, page_size=50).fetch(
        FetchRequest(date(2025, 2, 1), date(2025, 3, 31), offenses=("robbery",), granularity="month"))
    assert [(o.period_start, o.period_end, o.value) for o in months.observations] == [
        ("2025-02-01", "2025-02-28", 1.0), ("2025-03-01", "2025-03-07", 2.0)]


def test_unmapped_codes_are_reported_not_dropped_silently(api: LocalApi, entry: SourceEntry,
                                                          client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(DATASET, soda_handler())
    result = connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 7)))
    assert any("'26' (1)" in w for w in result.warnings)


def test_offense_the_source_lacks_is_a_warning(api: LocalApi, entry: SourceEntry,
                                               client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(DATASET, soda_handler())
    result = connector(entry, client, policy).fetch(
        FetchRequest(date(2025, 3, 1), date(2025, 3, 2), offenses=("shooting_victims", "murder")))
    assert {o.offense for o in result.observations} == {"murder"}
    assert any("no figures for shooting_victims" in w for w in result.warnings)


def test_socrata_error_json_becomes_source_http_error(api: LocalApi, entry: SourceEntry,
                                                      client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(DATASET, lambda _: Reply(400, {"code": "query.soql.no-such-column", "error": True,
                                             "message": "No such column: fbi_code"}))
    with pytest.raises(SourceHTTPError, match="No such column: fbi_code"):
        connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))


def test_throttled_then_served(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                               policy: RetryPolicy, sleeps) -> None:
    api.queue(DATASET, Reply(429, {"message": "Too many requests"}, {"Retry-After": "1"}))
    api.route(DATASET, soda_handler())
    result = connector(entry, client, policy, page_size=50).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))
    assert sleeps.asked == [1.0] and result.observations


def test_throttled_for_good_is_rate_limited(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                            policy: RetryPolicy) -> None:
    api.route(DATASET, lambda _: Reply(429, {"message": "Too many requests"}))
    with pytest.raises(RateLimited):
        connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))


def test_html_and_malformed_answers(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                    policy: RetryPolicy) -> None:
    api.queue(DATASET, Reply(200, "<html><body>Dataset moved</body></html>", {"Content-Type": "text/html"}))
    with pytest.raises(BadResponse, match="HTML"):
        connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))
    api.queue(DATASET, Reply(200, b'[{"period": "2025-03-01T00:00:00.000", "code": "03", "n": "2"}'))
    with pytest.raises(BadResponse, match="malformed JSON"):
        connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))
    api.queue(DATASET, Reply(200, {"rows": []}))
    with pytest.raises(BadResponse, match="expected a list"):
        connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))


def test_text_dates_are_reported(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                 policy: RetryPolicy) -> None:
    api.route(DATASET, lambda _: Reply(200, [{"code": "03", "n": "2"}]))
    with pytest.raises(BadResponse, match="no usable 'period'"):
        connector(entry, client, policy).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))


def test_all_rows_offense_source(api: LocalApi, tmp_path: Path, client: httpx.Client,
                                 policy: RetryPolicy) -> None:
    path = tmp_path / "r.toml"
    path.write_text(f'''
[[source]]
name = "test-shootings"
source_id = "socrata:test:sh00-ting"
kind = "socrata"
title = "Shooting victims"
publisher = "Test PD"
jurisdiction = "Chicago, IL"
base_url = "{api.base_url}"
dataset_id = "sh00-ting"
date_field = "occur_date"
all_rows_offense = "people shot"
unit = "victims"
''')
    entry = load_registry(path).source("test-shootings")
    assert entry.all_rows_offense == "shooting_victims"

    def handle(seen: Seen) -> Reply:
        assert "code" not in seen.query["$select"] and seen.query["$group"] == "period"
        return Reply(200, [{"period": "2025-01-02T00:00:00.000", "n": "4"}],
                     {"Last-Modified": "Fri, 31 Jan 2025 00:00:00 GMT"})

    api.route("/resource/sh00-ting.json", handle)
    result = SocrataConnector(entry, client, jurisdiction_id="place:chicago-il", policy=policy).fetch(
        FetchRequest(date(2025, 1, 1), date(2025, 1, 3)))
    assert [(o.offense, o.period_start, o.value, o.unit) for o in result.observations] == [
        ("shooting_victims", "2025-01-01", 0.0, "victims"), ("shooting_victims", "2025-01-02", 4.0, "victims"),
        ("shooting_victims", "2025-01-03", 0.0, "victims")]


@pytest.mark.issue(10)
@pytest.mark.parametrize(("n", "reason"), [
    ("Infinity", "inf is not a finite number"), ("NaN", "nan is not a finite number"),
    ('"1e308"', "1e+308 is more than 1,000,000,000"), ('"-4"', "-4 is negative"),
    ("1" + "0" * 400, "inf is not a finite number"),
])
def test_non_finite_or_implausible_counts_are_refused(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                                      policy: RetryPolicy, n: str, reason: str) -> None:
    body = ('[{"period": "2025-03-01T00:00:00.000", "code": "03", "n": "2"},'
            f' {{"period": "2025-03-02T00:00:00.000", "code": "03", "n": {n}}}]').encode()
    api.route(DATASET, lambda _: Reply(200, body))
    with pytest.raises(BadResponse, match=f"count: {re.escape(reason)}"):
        connector(entry, client, policy, page_size=50).fetch(FetchRequest(date(2025, 3, 1), date(2025, 3, 2)))
