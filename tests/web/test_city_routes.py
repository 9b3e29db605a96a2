"""City pages over ASGI: the index, one place's page, place links, unknown places (issue 13)."""

from __future__ import annotations

import re

import httpx
import pytest
from web_seed import Seeded

from db.places import place_key

pytestmark = [pytest.mark.anyio, pytest.mark.issue(13)]


@pytest.mark.parametrize(("city", "state", "key"), [
    ("Chicago", "IL", "chicago-il"), ("St. Louis", "MO", "st-louis-mo"),
    ("Coeur d'Alene", "ID", "coeur-d-alene-id"), ("Bayport", None, "bayport"),
])
def test_place_key(city: str, state: str | None, key: str) -> None:
    assert place_key(city, state) == key


async def test_city_index_lists_places_most_claims_first(client: httpx.AsyncClient) -> None:
    r = await client.get("/cities")
    assert r.status_code == 200
    links = re.findall(r'<a href="/cities/([a-z-]+)">([^<]+)</a> <span class="count">([\d,]+) claim', r.text)
    assert links == [("riverton-ct", "Riverton, CT", "32"), ("bayport-ny", "Bayport, NY", "2")]


async def test_city_page_has_its_charts_and_claims(client: httpx.AsyncClient, seeded: Seeded) -> None:
    r = await client.get("/cities/bayport-ny")
    assert r.status_code == 200
    assert "<h1>Bayport, NY</h1>" in r.text
    assert r.text.count('role="img"') == 3  # over time, offenses, outlets (no official series)
    assert "No official series is stored here for burglary, robbery." in r.text \
        or "No official series is stored here for robbery, burglary." in r.text
    assert f'href="/claims/{seeded.hostile_claim}"' in r.text
    assert "<img src=x" not in r.text and "<script>alert" not in r.text  # hostile quote stays text


async def test_place_names_link_to_their_city_page(client: httpx.AsyncClient, seeded: Seeded) -> None:
    for path in ("/?q=homicides", f"/claims/{seeded.ledger_claim}"):
        r = await client.get(path)
        assert '<a class="place" href="/cities/riverton-ct">Riverton, CT</a>' in r.text, path


async def test_unknown_place_is_a_404_that_says_where_to_look(client: httpx.AsyncClient) -> None:
    r = await client.get("/cities/atlantis-zz")
    assert r.status_code == 404
    assert "No claims are about a place called &#39;atlantis-zz&#39;" in r.text
