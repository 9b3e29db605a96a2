"""FBI Crime Data Explorer connector against a local server answering /summarized like CDE."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from official_server import LocalApi, Reply, Seen

from httpkit.retry import RetryPolicy
from official.connectors.base import Connector, FetchRequest
from official.connectors.fbi_cde import Agency, FbiCdeConnector
from official.errors import BadResponse, MissingCredentials, RateLimited, SourceHTTPError
from official.registry import SourceEntry, load_registry

KEY = "k" * 32 + "FBIKEY99"
AGENCY = Agency(ori="ILCPD0000", jurisdiction_id="place:chicago-il",
                name="Chicago Police Department", state_name="Illinois")
HOMICIDE = "/summarized/agency/ILCPD0000/homicide"
HOM = "/summarized/agency/ILCPD0000/HOM"


def summarized(months: dict[str, int | None], clearances: dict[str, int] | None = None,
               max_date: str = "03/2025") -> dict:
    """A /summarized answer in the documented shape (our own invented numbers)."""
    return {
        "offenses": {
            "rates": {"Chicago Police Department Offenses": {k: 1.0 for k in months}},
            "actuals": {
                "Chicago Police Department Offenses": months,
                "Chicago Police Department Clearances": clearances or {},
                "Illinois Offenses": {k: 900 for k in months},
                "United States Offenses": {k: 1500 for k in months},
            },
        },
        "tooltips": {"leftYAxisHeaders": {"yAxisHeaderRates": "Offenses per 100,000"}},
        "populations": {"population": {"Chicago Police Department": {k: 2_700_000 for k in months},
                                       "United States": {k: 330_000_000 for k in months}}},
        "cde_properties": {"max_data_date": {"UCR": max_date}},
    }


@pytest.fixture
def entry(tmp_path: Path, api: LocalApi) -> SourceEntry:
    path = tmp_path / "registry.toml"
    path.write_text(f'''
[[source]]
name = "test-cde"
source_id = "fbi_cde:test"
kind = "fbi_cde"
title = "CDE summarized"
publisher = "FBI Uniform Crime Reporting Program"
base_url = "{api.base_url}"
offenses = ["murder", "robbery"]
''')
    return load_registry(path).source("test-cde")


def make(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy, key: str = KEY) -> FbiCdeConnector:
    return FbiCdeConnector(entry, client, agencies=[AGENCY], api_key=key, policy=policy)


def test_is_a_connector(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    assert isinstance(make(entry, client, policy), Connector)


def test_monthly_series_missing_month_is_none_not_zero(api: LocalApi, entry: SourceEntry,
                                                       client: httpx.Client, policy: RetryPolicy) -> None:
    def handle(seen: Seen) -> Reply:
        assert seen.query == {"from": "01-2024", "to": "06-2024"}
        assert seen.headers["x-api-key"] == KEY
        return Reply(200, summarized({"01-2024": 40, "02-2024": 35, "03-2024": None, "05-2024": 50,
                                      "06-2024": 48}, {"01-2024": 20}, max_date="03/2025"))

    api.route(HOMICIDE, handle)
    result = make(entry, client, policy).fetch(
        FetchRequest(date(2024, 1, 1), date(2024, 6, 30), offenses=("murder",), granularity="month"))
    counts = {o.period_start: o.value for o in result.observations if o.measure == "count"}
    assert counts == {"2024-01-01": 40, "2024-02-01": 35, "2024-03-01": None, "2024-04-01": None,
                      "2024-05-01": 50, "2024-06-01": 48}
    jan = next(o for o in result.observations if o.measure == "count" and o.period_start == "2024-01-01")
    assert (jan.period_end, jan.unit, jan.offense, jan.jurisdiction_id) == (
        "2024-01-31", "victims", "murder", "place:chicago-il")
    assert jan.as_of == "2025-03-31" and jan.status == "preliminary"  # 2024 final only from 09/2025
    assert KEY not in jan.source_url and "Chicago Police Department Offenses" in (jan.note or "")
    clear = {o.period_start: o.value for o in result.observations if o.measure == "clearances"}
    assert clear["2024-01-01"] == 20 and clear["2024-02-01"] is None
    population = [o for o in result.observations if o.measure == "population"]
    assert [(p.offense, p.period_start, p.value) for p in population] == [("_population", "2024-01-01", 2_700_000)]
    assert result.data_through == date(2025, 3, 31)


def test_partial_year_is_warned_and_total_left_empty(api: LocalApi, entry: SourceEntry,
                                                     client: httpx.Client, policy: RetryPolicy) -> None:
    months = {f"{m:02d}-2020": 10 for m in range(1, 4)}
    api.route(HOMICIDE, lambda _: Reply(200, summarized(months, max_date="12/2023")))
    result = make(entry, client, policy).fetch(
        FetchRequest(date(2020, 1, 1), date(2020, 12, 31), offenses=("murder",), granularity="total"))
    assert any("2020: 3/12 months reported" in w for w in result.warnings)
    total = [o for o in result.observations if o.measure == "count"]
    assert len(total) == 1 and total[0].value is None and total[0].status == "final"


def test_full_year_total(api: LocalApi, entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    months = {f"{m:02d}-2022": m for m in range(1, 13)}
    api.route(HOMICIDE, lambda _: Reply(200, summarized(months, max_date="10/2023")))
    result = make(entry, client, policy).fetch(
        FetchRequest(date(2022, 1, 1), date(2022, 12, 31), offenses=("murder",), granularity="total"))
    total = [o for o in result.observations if o.measure == "count"]
    assert [(t.value, t.status) for t in total] == [(78.0, "final")]


def test_falls_back_to_the_short_code_segment_and_remembers_it(api: LocalApi, entry: SourceEntry,
                                                               client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(HOMICIDE, lambda _: Reply(400, {"message": "An invalid offense was requested."}))
    api.route(HOM, lambda _: Reply(200, summarized({"01-2024": 7})))
    connector = make(entry, client, policy)
    request = FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",), granularity="month")
    assert connector.fetch(request).observations
    assert connector.fetch(request).observations
    assert len(api.requests_to(HOMICIDE)) == 1 and len(api.requests_to(HOM)) == 2


def test_key_as_query_parameter_is_redacted(api: LocalApi, tmp_path: Path, client: httpx.Client,
                                            policy: RetryPolicy) -> None:
    path = tmp_path / "r.toml"
    path.write_text(f'''
[[source]]
name = "cde-query-key"
source_id = "fbi_cde:q"
kind = "fbi_cde"
title = "CDE"
publisher = "FBI"
base_url = "{api.base_url}"
key_in = "query"
offenses = ["robbery"]
''')
    entry = load_registry(path).source("cde-query-key")
    api.route("/summarized/agency/ILCPD0000/robbery", lambda s: Reply(200, summarized({"01-2024": 3}))
              if s.query.get("API_KEY") == KEY else Reply(403, {"error": {"code": "API_KEY_MISSING"}}))
    result = make(entry, client, policy).fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31)))
    assert result.observations and all(KEY not in o.source_url for o in result.observations)
    assert all("API_KEY=REDACTED" in o.source_url for o in result.observations)
    assert all(KEY not in url for url in result.requests)


def test_missing_key_is_a_clear_error(entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    with pytest.raises(MissingCredentials, match="FBI_API_KEY"):
        make(entry, client, policy, key="").fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31)))


def test_invalid_key_message_shows_gateway_code_not_key(api: LocalApi, entry: SourceEntry,
                                                        client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(HOMICIDE, lambda _: Reply(403, {"error": {"code": "API_KEY_INVALID",
                                                        "message": "An invalid api_key was supplied."}}))
    with pytest.raises(SourceHTTPError, match="API_KEY_INVALID") as info:
        make(entry, client, policy).fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",)))
    assert KEY not in str(info.value)


def test_rate_limit_429(api: LocalApi, entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    over = Reply(429, {"error": {"code": "OVER_RATE_LIMIT", "message": "You have exceeded your rate limit."}},
                 {"X-RateLimit-Limit": "30", "X-RateLimit-Remaining": "0"})
    api.queue(HOMICIDE, over)
    api.route(HOMICIDE, lambda _: Reply(200, summarized({"01-2024": 4})))
    assert make(entry, client, policy).fetch(
        FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",))).observations
    api.route(HOMICIDE, lambda _: over)
    with pytest.raises(RateLimited):
        make(entry, client, policy).fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",)))


def test_wrong_shape_and_wrong_agency(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                      policy: RetryPolicy) -> None:
    api.queue(HOMICIDE, Reply(200, {"results": [], "pagination": {}}))  # the dead sapi shape
    with pytest.raises(BadResponse, match="offenses.actuals"):
        make(entry, client, policy).fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",)))
    other = {"offenses": {"actuals": {"College Park Police Department Offenses": {"01-2024": 1},
                                      "United States Offenses": {"01-2024": 1500}}}}
    api.queue(HOMICIDE, Reply(200, other))
    result = make(entry, client, policy).fetch(
        FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",)))
    assert any("check ORI ILCPD0000" in w for w in result.warnings)
    api.queue(HOMICIDE, Reply(200, "<html><body>Service Unavailable</body></html>", {"Content-Type": "text/html"}))
    with pytest.raises(BadResponse, match="HTML"):
        make(entry, client, policy).fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",)))


def test_range_after_the_published_data_gives_nothing(api: LocalApi, entry: SourceEntry,
                                                      client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(HOMICIDE, lambda _: Reply(200, summarized({}, max_date="03/2025")))
    result = make(entry, client, policy).fetch(
        FetchRequest(date(2025, 6, 1), date(2025, 6, 30), offenses=("murder",), granularity="total"))
    assert result.observations == () and result.data_through == date(2025, 3, 31)
    assert any("nothing for 2025-06-01" in w for w in result.warnings)


def test_malformed_json(api: LocalApi, entry: SourceEntry, client: httpx.Client, policy: RetryPolicy) -> None:
    api.route(HOMICIDE, lambda _: Reply(200, b'{"offenses": {"actuals": {"Chicago Police Department Offenses": {'))
    with pytest.raises(BadResponse, match="malformed JSON"):
        make(entry, client, policy).fetch(FetchRequest(date(2024, 1, 1), date(2024, 1, 31), offenses=("murder",)))


@pytest.mark.issue(10)
def test_an_implausible_monthly_figure_is_refused(api: LocalApi, entry: SourceEntry, client: httpx.Client,
                                                  policy: RetryPolicy) -> None:
    api.route(HOMICIDE, lambda _: Reply(200, summarized({"01-2024": 40, "02-2024": 1e308})))
    with pytest.raises(BadResponse, match="'Chicago Police Department Offenses' 02-2024: 1e\\+308 is more than"):
        make(entry, client, policy).fetch(
            FetchRequest(date(2024, 1, 1), date(2024, 2, 29), offenses=("murder",), granularity="month"))
