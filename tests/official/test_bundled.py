"""The bundled FBI Table 8 figures, through a real SQLite store: spot checks of well-known figures,
missing never 0, idempotence, agency matching and claims checked end to end (no network).

The bundle is in the repository, so these run on a fresh clone; only the rebuild test reads the
shared data folder, and it skips with a message when that folder is absent.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from cli import cli
from db.connection import open_db
from db.official_store import count_observations
from db.store import checks_for, get_claim, observations_for, store_article
from offenses.relations import relate
from offenses.vocabulary import vocabulary
from official.agencies import match_agency
from official.bundle_build import BUNDLE_DIR, TABLE8_FILE, build, find_shared
from official.bundle_places import REPORT_FILE, REPORT_MIN_POPULATION, place_report
from official.bundled import (
    NOT_LISTED,
    OFFENSE_COLUMNS,
    SOURCE_ID,
    load_bundled,
    manifest,
)
from orchestrate.extraction import extract_new_articles
from records.article import Article
from settings import Settings
from verify import run_checks

pytestmark = pytest.mark.issue(12)

BIG = 500_000  # a quick load for most tests: the agencies that reached half a million people


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_db(tmp_path_factory.mktemp("bundled") / "claims.db")
    load_bundled(db, min_population=BIG, places=[("Toledo", "OH"), ("Tulsa", "OK"), ("Orlando", "FL"),
                                                  ("St. Louis", "MO"), ("Baltimore", "MD")])
    return db


def _value(db: Database, jid: str, offense: str, year: int) -> tuple[float | None, str | None]:
    found = [o for o in observations_for(db, jid, offense, f"{year}-01-01", f"{year}-12-31")
             if o.source_id == SOURCE_ID]
    assert len(found) == 1, f"{jid} {offense} {year}: {found}"
    return found[0].value, found[0].note


@pytest.mark.slow
def test_bundle_is_committed_compact_and_matches_its_manifest() -> None:
    data = (BUNDLE_DIR / TABLE8_FILE).read_bytes()
    info = manifest()
    assert hashlib.sha256(data).hexdigest() == info["outputs"][TABLE8_FILE]
    assert len(data) < 4_000_000
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))))
    assert len(rows) == info["rows"] == 157_295
    assert {r["year"] for r in rows} == {str(y) for y in range(2006, 2024)}
    assert (BUNDLE_DIR / "README.md").read_text().count("Caution") >= 1


@pytest.mark.slow
def test_rebuild_from_shared_is_byte_identical(tmp_path: Path) -> None:
    shared = find_shared()
    if shared is None:
        pytest.skip("shared/official-data is not next to this checkout; the committed bundle is used as is")
    build(shared, tmp_path)
    assert (tmp_path / TABLE8_FILE).read_bytes() == (BUNDLE_DIR / TABLE8_FILE).read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(("jid", "year", "murders"), [
    ("place:chicago-il", 2019, 492), ("place:baltimore-md", 2017, 342), ("place:new-york-ny", 2019, 319),
    ("place:st-louis-mo", 2019, 194), ("place:chicago-il", 2016, 765),
])
def test_well_known_murder_counts_come_out_of_the_store(store: Database, jid: str, year: int,
                                                        murders: int) -> None:
    assert _value(store, jid, "murder", year)[0] == murders


@pytest.mark.slow
def test_missing_is_not_published_never_zero(store: Database) -> None:
    value, note = _value(store, "place:philadelphia-pa", "murder", 2020)
    assert value is None and NOT_LISTED.format(year=2020) in (note or "")
    value, note = _value(store, "place:new-york-ny", "murder", 2021)
    assert value is None and "does not list this agency" in (note or "")
    value, note = _value(store, "place:chicago-il", "rape", 2010)  # blank in the table (methodology)
    assert value is None and "blank in Table 8 2010" in (note or "")
    assert (_value(store, "place:chicago-il", "murder", 2010)[0] or 0) > 0  # the same row has murders


@pytest.mark.slow
def test_population_footnotes_and_rape_definition_travel_with_the_figures(store: Database) -> None:
    assert _value(store, "place:toledo-oh", "_population", 2019)[0] == 273_505
    value, note = _value(store, "place:orlando-fl", "murder", 2016)
    assert value == 84 and "Pulse" in (note or "") and "not comparable" in (note or "")
    assert "Pulse" not in (_value(store, "place:orlando-fl", "robbery", 2016)[1] or "")
    assert "rape definition: legacy" in (_value(store, "place:los-angeles-ca", "rape", 2013)[1] or "")
    obs = observations_for(store, "place:st-louis-mo", "murder", "2019-01-01", "2019-12-31")[0]
    assert (obs.status, obs.as_of, obs.document_title) == ("final", "2020-09-28", "FBI CIUS 2019, Table 8")
    assert obs.source_url.startswith("https://ucr.fbi.gov/crime-in-the-u.s/2019/")


@pytest.mark.slow
def test_loading_again_adds_nothing(store: Database) -> None:
    before = count_observations(store, SOURCE_ID)
    places = [("Toledo", "OH"), ("Tulsa", "OK"), ("Orlando", "FL"), ("St. Louis", "MO"), ("Baltimore", "MD")]
    again = load_bundled(store, min_population=BIG, places=places)
    assert again.skipped and again.added == 0
    forced = load_bundled(store, min_population=BIG, places=places, force=True)
    assert (forced.added, forced.already_present) == (0, forced.observations)
    assert count_observations(store, SOURCE_ID) == before


def test_offense_columns_map_to_the_vocabulary() -> None:
    for offense, unit in OFFENSE_COLUMNS.values():
        assert vocabulary()[offense].unit == unit
    assert relate("homicide", None, "murder").relation == "equivalent"  # type: ignore[union-attr]
    assert relate("larceny", None, "larceny_theft").relation == "equivalent"  # type: ignore[union-attr]
    assert relate("violent_crime", None, "violent_crime").relation == "exact"  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "state", "jid", "how"), [
    ("Las Vegas Metropolitan Police Department", "NEVADA", "place:las-vegas-nv", "rule"),
    ("Louisville Metro", "KENTUCKY", "place:louisville-ky", "rule"),
    ("Charlotte-Mecklenburg", "NORTH CAROLINA", "place:charlotte-nc", "rule"),
    ("New York", "NEW YORK", "place:new-york-ny", "exact"),
    ("Edison Township", "NEW JERSEY", "place:edison-nj", "suffix"),
    ("Hamilton Township, Mercer County", "NEW JERSEY", "place:hamilton-township-mercer-county-nj", "own_id"),
    ("Northern York County Regional", "PENNSYLVANIA", "place:northern-york-county-regional-pa", "own_id"),
])
def test_agency_names_match_places(name: str, state: str, jid: str, how: str) -> None:
    m = match_agency(name, state)
    assert (m.jurisdiction_id, m.how) == (jid, how)
    assert m.reason


@pytest.mark.slow
def test_unmatched_report_is_current_and_says_why() -> None:
    rows = place_report(REPORT_MIN_POPULATION)
    committed = list(csv.DictReader((BUNDLE_DIR / REPORT_FILE).open(encoding="utf-8")))
    assert [(r["state"], r["fbi_name"], r["how"]) for r in committed] == [
        (r["state"], r["fbi_name"], r["how"]) for r in rows]
    own = {r["fbi_name"]: r["reason"] for r in rows if r["how"] == "own_id"}
    assert "regional police" in own["Northern York County Regional"]
    assert "township named with its county" in own["Hamilton Township, Mercer County"]
    result = CliRunner().invoke(cli, ["official", "bundle-places", "--min-population", "500000"])
    assert result.exit_code == 0, result.output
    assert "Las Vegas Metropolitan Police Department" in result.output and "[rule]" in result.output


TEXT = """The FBI's tables let residents compare a city with its own past.

