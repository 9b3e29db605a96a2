"""Reporters' search over a real seeded SQLite file, in-process through ASGI."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from web_seed import Seeded

pytestmark = pytest.mark.anyio


async def test_search_page_lists_claims_with_the_quote_marked(client: httpx.AsyncClient) -> None:
    r = await client.get("/", params={"q": "homicides", "sort": "published_asc"})
    assert r.status_code == 200
    assert "<mark>Homicides fell 25 percent</mark> so far this year" in r.text
    assert "2 claims" in r.text
    assert 'name="viewport"' in r.text
    assert 'class="skip-link" href="#main"' in r.text


async def test_same_claim_from_two_outlets_is_grouped_oldest_first(client: httpx.AsyncClient,
                                                                   seeded: Seeded) -> None:
    r = await client.get("/", params={"q": "homicides"})
    assert "Same claim in 1 other outlet" in r.text
    block = r.text.split('class="elsewhere"', 1)[1]
    assert block.index("Riverton Ledger, 10 Jun 2024") < block.index("Valley Herald, 12 Jun 2024")


async def test_facet_counts_and_filter_links(client: httpx.AsyncClient) -> None:
    r = await client.get("/")
    assert r.status_code == 200
    # 30 filler claims + the Valley Herald claim
    assert 'Valley Herald <span class="count">31</span>' in r.text
    assert 'motor vehicle theft <span class="count">30</span>' in r.text
    assert "offense=homicide" in r.text


@pytest.mark.parametrize(("params", "expected"), [
    ({"city": "Bayport"}, 2),
    ({"state": "NY"}, 2),
    ({"offense": "homicide"}, 2),
    ({"kind": "from_to"}, 1),
    ({"verdict": "contradicted"}, 1),
    ({"verdict": "close"}, 1),
    ({"outlet": "Riverton Ledger"}, 1),
    ({"from": "2024-06", "to": "2024-06"}, 2),
    ({"from": "2024"}, 4),
    ({"to": "2023-02"}, 6),
])
async def test_filters_narrow_the_results(client: httpx.AsyncClient, params: dict,
                                          expected: int) -> None:
    r = await client.get("/api/claims", params=params)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == expected


async def test_pagination_and_sorting(client: httpx.AsyncClient) -> None:
    first = (await client.get("/api/claims", params={"per_page": 10})).json()
    assert first["total"] == 34 and len(first["claims"]) == 10
    assert first["next"] and "page=2" in first["next"]
    dates = [c["published"] for c in first["claims"]]
    assert dates == sorted(dates, reverse=True)
    oldest = (await client.get("/api/claims", params={"sort": "published_asc", "per_page": 5})).json()
    assert [c["published"] for c in oldest["claims"]] == sorted(c["published"] for c in oldest["claims"])
    assert oldest["claims"][0]["published"] <= dates[-1]
    page = await client.get("/", params={"page": 2})
    assert "Page 2 of 2" in page.text and 'rel="prev"' in page.text


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR (", "NEAR(", "*", "-", "^x", '"', "a OR",
                                   "col:umn", "')--", "\x00"])
async def test_malformed_queries_get_a_plain_message_never_a_500(client: httpx.AsyncClient,
                                                                 query: str) -> None:
    for path in ("/", "/api/claims", "/search.csv", "/search.json"):
        r = await client.get(path, params={"q": query})
        assert r.status_code in (200, 400), (path, query, r.status_code)
        assert "Traceback" not in r.text


@pytest.mark.parametrize("bad", [{"from": "June"}, {"to": "2024-13"}, {"from": "2024-06", "to": "2023-01"},
                                 {"verdict": "maybe"}])
async def test_bad_filters_get_a_plain_message(client: httpx.AsyncClient, bad: dict) -> None:
    r = await client.get("/", params=bad)
    assert r.status_code == 400
    assert 'class="notice notice-error"' in r.text
    api = await client.get("/api/claims", params=bad)
    assert api.status_code == 400 and api.json()["error"]


async def test_csv_export_holds_every_page_of_the_search(client: httpx.AsyncClient) -> None:
    r = await client.get("/search.csv", params={"outlet": "Valley Herald"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith('attachment; filename="claims-')
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 31  # more than one page of the search page
    assert {row["outlet"] for row in rows} == {"Valley Herald"}


async def test_json_export_matches_the_search(client: httpx.AsyncClient) -> None:
    r = await client.get("/search.json", params={"q": "homicides"})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    body = json.loads(r.text)
    assert body["total"] == 2 and len(body["claims"]) == 2
    assert body["query"] == {"q": "homicides"}


async def test_export_links_carry_the_filters(client: httpx.AsyncClient) -> None:
    r = await client.get("/", params={"q": "homicides", "city": "Riverton"})
    assert "/search.csv?q=homicides&amp;city=Riverton" in r.text


async def test_csv_cells_that_look_like_formulas_are_neutralised(client: httpx.AsyncClient) -> None:
    r = await client.get("/search.csv", params={"city": "Bayport"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert all(not (row["article_title"] or "x").startswith("=") for row in rows)


async def test_api_claim_and_openapi(client: httpx.AsyncClient, seeded: Seeded) -> None:
    r = await client.get(f"/api/claims/{seeded.ledger_claim}")
    assert r.status_code == 200
    body = r.json()
    assert body["quote"] == "Homicides fell 25 percent"
    assert body["checks"][0]["verdict"] == "close"
    assert len(body["observations"]) == 3
    assert body["same_claim_elsewhere"] == [seeded.herald_claim]
    missing = await client.get("/api/claims/999999")
    assert missing.status_code == 404 and missing.json()["error"]
    spec = (await client.get("/api/openapi.json")).json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/claims", "/api/claims/{claim_id}", "/claims/{claim_id}/claimreview.json"):
        assert path in spec["paths"]
    # every $ref points at a defined schema
    refs = {ref.rsplit("/", 1)[1] for ref in _refs(spec)}
    assert refs <= set(spec["components"]["schemas"])


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


async def test_login_required_for_search_when_settings_say_so(seeded: Seeded) -> None:
    from settings import Settings
    from web.app import create_app

    app = create_app(Settings(secret_key="search-test-key-at-least-32-bytes-long",
                              require_login_for_search=True), db_path=seeded.path)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as c:
        r = await c.get("/", params={"q": "x"})
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        api = await c.get("/api/claims")
        assert api.status_code == 401


async def test_state_menu_lists_stored_states_and_filters(client: httpx.AsyncClient) -> None:
    r = await client.get("/")
    menu = r.text.split('<select id="state" name="state">', 1)[1].split("</select>", 1)[0]
    assert '<option value="">Any state</option>' in menu
    assert '<option value="CT">CT</option>' in menu and '<option value="NY">NY</option>' in menu
    assert "<summary>State</summary>" in r.text  # the state facet with counts
    chosen = await client.get("/", params={"state": "CT", "q": "homicides"})
    assert '<option value="CT" selected>CT</option>' in chosen.text
    assert '<input type="hidden" name="state"' not in chosen.text  # the menu carries it
    assert "2 claims</h2>" in chosen.text
    elsewhere = await client.get("/", params={"state": "NY", "q": "homicides"})
    assert "0 claims</h2>" in elsewhere.text
    api = (await client.get("/api/claims", params={"state": "NY"})).json()
    assert api["total"] == 2 and {f["value"] for f in api["facets"]["state"]} == {"NY"}
    assert api["facets_timed_out"] == []


async def test_facets_past_the_time_budget_are_named_not_shown(app, client: httpx.AsyncClient) -> None:
    from web.search_cache import SearchCache

    app.state.claims.search_cache = SearchCache(8, facet_time_limit=0.0)
    r = await client.get("/", params={"q": "homicides"})
    assert r.status_code == 200 and "2 claims</h2>" in r.text
    assert "took too long; those filter lists are left out" in r.text
    assert "<summary>Outlet</summary>" not in r.text
    api = (await client.get("/api/claims", params={"q": "homicides"})).json()
    assert api["total"] == 2 and api["facets"] == {}
    assert api["facets_timed_out"] == ["city", "state", "offense", "kind", "verdict", "outlet"]


@pytest.mark.issue(13)
@pytest.mark.parametrize("q", ["homicide", "murder", "killings"])
async def test_search_page_finds_the_offense_by_any_of_its_names(client: httpx.AsyncClient,
                                                                 q: str) -> None:
    r = await client.get("/", params={"q": q, "sort": "published_asc"})
    assert r.status_code == 200
    assert "<mark>Homicides fell 25 percent</mark> so far this year" in r.text
    assert "2 claims" in r.text


@pytest.mark.issue(13)
async def test_claim_page_leads_with_a_pasteable_headline(client: httpx.AsyncClient,
                                                          seeded: Seeded) -> None:
    r = await client.get(f"/claims/{seeded.ledger_claim}")
    assert r.status_code == 200
    sentence = ("Claimed: down 25%. Official: 12 → 9.5, −20.8%, 1 Jan–31 May 2024 vs the same span "
                "of 2023. Close.")
    assert f'<p class="headline" id="headline">{sentence}</p>' in r.text
    assert r.text.index('id="headline"') < r.text.index('id="in-article"')
    unchecked = await client.get(f"/claims/{seeded.herald_claim}")
    assert "Not checked against official figures yet." in unchecked.text
