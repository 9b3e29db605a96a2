"""Live smoke test of the bundled registry. Opt-in: `pytest -m network tests/official`.

Our build machine has no internet, so this has never run; it exists so the first person with a
connection can check every dataset id, field name and code map in one go.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import httpx
import pytest

from httpkit.retry import RetryPolicy
from official.connectors.base import FetchRequest
from official.fetch import Credentials, build_connector, select_sources
from official.registry import load_registry

REGISTRY = load_registry()
PORTALS = [(e, j) for e, j in select_sources(REGISTRY) if e.kind in ("socrata", "arcgis") and not e.valid_to]


@pytest.mark.network
@pytest.mark.parametrize(("entry", "jurisdiction"), PORTALS, ids=[e.name for e, _ in PORTALS])
def test_portal_answers_with_mapped_codes(entry, jurisdiction) -> None:
    end = date.today() - timedelta(days=entry.lag_days + 30)
    request = FetchRequest(end - timedelta(days=6), end, granularity="total")
    with httpx.Client(timeout=60, follow_redirects=True,
                      headers={"User-Agent": "claims-tracker live registry check"}) as client:
        connector = build_connector(entry, client, registry=REGISTRY, policy=RetryPolicy(retries=1),
                                    credentials=Credentials(socrata_app_token=os.environ.get("SOCRATA_APP_TOKEN", "")),
                                    jurisdiction=jurisdiction)
        result = connector.fetch(request)
    assert result.observations, result.warnings
    assert sum(o.value or 0 for o in result.observations) > 0, result.warnings


@pytest.mark.network
@pytest.mark.skipif(not os.environ.get("FBI_API_KEY"), reason="needs FBI_API_KEY")
def test_fbi_cde_answers_for_chicago() -> None:
    entry = REGISTRY.source("fbi-cde")
    [(entry, chicago)] = select_sources(REGISTRY, source="fbi-cde", city="Chicago, IL")
    year = date.today().year - 2
    with httpx.Client(timeout=60) as client:
        connector = build_connector(entry, client, registry=REGISTRY, policy=RetryPolicy(retries=1),
                                    credentials=Credentials(fbi_api_key=os.environ["FBI_API_KEY"]),
                                    jurisdiction=chicago)
        result = connector.fetch(FetchRequest(date(year, 1, 1), date(year, 12, 31), offenses=("murder",),
                                              granularity="month"))
    counts = [o.value for o in result.observations if o.measure == "count"]
    assert len(counts) == 12 and sum(v or 0 for v in counts) > 100, result.warnings