St. Louis recorded 194 murders in 2019, the FBI's figures show.

In Baltimore, murders fell 20 percent in 2017, a council member said.

Toledo had a homicide rate of 12.4 per 100,000 residents in 2019.

Violent crime in Tulsa fell 8 percent in 2019.

Orlando recorded 84 murders in 2016, up from 32 the year before.

Philadelphia recorded 499 murders in 2020, according to a candidate.

Rapes in Los Angeles rose 47 percent in 2014.

Chicago police have counted 300 homicides so far this year.
"""


@pytest.mark.slow
def test_claims_about_real_cities_get_real_verdicts(store: Database) -> None:
    store_article(store, Article(url="https://news.example/fbi-tables", text=TEXT, title="FBI tables",
                                 published="2024-10-01", outlet="Test Ledger", city="Riverton", state="OH"))
    extract_new_articles(store, Settings(db_path="unused.db"))
    summary = run_checks(store, None)
    got = {get_claim(store, cid).claim.quote: check for cid, check, _ in summary.checks}

    def one(part: str):  # noqa: ANN202
        found = [c for q, c in got.items() if part in q]
        assert len(found) == 1, f"{part!r} in {list(got)}"
        return found[0]

    assert one("194 murders").verdict == "supported"
    baltimore = one("murders fell 20 percent")
    assert baltimore.verdict == "contradicted"
    assert "(342 - 318) / 318 x 100 = +7.5%" in baltimore.explanation
    assert "fbi-cius-table8" in baltimore.explanation
    assert "cautions against ranking" in baltimore.explanation
    toledo = one("12.4 per 100,000")
    assert toledo.verdict == "supported"
    assert "34 / 273,505 x 100,000 = 12.43" in toledo.explanation and "population of 2019" in toledo.explanation
    assert one("Tulsa").verdict == "supported"
    orlando = one("84 murders")
    assert orlando.verdict == "needs_review" and "Pulse" in orlando.explanation
    philly = one("499 murders")
    assert philly.verdict == "unverifiable" and "not published by the FBI for 2020" in philly.explanation
    los_angeles = one("Rapes in Los Angeles")
    assert los_angeles.verdict == "needs_review" and "definition_mismatch" in los_angeles.flags
    assert "2013: legacy" in los_angeles.explanation and "2014: revised" in los_angeles.explanation
    ytd = one("300 homicides")
    assert ytd.verdict == "unverifiable" and "annual figures only" in ytd.explanation
    assert all(checks_for(store, cid) for cid, _, _ in summary.checks)


@pytest.mark.slow
def test_claims_check_loads_the_bundle_into_a_fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMS_LOAD_BUNDLED", "true")
    db_path = tmp_path / "fresh.db"
    open_db(db_path).close()
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "check"])
    assert result.exit_code == 0, result.output
    assert "Loaded" in result.output and "FBI figures" in result.output
    db = open_db(db_path)
    loaded = count_observations(db, SOURCE_ID)
    assert loaded > 150_000
    again = runner.invoke(cli, ["--db", str(db_path), "official", "load-bundled"])
    assert again.exit_code == 0 and "Already loaded" in again.output
    assert count_observations(db, SOURCE_ID) == loaded
    monkeypatch.setenv("CLAIMS_LOAD_BUNDLED", "false")
    other = tmp_path / "off.db"
    open_db(other).close()
    runner.invoke(cli, ["--db", str(other), "check"])
    assert count_observations(open_db(other), SOURCE_ID) == 0


@pytest.mark.slow
def test_a_place_asked_for_but_not_in_the_table_is_reported(tmp_path: Path) -> None:
    db = open_db(tmp_path / "few.db")
    report = load_bundled(db, min_population=5_000_000, places=[("Toledo", "OH"), ("Nowhere Springs", "OH")])
    assert report.agencies == 2  # New York (8 million) and Toledo
    assert report.not_found == ("Nowhere Springs, OH",)
    assert _value(db, "place:toledo-oh", "murder", 2019)[0] == 34
