"""The database opens in Datasette with full-text search and facets working (in-process)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

pytestmark = pytest.mark.slow  # importing datasette alone takes seconds


def get_json(path: Path, url: str) -> dict[str, Any]:
    app = pytest.importorskip("datasette.app", reason="needs datasette, a dev extra (pip install -e '.[dev]')")

    async def fetch() -> dict[str, Any]:
        ds = app.Datasette([str(path)])
        response = await ds.client.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_claims_search_and_facets(filled: Database, db_path: Path) -> None:
    data = get_json(db_path, "/claims/claims.json?_search=fell&_facet=offense&_facet=city"
                             "&_shape=objects")
    assert data["filtered_table_rows_count"] == 2
    assert [row["id"] for row in data["rows"]] == [1, 4]
    offense = {r["value"]: r["count"] for r in data["facet_results"]["offense"]["results"]}
    city = {r["value"]: r["count"] for r in data["facet_results"]["city"]["results"]}
    assert offense == {"shooting": 1, "robbery": 1}
    assert city == {"Millbrook": 1, "Eastport": 1}


def test_verdict_facet_follows_checks(filled: Database, db_path: Path) -> None:
    data = get_json(db_path, "/claims/claims.json?_facet=verdict&_shape=objects")
    verdicts = {r["value"]: r["count"] for r in data["facet_results"]["verdict"]["results"]}
    assert verdicts == {"contradicted": 1, "supported": 1, "close": 1}  # Datasette omits NULL


def test_article_title_search(filled: Database, db_path: Path) -> None:
    data = get_json(db_path, "/claims/articles.json?_search=robbery&_shape=objects")
    assert [row["title"] for row in data["rows"]] == ["Robbery trends"]
