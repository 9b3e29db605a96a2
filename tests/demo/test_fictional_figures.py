"""demo/official/fictional_cities.csv: clearly fictional, in the import format, and importable."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from db.connection import open_db
from demo import OFFICIAL_DIR, stages
from demo.server import DemoSite
from official.csv_import import import_csv
from settings import Settings

FICTIONAL = OFFICIAL_DIR / "fictional_cities.csv"
COLUMNS = ("jurisdiction,ori,place_geoid,offense,source_offense_label,measure,unit,period_start,"
           "period_end,value,status,as_of,publisher,document_title,source_url,retrieved_at,entered_by,"
           "notes").split(",")
FICTIONAL_CITIES = {"Riverton, OH", "Lake City, MN", "Port Hale, ME"}


def _rows() -> list[dict[str, str]]:
    with open(FICTIONAL, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_row_is_marked_fictional() -> None:
    rows = _rows()
    assert len(rows) > 40
    for row in rows:
        assert row["jurisdiction"] in FICTIONAL_CITIES
        assert row["publisher"].endswith("(fictional demo data)")
        assert row["notes"] == "FICTIONAL demo figure"
        assert "(fictional)" in row["document_title"]
        assert row["source_url"].startswith("https://demo.claims-tracker.invalid/")
        assert row["period_start"] <= row["period_end"]


def test_imports_without_bad_rows_and_idempotently(tmp_path: Path) -> None:
    db = open_db(tmp_path / "claims.db")
    first = import_csv(db, FICTIONAL)
    assert first.bad_rows == ()
    assert first.loaded == len(_rows())
    again = import_csv(db, FICTIONAL)
    assert (again.loaded, again.already_present) == (0, len(_rows()))


@pytest.mark.slow
def test_direct_fetch_stores_every_public_article(tmp_path: Path) -> None:
    """The fallback the demo uses when the crawl cannot run: fetch known URLs over real HTTP."""
    with DemoSite() as site:
        state = stages.DemoState(settings=Settings(db_path=str(tmp_path / "x.db")), db_path=tmp_path / "x.db",
                                 base_url=site.base_url, sources_file=tmp_path / "unused.toml",
                                 official_dir=OFFICIAL_DIR)
        try:
            detail = stages.direct_ingest(state, reason="crawl failed")
            assert detail.startswith("crawl failed; fetched 28 demo articles")
            assert state.db.table("articles").count == 28
        finally:
            state.close()
