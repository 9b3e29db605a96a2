"""Hand-entered CSV import: good rows load, bad rows are reported by line, re-import adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from db.connection import open_db
from db.store import get_jurisdiction, observations_for
from official.csv_import import COLUMNS, import_csv, parse_csv
from official.errors import CsvFormatError

REPO = Path(__file__).resolve().parents[2]
HEADER = ",".join(COLUMNS)
# Our own invented figures for an invented report; the URL is a reserved .invalid host.
URL = "https://police.example.invalid/compstat-week-40.pdf#page=2"


def row(**changes: str) -> str:
    base = {
        "jurisdiction": '"Hartford, CT"', "ori": "", "place_geoid": "", "offense": "robbery",
        "source_offense_label": "ROBBERY", "measure": "count", "unit": "incidents",
        "period_start": "2025-01-01", "period_end": "2025-10-05", "value": "212",
        "status": "preliminary", "as_of": "2025-10-05", "publisher": "Hartford Police Department",
        "document_title": "CompStat Week 40", "source_url": URL, "retrieved_at": "2025-10-07",
        "entered_by": "tester", "notes": "", "series": "",
    }
    base.update(changes)
    return ",".join(base[c] for c in COLUMNS)


def write(tmp_path: Path, *lines: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path):
    database = open_db(tmp_path / "claims.db")
    yield database
    database.close()


def test_good_file_loads_and_reimport_adds_nothing(tmp_path: Path, db) -> None:
    path = write(tmp_path, HEADER, row(), row(period_start="2024-01-01", period_end="2024-10-05", value="250"),
                 row(offense="homicides", source_offense_label="MURDER", unit="victims", value="9"))
    report = import_csv(db, path)
    assert (report.rows, report.loaded, report.already_present, report.bad_rows) == (3, 3, 0, ())
    again = import_csv(db, path)
    assert (again.loaded, again.already_present) == (0, 3)
    stored = observations_for(db, "place:hartford-ct", "robbery")
    assert [(o.period_start, o.period_end, o.value) for o in stored] == [
        ("2024-01-01", "2024-10-05", 250.0), ("2025-01-01", "2025-10-05", 212.0)]
    assert stored[0].source_id == "manual:hartford-police-department"
    assert stored[0].as_of == "2025-10-05" and stored[0].entered_by == "tester"
    assert observations_for(db, "place:hartford-ct", "homicide")[0].value == 9
    assert get_jurisdiction(db, "place:hartford-ct").ori == "CT0006400"


def test_a_new_vintage_is_added_beside_the_old(tmp_path: Path, db) -> None:
    import_csv(db, write(tmp_path, HEADER, row()))
    import_csv(db, write(tmp_path, HEADER, row(value="214", as_of="2025-10-12", retrieved_at="2025-10-14"),
                         name="later.csv"))
    values = [(o.as_of, o.value) for o in observations_for(db, "place:hartford-ct", "robbery")]
    assert values == [("2025-10-05", 212.0), ("2025-10-12", 214.0)]


def test_blank_value_is_not_reported_never_zero(tmp_path: Path, db) -> None:
    import_csv(db, write(tmp_path, HEADER, row(value="")))
    assert observations_for(db, "place:hartford-ct", "robbery")[0].value is None


BAD_ROWS = [
    ({"offense": "robery"}, "unknown offense 'robery' (did you mean robbery"),
    ({"jurisdiction": '"Hartfrod, CT"'}, "did you mean Hartford, CT"),
    ({"jurisdiction": "Springfield"}, "ambiguous jurisdiction 'Springfield'"),
    ({"period_end": "2024-12-31"}, "period_end 2024-12-31 is before period_start 2025-01-01"),
    ({"period_start": "01/01/2025"}, "period_start '01/01/2025' is not an ISO date"),
    ({"period_start": "2025-02-30"}, "not a real date"),
    ({"value": "about 200"}, "value 'about 200' is not a number"),
    ({"value": "-3"}, "value '-3' must be a finite number from 0 to 1,000,000,000 (-3 is negative)"),
    ({"measure": "percent"}, "measure 'percent' must be one of count"),
    ({"unit": "cases"}, "unit 'cases' must be one of"),
    ({"status": "draft"}, "status 'draft' must be one of final, preliminary, estimate"),
    ({"source_url": ""}, "empty required column(s): source_url"),
    ({"source_url": "compstat.pdf"}, "must be an http(s) URL"),
    ({"ori": "IL123"}, "ori 'IL123' must be 9"),
    ({"place_geoid": "17-14000"}, "place_geoid '17-14000' must be 7 digits"),
    ({"retrieved_at": "yesterday"}, "retrieved_at 'yesterday' is not an ISO date"),
]


# issue 10: a figure that is not finite or too large is a row error, never stored.
NOT_PLAUSIBLE = [
    ({"value": "1e308"}, "value '1e308' must be a finite number from 0 to 1,000,000,000 (1e+308 is more than"),
    ({"value": "1" + "0" * 400}, "(inf is not a finite number)"),
    ({"value": "inf"}, "(inf is not a finite number)"),
    ({"value": "-Infinity"}, "(-inf is not a finite number)"),
    ({"value": "NaN"}, "(nan is not a finite number)"),
    ({"value": "2000000000"}, "implausible for a crime figure"),
]


@pytest.mark.issue(10)
@pytest.mark.parametrize(("changes", "reason"), NOT_PLAUSIBLE, ids=[c["value"][:12] for c, _ in NOT_PLAUSIBLE])
def test_non_finite_and_implausible_values_are_row_errors(tmp_path: Path, changes: dict[str, str],
                                                          reason: str) -> None:
    parsed = parse_csv(write(tmp_path, HEADER, row(), row(**changes)))
    assert [o.value for o in parsed.observations] == [212.0]
    assert [(b.line, reason in b.reason) for b in parsed.bad_rows] == [(3, True)], parsed.bad_rows


@pytest.mark.parametrize(("changes", "reason"), BAD_ROWS, ids=[r for _, r in BAD_ROWS])
def test_bad_row_reasons(tmp_path: Path, changes: dict[str, str], reason: str) -> None:
    parsed = parse_csv(write(tmp_path, HEADER, row(), row(**changes)))
    assert len(parsed.observations) == 1
    assert [(b.line, reason in b.reason) for b in parsed.bad_rows] == [(3, True)], parsed.bad_rows


def test_line_numbers_count_comments_and_multiline_fields(tmp_path: Path, db) -> None:
    path = write(tmp_path, "# Figures typed from the Week 40 CompStat PDF.", "# Second comment line.", HEADER,
                 row(notes='"a note that runs\nover two lines"'), "", row(offense="nope"),
                 row(value='"12,5x"'), "too,few,fields", row(value='"1,204"', period_start="2024-01-01"),
                 row(value="213"))
    report = import_csv(db, path)
    assert [(b.line, b.reason.split(" ")[0]) for b in report.bad_rows] == [
        (7, "unknown"), (8, "value"), (9, "3"), (11, "same")]
    assert "same figure as line 4" in report.bad_rows[-1].reason
    assert report.loaded == 2 and report.rows == 6
    assert {o.value for o in observations_for(db, "place:hartford-ct", "robbery")} == {212.0, 1204.0}


def test_unknown_city_with_valid_state_is_recorded_with_a_note(tmp_path: Path, db) -> None:
    report = import_csv(db, write(tmp_path, HEADER, row(jurisdiction='"Port Hale, ME"')))
    assert report.loaded == 1 and report.jurisdictions == ("place:port-hale-me",)
    assert any("not in the gazetteer" in w for w in report.warnings)


def test_key_in_a_pasted_url_is_redacted(tmp_path: Path, db) -> None:
    import_csv(db, write(tmp_path, HEADER, row(source_url="https://api.example.invalid/x?api_key=SECRET999&y=1")))
    stored = observations_for(db, "place:hartford-ct", "robbery")[0]
    assert "SECRET999" not in stored.source_url and "api_key=REDACTED" in stored.source_url


def test_unusable_files(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match="lacks required column"):
        parse_csv(write(tmp_path, "jurisdiction,offense,value", '"Hartford, CT",robbery,3'))
    bad_bytes = tmp_path / "latin1.csv"
    bad_bytes.write_bytes((HEADER + "\n").encode() + "Bogotá".encode("latin-1"))
    with pytest.raises(CsvFormatError, match="not UTF-8"):
        parse_csv(bad_bytes)
    with pytest.raises(CsvFormatError, match="does not exist"):
        parse_csv(tmp_path / "missing.csv")
    with pytest.raises(CsvFormatError, match="no header"):
        parse_csv(write(tmp_path, "# only a comment", name="empty.csv"))


def test_demo_fixture_with_real_figures_imports_cleanly(db) -> None:
    report = import_csv(db, REPO / "demo" / "official" / "fbi_murders_fte.csv")
    assert (report.rows, report.loaded, report.bad_rows, report.warnings) == (20, 20, (), ())
    chicago = {(o.period_start, o.period_end): o.value for o in observations_for(db, "place:chicago-il", "murder")}
    assert chicago == {("2014-01-01", "2014-12-31"): 411, ("2015-01-01", "2015-12-31"): 478,
                       ("2015-01-01", "2015-10-02"): 378, ("2016-01-01", "2016-10-02"): 536}
    baltimore = {(o.period_start, o.period_end): o.value for o in observations_for(db, "place:baltimore-md", "murder")}
    assert baltimore[("2015-01-01", "2015-10-01")] == 249 and baltimore[("2016-01-01", "2016-10-01")] == 230
    seattle = {o.period_start[:4]: o.value for o in observations_for(db, "place:seattle-wa", "murder")}
    assert seattle == {"2014": 26, "2015": 23}
    assert all("CC BY 4.0" in (o.note or "") for o in observations_for(db, "place:new-york-ny", "murder"))


def test_demo_fictional_figures_import_cleanly(db) -> None:
    path = REPO / "demo" / "official" / "fictional_cities.csv"  # in the repository: no skip
    report = import_csv(db, path)
    assert report.bad_rows == () and report.loaded == report.rows > 0
    assert set(report.jurisdictions) == {"place:riverton-oh", "place:lake-city-mn", "place:port-hale-me"}


# ---------------------------------------------------------------- the CLI


def invoke(tmp_path: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "cli.db"), "official", "import", *args])


def test_cli_all_good_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, row())
    result = invoke(tmp_path, str(path))
    assert result.exit_code == 0, result.output
    assert result.output == (f"{path}: 1 rows: 1 loaded, 0 skipped (already present), 0 bad\n"
                             "Re-checked no claims: no stored claim is about these places, "
                             "offenses and periods.\n")
    again = invoke(tmp_path, str(path))
    assert "0 loaded, 1 skipped (already present)" in again.output and again.exit_code == 0


def test_cli_some_bad_rows_exits_1_and_lists_them(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, row(), row(offense="robery"))
    result = invoke(tmp_path, str(path))
    assert result.exit_code == 1
    assert "1 loaded" in result.output and "1 bad" in result.output
    assert "  line 3: unknown offense 'robery'" in result.output


def test_cli_json_report(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, row(), row(period_end="2024-01-01"))
    result = invoke(tmp_path, str(path), "--json")
    data = json.loads(result.output)
    assert (data["loaded"], data["bad"], data["bad_rows"][0]["line"]) == (1, 1, 3)
    assert result.exit_code == 1


def test_cli_unusable_file_exits_2(tmp_path: Path) -> None:
    result = invoke(tmp_path, str(write(tmp_path, "a,b", "1,2")))
    assert result.exit_code == 2 and "lacks required column" in result.output
    assert invoke(tmp_path, str(tmp_path / "nope.csv")).exit_code == 2


# ---------------------------------------------------------------- the CSV as a connector


def test_csv_connector_filters_by_period_offense_and_place(tmp_path: Path) -> None:
    from datetime import date

    from official.connectors import Connector, CsvConnector, FetchRequest

    path = write(tmp_path, HEADER, row(), row(period_start="2024-01-01", period_end="2024-10-05", value="250"),
                 row(offense="murders", unit="victims", value="9"), row(offense="robery"))
    connector = CsvConnector(path)
    assert isinstance(connector, Connector) and connector.source_id == "manual_csv:figures.csv"
    result = connector.fetch(FetchRequest(date(2025, 1, 1), date(2025, 12, 31), offenses=("homicide",)))
    assert [(o.offense, o.value) for o in result.observations] == [("murder", 9.0)]
    assert result.data_through == date(2025, 10, 5)
    assert result.warnings[0].startswith("line 5: unknown offense 'robery'")
    both_years = connector.fetch(FetchRequest(date(2024, 6, 1), date(2025, 1, 31), offenses=("robbery",),
                                              jurisdiction_id="place:hartford-ct"))
    assert sorted(o.value for o in both_years.observations) == [212.0, 250.0]
    assert connector.fetch(FetchRequest(date(2024, 1, 1), date(2025, 12, 31),
                                        jurisdiction_id="place:chicago-il")).observations == ()


def test_changed_value_under_the_same_vintage_is_reported_not_silently_skipped(tmp_path: Path, db) -> None:
    import_csv(db, write(tmp_path, HEADER, row()))
    report = import_csv(db, write(tmp_path, HEADER, row(value="215"), name="typo-fix.csv"))
    assert (report.loaded, report.already_present) == (0, 1)
    assert any(w.startswith("line 2: the store already holds 212.0") for w in report.warnings)
    assert [o.value for o in observations_for(db, "place:hartford-ct", "robbery")] == [212.0]
