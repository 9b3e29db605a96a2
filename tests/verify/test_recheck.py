"""Importing figures re-checks the claims they touch and says how many verdicts changed; a
newer vintage of the same series (same publisher, new document title) replaces the older one
in verdicts while the history keeps both (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from db.connection import open_db
from db.store import checks_for, get_claim
from official.csv_import import parse_csv
from verify.recheck import touched_claims

REPO = Path(__file__).resolve().parents[2]
FICTIONAL = REPO / "demo" / "official" / "fictional_cities.csv"
EXAMPLE = REPO / "official" / "examples" / "figures.csv"
STORY = ("Riverton recorded 12 homicides in the first six months of 2025, compared with 17 during "
         "the same period last year, according to the police department's midyear report.\n\n"
         "Shootings were down 20 percent in the first six months of the year, the chief said.\n")

pytestmark = pytest.mark.issue(13)


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def store(tmp_path: Path) -> Path:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "claims.db"
    run(db, "ingest", str(tmp_path / "story.txt"), "--city", "Riverton", "--state", "OH",
        "--published", "2025-07-08", "--outlet", "The Riverton Ledger")
    return db


def _claims(db: Path) -> dict[str, int]:
    conn = open_db(db)
    found = {r["offense"]: r["id"] for r in conn.query("SELECT id, offense FROM claims")}
    conn.conn.close()
    return found


def test_import_checks_the_claims_its_figures_touch_and_no_others(store: Path) -> None:
    out = run(store, "official", "import", str(FICTIONAL))
    ids = _claims(store)
    assert "Re-checked 1 claim these figures touch (1 checked for the first time): 0 verdicts changed" in out
    conn = open_db(store)
    assert get_claim(conn, ids["homicide"]).verdict == "supported"
    assert get_claim(conn, ids["shooting"]).verdict is None  # no shooting figures: not touched


def test_a_revision_under_a_new_title_replaces_the_old_figure_and_history_keeps_both(store: Path) -> None:
    run(store, "official", "import", str(FICTIONAL))
    report = json.loads(run(store, "official", "import", str(EXAMPLE), "--json"))["recheck"]
    ids = _claims(store)
    changes = {c["claim_id"]: (c["before"], c["after"]) for c in report["changes"]}
    assert changes == {ids["homicide"]: ("supported", "close"), ids["shooting"]: (None, "supported")}
    assert (report["touched"], report["verdicts_changed"], report["first_checks"]) == (2, 1, 1)
    conn = open_db(store)
    history = checks_for(conn, ids["homicide"])
    assert [c.verdict for c in history] == ["supported", "close"]
    latest = history[-1]
    # one series, two vintages: the revision is used, the old figure is named "at publication"
    assert "official sources disagree" not in latest.explanation
    assert "13 (2025-01-01 to 2025-06-30, as of 2025-09-15, final)" in latest.explanation
    assert "at publication: 12 (2025-01-01 to 2025-06-30, as of 2025-07-01" in latest.explanation
    assert "revised_since_claim" in latest.flags
    # importing the same file again adds nothing and re-checks nothing
    again = json.loads(run(store, "official", "import", str(EXAMPLE), "--json"))
    assert again["loaded"] == 0 and again["recheck"] is None


def test_figures_for_another_period_touch_nothing(store: Path, tmp_path: Path) -> None:
    run(store, "official", "import", str(FICTIONAL))
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("jurisdiction,"))
    old = [line.replace("2025-01-01,2025-06-30", "2019-01-01,2019-06-30")
           for line in lines if line.startswith('"Riverton, OH",,,homicide')]
    path = tmp_path / "old.csv"
    path.write_text("\n".join([header, *old]) + "\n", encoding="utf-8")
    conn = open_db(store)
    assert touched_claims(conn, parse_csv(path).observations) == []
    assert len(touched_claims(conn, parse_csv(EXAMPLE).observations)) == 2


def test_no_recheck_leaves_verdicts_alone(store: Path) -> None:
    out = run(store, "official", "import", str(FICTIONAL), "--no-recheck")
    assert "Re-checked" not in out
    assert get_claim(open_db(store), _claims(store)["homicide"]).verdict is None


def test_the_example_file_uses_every_column_of_the_format() -> None:
    from official.csv_import import COLUMNS

    parsed = parse_csv(EXAMPLE)
    assert parsed.bad_rows == ()
    header = next(line for line in EXAMPLE.read_text(encoding="utf-8").splitlines()
                  if line.startswith("jurisdiction,"))
    assert header.split(",") == list(COLUMNS)
    assert any(o.value is None for o in parsed.observations)  # a blank value: not reported
    assert {o.source_id for o in parsed.observations} >= {
        "manual:riverton-police-department-fictional-demo-data",
        "manual:riverton-planning-office-fictional-demo-data:estimates"}
