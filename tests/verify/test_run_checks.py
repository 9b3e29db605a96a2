"""run_checks and `claims check` through a real SQLite store (tmp_path), our own sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from cli import cli
from db.connection import open_db
from db.store import checks_for, get_claim, store_article, store_claims, store_observations
from records.article import Article
from records.claim import Claim, Place
from records.official import Observation
from verify import run_checks

TEXT = ("Homicides in Hartford are down sharply. There were 30 homicides at this point last year, "
        "compared to 14 so far this year, a 40% drop. Police credit a 53% decrease in homicides to "
        "new programs. Shootings in Springfield rose 12 percent.")


def _claim(quote: str, kind: str, value: float, *, from_value: float | None = None,
           direction: str = "decrease", offense: str = "homicide", place: Place | None = None) -> Claim:
    start = TEXT.index(quote)
    sentence_start = TEXT.rfind(". ", 0, start) + 2
    sentence_end = TEXT.index(".", start) + 1
    return Claim(quote=quote, start=start, end=start + len(quote), sentence=TEXT[sentence_start:sentence_end],
                 kind=kind, direction=direction, value=value,  # type: ignore[arg-type]
                 unit="count" if kind == "from_to" else "percent", offense=offense, rule="test.v1",  # type: ignore[arg-type]
                 from_value=from_value, place=place or Place("Hartford", "CT", source="text"),
                 sentence_start=sentence_start)


def _obs(start: str, end: str, value: float, as_of: str) -> Observation:
    return Observation("manual:hartford_pd", "place:hartford-ct", "murder", "count", "victims", start, end,
                       value, "preliminary", as_of, f"{as_of}T12:00:00", "https://example.org/hpd/compstat.pdf",
                       publisher="Hartford Police Department", document_title="CompStat", entered_by="test")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = open_db(tmp_path / "claims.db")
    article_id, _ = store_article(db, Article(url="https://news.example/hartford-homicides", text=TEXT,
                                              title="Hartford homicides down", published="2024-07-10",
                                              outlet="Harbor Ledger", city="Hartford", state="CT"))
    store_claims(db, article_id, [
        _claim("30 homicides at this point last year, compared to 14", "from_to", 14, from_value=30),
        _claim("a 40% drop", "percent_change", 40),
        _claim("a 53% decrease in homicides", "percent_change", 53),
        _claim("Shootings in Springfield rose 12 percent", "percent_change", 12, direction="increase",
               offense="shooting", place=Place("Springfield", None, source="text")),
    ])
    store_observations(db, [_obs("2024-01-01", "2024-07-07", 14, "2024-07-08"),
                            _obs("2023-01-01", "2023-07-07", 30, "2024-07-08")])
    return db


def _latest(db: Database) -> dict[str, tuple[str, tuple[str, ...], int]]:
    out = {}
    for claim_id in range(1, 5):
        rows = checks_for(db, claim_id)
        out[get_claim(db, claim_id).claim.quote] = (rows[-1].verdict, rows[-1].flags, len(rows))
    return out


def test_run_checks_stores_a_check_per_claim(db: Database) -> None:
    summary = run_checks(db, None)
    assert (summary.checked, summary.added, summary.unchanged) == (4, 4, 0)
    latest = _latest(db)
    assert latest["30 homicides at this point last year, compared to 14"] == (
        "supported", ("preliminary_data", "period_assumed", "internal_inconsistency"), 1)
    assert latest["a 40% drop"] == (
        "contradicted", ("preliminary_data", "period_assumed", "internal_inconsistency"), 1)
    assert latest["a 53% decrease in homicides"] == ("supported", ("preliminary_data", "period_assumed"), 1)
    assert latest["Shootings in Springfield rose 12 percent"][0] == "needs_review"
    row = checks_for(db, 3)[0]
    assert row.method_version == "verify.v2"
    assert len(row.observation_ids) == 2
    assert (row.period_start, row.period_end, row.baseline_end) == ("2024-01-01", "2024-07-07", "2023-07-07")
    assert "(14 - 30) / 30 x 100 = -53.3%" in row.explanation
    assert row.computed and row.computed["true_pct"] == pytest.approx(-53.3333, abs=1e-3)
    assert row.tolerance and row.tolerance["rule"] == "rounding"


def test_a_second_run_checks_nothing_new_and_all_adds_nothing_identical(db: Database) -> None:
    run_checks(db, None)
    assert run_checks(db, None).checked == 0
    again = run_checks(db, None, all=True)
    assert (again.checked, again.added, again.unchanged) == (4, 0, 4)


def test_newer_figures_add_a_check_and_keep_the_old_one(db: Database) -> None:
    run_checks(db, None)
    store_observations(db, [_obs("2024-01-01", "2024-07-07", 18, "2024-08-15"),
                            _obs("2023-01-01", "2023-07-07", 30, "2024-08-15")])
    summary = run_checks(db, None, all=True)
    assert summary.added == 3  # every Hartford claim now uses the revised figures
    assert _latest(db)["a 40% drop"][:2] == (
        "supported", ("preliminary_data", "period_assumed", "revised_since_claim", "internal_inconsistency"))
    rows = checks_for(db, 3)
    assert [r.verdict for r in rows] == ["supported", "close"]
    assert "revised_since_claim" in rows[-1].flags and "revised_since_claim" not in rows[0].flags
    assert len(rows[-1].observation_ids) == 4


def test_since_filters_by_publication_date(db: Database) -> None:
    assert run_checks(db, None, since="2024-08-01").checked == 0
    assert run_checks(db, None, since="2024-07-01").checked == 4


def test_claims_check_cli_prints_a_summary(db: Database, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "claims.db"), "check"])
    assert result.exit_code == 0, result.output
    assert result.output == ("Checked 4 claims: 2 supported, 1 contradicted, 1 needs_review.\n"
                             "4 new checks stored, 0 unchanged.\n"
                             "Flags: internal_inconsistency 2, period_assumed 3, preliminary_data 3.\n")
    again = CliRunner().invoke(cli, ["--db", str(tmp_path / "claims.db"), "check"])
    assert again.output == "No claims to check (use --all to re-check checked claims).\n"


def test_claims_check_cli_json_lines(db: Database, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "claims.db"), "check", "--all", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["claim_id"], r["verdict"], r["added"]) for r in rows] == [
        (1, "supported", True), (2, "contradicted", True), (3, "supported", True), (4, "needs_review", True)]
    assert rows[1]["explanation"].startswith("Claim: \u201ca 40% drop\u201d")


def test_claims_check_cli_without_a_database_is_a_plain_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "missing.db"), "check"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output


def test_a_claim_added_later_is_checked_with_its_sentence_mates(db: Database) -> None:
    """The percent claim arrives after the from-to claim of its sentence was checked."""
    run_checks(db, None)
    article_id = get_claim(db, 1).article_id
    late = _claim("compared to 14 so far this year", "from_to", 15, from_value=30)
    (claim_id,) = store_claims(db, article_id, [late])
    summary = run_checks(db, None)
    assert summary.checked == 1
    assert "internal_inconsistency" in checks_for(db, claim_id)[-1].flags


@pytest.mark.issue(10)
def test_arithmetic_without_a_finite_result_is_never_stored(tmp_path: Path) -> None:
    """A baseline too close to 0 makes the change infinite: the check asks for a human instead."""
    db = open_db(tmp_path / "tiny.db")
    article_id, _ = store_article(db, Article(url="https://news.example/tiny", text=TEXT, title="t",
                                              published="2024-07-10", outlet="Harbor Ledger",
                                              city="Hartford", state="CT"))
    store_claims(db, article_id, [_claim("a 53% decrease in homicides", "percent_change", 53)])
    store_observations(db, [_obs("2024-01-01", "2024-07-07", 900_000_000, "2024-07-08"),
                            _obs("2023-01-01", "2023-07-07", 1e-306, "2024-07-08")])
    run_checks(db, None)
    (row,) = checks_for(db, 1)
    assert row.verdict == "needs_review"
    assert "no finite result" in row.explanation
    stored = db.execute("SELECT computed, tolerance FROM checks").fetchone()
    assert "Infinity" not in str(stored) and "NaN" not in str(stored)
    assert len(row.observation_ids) == 2
