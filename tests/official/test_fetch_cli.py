"""`claims official fetch` and `sources` end to end: registry -> connectors -> local APIs -> SQLite."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from official_server import LocalApi, Reply, Seen

from cli import cli
from db.connection import open_db
from db.store import get_jurisdiction, observations_for
from httpkit.retry import RetryPolicy
from official.fetch import Credentials, fetch_official, select_sources
from official.registry import load_registry

FBI_KEY = "fbi-key-" + "x" * 32
APP_TOKEN = "socrata-token-0123456789"


def registry_text(base: str) -> str:
    return f'''
[[jurisdiction]]
name = "Chicago"
state = "IL"
ori = "ILCPD0000"
place_geoid = "1714000"
agency = "Chicago Police Department"

[[source]]
name = "local-crimes"
source_id = "socrata:local:ab12-cd34"
kind = "socrata"
title = "Local crimes"
publisher = "Chicago Police Department"
jurisdiction = "Chicago, IL"
base_url = "{base}"
dataset_id = "ab12-cd34"
date_field = "date"
code_field = "fbi_code"
taxonomy = "chicago_fbi_code"
unit = "incidents"

[[source]]
name = "local-layer"
source_id = "arcgis:local:layer"
kind = "arcgis"
title = "Local layer"
publisher = "Atlanta Police Department"
jurisdiction = "Atlanta, GA"
layer_url = "{base}/arcgis/rest/services/X/FeatureServer/0"
date_field = "OccurredFromDate"
code_field = "NibrsUcrCode"
taxonomy = "nibrs"

[[source]]
name = "local-cde"
source_id = "fbi_cde:local"
kind = "fbi_cde"
title = "CDE summarized"
publisher = "FBI Uniform Crime Reporting Program"
base_url = "{base}/cde"
offenses = ["murder"]
'''


def serve_everything(api: LocalApi) -> None:
    def soda(seen: Seen) -> Reply:
        assert seen.headers.get("x-app-token") == APP_TOKEN
        return Reply(200, [{"period": "2024-01-02T00:00:00.000", "code": "01A", "n": "2"},
                           {"period": "2024-01-03T00:00:00.000", "code": "03", "n": "5"}],
                     {"Last-Modified": "Wed, 31 Jul 2024 00:00:00 GMT"})

    def cde(seen: Seen) -> Reply:
        assert seen.headers.get("x-api-key") == FBI_KEY
        return Reply(200, {"offenses": {"actuals": {
            "Chicago Police Department Offenses": {"01-2024": 40, "02-2024": 31},
            "United States Offenses": {"01-2024": 1500, "02-2024": 1400}}},
            "cde_properties": {"max_data_date": {"UCR": "06/2024"}}})

    api.route("/resource/ab12-cd34.json", soda)
    api.route("/cde/summarized/agency/ILCPD0000/homicide", cde)
    api.route("/arcgis/rest/services/X/FeatureServer/0/query",
              lambda _: Reply(200, {"features": [], "exceededTransferLimit": False}))


@pytest.fixture
def registry_path(tmp_path: Path, api: LocalApi) -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(registry_text(api.base_url))
    return path


def run(tmp_path: Path, registry_path: Path, *args: str):
    env = {"FBI_API_KEY": FBI_KEY, "SOCRATA_APP_TOKEN": APP_TOKEN, "CLAIMS_BACKOFF": "0", "CLAIMS_RETRIES": "1"}
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "f.db"), "official", "fetch",
                                    "--registry", str(registry_path), *args], env=env)


def test_fetch_a_city_stores_socrata_and_fbi_figures(tmp_path: Path, api: LocalApi, registry_path: Path) -> None:
    serve_everything(api)
    result = run(tmp_path, registry_path, "--city", "Chicago, IL", "--from", "2024-01-01", "--to", "2024-02-29")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("local-crimes [place:chicago-il]: ")
    assert any(line.startswith("local-cde [place:chicago-il]: ") for line in lines)
    db = open_db(tmp_path / "f.db")
    socrata = [o for o in observations_for(db, "place:chicago-il", "murder") if o.source_id.startswith("socrata")]
    assert len(socrata) == 60 and sum(o.value or 0 for o in socrata) == 2
    fbi = [o for o in observations_for(db, "place:chicago-il", "murder")
           if o.source_id == "fbi_cde:local" and o.measure == "count"]
    assert [(o.period_start, o.value) for o in fbi] == [("2024-01-01", 40.0), ("2024-02-01", 31.0)]
    assert get_jurisdiction(db, "place:chicago-il").ori == "ILCPD0000"
    db.close()
    raw = (tmp_path / "f.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("f.db-*"))
    assert FBI_KEY.encode() not in raw and APP_TOKEN.encode() not in raw
    assert FBI_KEY not in result.output and APP_TOKEN not in result.output


def test_fetch_again_adds_nothing_for_the_same_vintage(tmp_path: Path, api: LocalApi, registry_path: Path) -> None:
    serve_everything(api)
    args = ("--source", "local-crimes", "--from", "2024-01-01", "--to", "2024-01-10", "--json")
    first_lines = run(tmp_path, registry_path, *args).output.splitlines()
    first = json.loads(first_lines[0])
    assert json.loads(first_lines[1]) == {"recheck": {"touched": 0, "added": 0, "verdicts_changed": 0,
                                                      "first_checks": 0, "changes": []}}
    second = json.loads(run(tmp_path, registry_path, *args).output)  # nothing new: no re-check line
    assert first["added"] == first["observations"] > 0
    assert (second["added"], second["already_present"]) == (0, first["observations"])


def test_failing_source_is_reported_and_others_still_stored(tmp_path: Path, api: LocalApi,
                                                             registry_path: Path) -> None:
    serve_everything(api)
    api.route("/cde/summarized/agency/ILCPD0000/homicide",
              lambda _: Reply(503, "<html>Service Unavailable</html>", {"Content-Type": "text/html"}))
    result = run(tmp_path, registry_path, "--city", "Chicago", "--from", "2024-01-01", "--to", "2024-01-31")
    assert result.exit_code == 1
    assert "local-cde [place:chicago-il]: FAILED: the FBI Crime Data Explorer kept failing with HTTP 503" in result.output
    first = result.output.splitlines()[0]
    assert first.startswith("local-crimes [place:chicago-il]: ") and "FAILED" not in first
    db = open_db(tmp_path / "f.db")
    assert len(observations_for(db, "place:chicago-il", "robbery")) == 31  # one per day of January


def test_unknown_city_is_a_usage_error_with_suggestions(tmp_path: Path, registry_path: Path) -> None:
    result = run(tmp_path, registry_path, "--city", "Chicgo, IL")
    assert result.exit_code == 2 and "Did you mean: Chicago, IL?" in result.output


def test_city_without_sources_lists_what_is_covered(tmp_path: Path, registry_path: Path) -> None:
    result = run(tmp_path, registry_path, "--city", "Tulsa, OK")
    assert result.exit_code == 2
    assert "No official source in the registry covers Tulsa, OK" in result.output
    assert "Atlanta, GA" in result.output and "Chicago, IL" in result.output


def test_unknown_source_name_suggests(tmp_path: Path, registry_path: Path) -> None:
    result = run(tmp_path, registry_path, "--source", "local-crime")
    assert result.exit_code == 2 and "local-crimes" in result.output


def test_missing_fbi_key_fails_only_that_source(tmp_path: Path, api: LocalApi, registry_path: Path) -> None:
    serve_everything(api)
    db = open_db(":memory:")
    with httpx.Client(timeout=5) as client:
        report = fetch_official(db, client, start=date(2024, 1, 1), end=date(2024, 1, 5), city="Chicago, IL",
                                registry=load_registry(registry_path),
                                credentials=Credentials(socrata_app_token=APP_TOKEN),
                                policy=RetryPolicy(retries=0, backoff=0))
    errors = {o.name: o.error for o in report.outcomes}
    assert errors["local-crimes"] is None and "FBI_API_KEY" in (errors["local-cde"] or "")
    assert not report.ok and report.added > 0


def test_select_sources(registry_path: Path) -> None:
    registry = load_registry(registry_path)
    assert [e.name for e, _ in select_sources(registry, city="Atlanta, GA")] == ["local-layer"]
    assert [e.name for e, _ in select_sources(registry)] == ["local-crimes", "local-layer", "local-cde"]
    fbi = select_sources(registry, source="local-cde", city="Chicago, IL")
    assert [(e.name, j.jurisdiction_id if j else None) for e, j in fbi] == [("local-cde", "place:chicago-il")]


def test_sources_lists_the_registry(registry_path: Path) -> None:
    result = CliRunner().invoke(cli, ["official", "sources", "--registry", str(registry_path), "--json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["name"] for r in rows] == ["local-crimes", "local-layer", "local-cde"]
    assert rows[0]["dataset_id"] == "ab12-cd34" and rows[0]["verified"] is False


def test_bundled_registry_has_six_real_cities_and_says_it_is_unverified() -> None:
    registry = load_registry()
    cities = {e.jurisdiction for e in registry.sources if e.jurisdiction}
    assert len(cities) >= 6
    assert {"Chicago, IL", "New York, NY", "Hartford, CT", "Baltimore, MD"} <= cities
    text = Path(registry.path).read_text()
    assert "HAVE NOT BEEN REACHED FROM OUR BUILD MACHINE" in text
    result = CliRunner().invoke(cli, ["official", "sources"])
    assert result.exit_code == 0 and "chicago-crimes" in result.output and "unverified" in result.output
    hartford = registry.source("hartford-incidents")
    assert (hartford.dataset_id, hartford.license) == ("889t-nwfu", "CC0-1.0")
    assert registry.source("socrata:data.cityofchicago.org:ijzp-q8t2").code_map["01A"] == "murder"


def test_offenses_command_lists_the_vocabulary() -> None:
    result = CliRunner().invoke(cli, ["official", "offenses", "--json"])
    ids = [json.loads(line)["offense_id"] for line in result.output.splitlines()]
    assert "murder" in ids and "homicide" in ids and "shooting_victims" in ids


@pytest.mark.issue(10)
def test_a_sum_past_the_plausible_size_stores_nothing_from_that_source(tmp_path: Path, api: LocalApi,
                                                                       registry_path: Path) -> None:
    serve_everything(api)
    rows = [{"period": f"2024-01-0{d}T00:00:00.000", "code": "03", "n": "900000000"} for d in (2, 3)]
    api.route("/resource/ab12-cd34.json",
              lambda _: Reply(200, rows, {"Last-Modified": "Wed, 31 Jul 2024 00:00:00 GMT"}))
    result = run(tmp_path, registry_path, "--city", "Chicago", "--from", "2024-01-01", "--to",
                 "2024-01-31", "--granularity", "total")
    assert result.exit_code == 1
    assert ("local-crimes [place:chicago-il]: FAILED: local-crimes: robbery count for 2024-01-01..2024-01-31: "
            "1.8e+09 is more than 1,000,000,000") in result.output
    db = open_db(tmp_path / "f.db")
    assert observations_for(db, "place:chicago-il", "robbery") == []
    assert observations_for(db, "place:chicago-il", "murder")  # the other source still stored


@pytest.mark.issue(13)
def test_fetch_re_checks_the_claims_its_figures_touch(tmp_path: Path, api: LocalApi,
                                                      registry_path: Path) -> None:
    serve_everything(api)
    story = tmp_path / "story.txt"
    story.write_text("Chicago recorded 40 homicides in January, police said on Monday, and the "
                     "department expects February to be quieter.\n", encoding="utf-8")
    ingested = CliRunner().invoke(cli, ["--db", str(tmp_path / "f.db"), "ingest", str(story), "--city",
                                        "Chicago", "--state", "IL", "--published", "2024-02-05"])
    assert ingested.exit_code == 0, ingested.output
    result = run(tmp_path, registry_path, "--source", "local-cde", "--city", "Chicago, IL",
                 "--from", "2024-01-01", "--to", "2024-02-29")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(
        "Re-checked 1 claim these figures touch (1 checked for the first time): 0 verdicts changed")
    db = open_db(tmp_path / "f.db")
    assert db.execute("SELECT verdict FROM claims").fetchone()[0] == "supported"
