"""Exact output and exit codes of `claims search`, `claims show` and `claims export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

from cli import cli
from display import human_time


def run(db_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.output


def review_time(db: Database, claim_id: int) -> str:
    return db.execute("SELECT created_at FROM reviews WHERE claim_id = ?", [claim_id]).fetchone()[0]


def test_search_table(filled: Database, db_path: Path) -> None:
    assert run(db_path, "search") == (0, (
        "ID  PUBLISHED    OUTLET          CITY       OFFENSE   VERDICT       QUOTE\n"
        "— Burglaries rose 7 percent compared with last year.\n"
        "2   5 Oct 2026   Valley Courier  Millbrook  burglary  supported     rose 7 percent\n"
        "— Shootings in Millbrook fell 18 percent so far this year.\n"
        "1   1 Oct 2026   Harbor Ledger   Millbrook  shooting  contradicted  fell 18 percent\n"
        "— Homicides in Eastport dropped 30 percent, the chief said.\n"
        "3   20 Sep 2026  Valley Courier  Eastport   homicide  close         dropped 30 percent\n"
        "— Robberies fell 12 percent in Eastport over the summer.\n"
        "4   15 Aug 2026  Harbor Ledger   Eastport   robbery   unchecked     fell 12 percent\n"
        "4 of 4 matching claims, in 4 sentences.\n"))


def test_search_text_filters_and_limit(filled: Database, db_path: Path) -> None:
    assert run(db_path, "search", "fell", "--limit", "1") == (0, (
        "ID  PUBLISHED   OUTLET         CITY       OFFENSE   VERDICT       QUOTE\n"
        "— Shootings in Millbrook fell 18 percent so far this year.\n"
        "1   1 Oct 2026  Harbor Ledger  Millbrook  shooting  contradicted  fell 18 percent\n"
        "1 of 2 matching claims, in 1 sentence. 1 not shown: use --limit 2 to list them, or --json "
        "for every match.\n"))
    assert run(db_path, "search", "carjackings") == (0, "No claims match.\n")


def test_search_json_lines(filled: Database, db_path: Path) -> None:
    code, output = run(db_path, "search", "fell", "--city", "eastport", "--json")
    assert code == 0
    (line,) = output.splitlines()
    assert json.loads(line) == {
        "quote": "fell 12 percent", "start": 10, "end": 25,
        "sentence": "Robberies fell 12 percent in Eastport over the summer.",
        "kind": "percent_change", "direction": "decrease", "value": 12, "unit": "percent",
        "offense": "robbery", "rule": "test.v1", "from_value": None, "baseline": None,
        "period": None, "place": "Eastport, CT", "qualifiers": [], "offense_detail": None,
        "offense_from": None, "id": None, "sentence_start": 0, "city": "Eastport", "state": "CT",
        "neighborhood": None, "claim_id": 4, "sentence_id": "4:0", "article_id": 4,
        "article_url": "https://news.example/4", "article_title": "Robbery trends",
        "outlet": "Harbor Ledger", "published": "2026-08-15", "verdict": None, "flags": [],
        "explanation": None, "checked_at": None, "review_verdict": None, "reviewed_at": None,
    }


def test_unknown_city_and_offense_exit_2_with_close_values(filled: Database, db_path: Path) -> None:
    code, output = run(db_path, "search", "--city", "Milbrok")
    assert code == 2
    assert output.endswith("Error: Unknown city 'Milbrok'. Did you mean: Millbrook?\n")
    code, output = run(db_path, "export", "--format", "csv", "--offense", "homicdes")
    assert code == 2
    assert output.endswith("Error: Unknown offense 'homicdes'. Did you mean: homicide?\n")


def test_missing_database_exits_1(tmp_path: Path) -> None:
    assert run(tmp_path / "none.db", "search") == (1, (
        f"Error: No database at {tmp_path / 'none.db'}. Run `claims demo` or `claims crawl` to "
        "make one, or point --db (or CLAIMS_DB) at an existing file.\n"))
    assert not (tmp_path / "none.db").exists()


def test_show_text(filled: Database, db_path: Path) -> None:
    assert run(db_path, "show", "1") == (0, (
        "Claim 1: fell 18 percent\n"
        "Sentence: Shootings in Millbrook fell 18 percent so far this year.\n"
        "Kind: percent_change, decrease, 18 percent; offense: shooting\n"
        "Place: Millbrook, CT\n"
        "Article: Millbrook shootings drop — Harbor Ledger, 1 Oct 2026\n"
        "URL: https://news.example/1\n"
        "Verdict: contradicted\n"
        "Explanation: Machine says contradicted.\n"
        "Checks (1):\n"
        "  1 Nov 2026, 00:00 UTC  contradicted  verify.v1\n"
        "Reviews (0):\n"))


def test_show_text_with_review(filled: Database, db_path: Path) -> None:
    code, output = run(db_path, "show", "2")
    assert code == 0
    assert output.endswith(
        f"Reviews (1):\n  {human_time(review_time(filled, 2))}  dana: supported — Matches the CompStat sheet.\n")


def test_show_json_has_history(filled: Database, db_path: Path) -> None:
    code, output = run(db_path, "show", "2", "--json")
    assert code == 0
    shown = json.loads(output)
    assert shown["checks"] == [{
        "id": 2, "claim_id": 2, "verdict": "supported", "flags": [],
        "explanation": "Machine says supported.", "method_version": "verify.v1",
        "checked_at": "2026-11-01T00:00:00Z", "observation_ids": [1, 2],
        "computed": {"pct": -12.5}, "tolerance": None, "period_start": None, "period_end": None,
        "baseline_start": None, "baseline_end": None}]
    assert shown["reviews"] == [{
        "id": 1, "claim_id": 2, "user_name": "dana", "verdict": "supported",
        "note": "Matches the CompStat sheet.", "created_at": review_time(filled, 2)}]
    assert (shown["claim_id"], shown["verdict"], shown["review_verdict"], shown["outlet"]) == (
        2, "supported", "supported", "Valley Courier")
    assert shown["same_claim_elsewhere"] == []


def test_show_unknown_id_exits_1(filled: Database, db_path: Path) -> None:
    assert run(db_path, "show", "77") == (
        1, "Error: No claim with id 77. `claims search` lists stored claims with their ids.\n")


def test_export_csv(filled: Database, db_path: Path) -> None:
    assert run(db_path, "export", "--format", "csv", "--city", "eastport") == (0, (
        "claim_id,quote,sentence,kind,direction,value,from_value,unit,offense,offense_detail,period,"
        "baseline,qualifiers,place,city,state,outlet,published,article_title,article_url,verdict,flags,"
        "explanation,review_verdict,reviewed_at\n"
        "3,dropped 30 percent,\"Homicides in Eastport dropped 30 percent, the chief said.\",percent_change,"
        "decrease,30,,percent,homicide,,,,,\"Eastport, CT\",Eastport,CT,Valley Courier,2026-09-20,"
        "Eastport homicides,https://news.example/3,close,,Machine says close.,,\n"
        "4,fell 12 percent,Robberies fell 12 percent in Eastport over the summer.,percent_change,"
        "decrease,12,,percent,robbery,,,,,\"Eastport, CT\",Eastport,CT,Harbor Ledger,2026-08-15,"
        "Robbery trends,https://news.example/4,,,,,\n"))


def test_export_json_to_file(filled: Database, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.json"
    assert run(db_path, "export", "--format", "json", "-o", str(out)) == (
        0, f"Wrote 4 claims to {out}.\n")
    data = json.loads(out.read_text())
    assert [d["claim_id"] for d in data] == [2, 1, 3, 4]
    rows = list(csv.DictReader(io.StringIO(run(db_path, "export", "--format", "csv")[1])))
    assert [int(r["claim_id"]) for r in rows] == [2, 1, 3, 4]


def test_export_claimreview(filled: Database, db_path: Path) -> None:
    code, output = run(db_path, "export", "--format", "claimreview")
    assert code == 0
    assert json.loads(output) == [{
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Burglaries rose 7 percent compared with last year.",
        "datePublished": review_time(filled, 2)[:10],
        "author": {"@type": "Organization", "name": "claims-tracker"},
        "reviewRating": {"@type": "Rating", "alternateName": "Accurate: matches official figures",
                         "ratingValue": 5, "bestRating": 5, "worstRating": 1},
        "itemReviewed": {
            "@type": "Claim",
            "appearance": {"@type": "CreativeWork", "url": "https://news.example/2",
                           "headline": "Burglary report"},
            "author": {"@type": "Organization", "name": "Valley Courier"},
            "datePublished": "2026-10-05"},
        "identifier": "claim-2-review-1",
        "reviewBody": "Matches the CompStat sheet.",
    }]
    assert run(db_path, "export", "--format", "claimreview", "--city", "Eastport") == (0, "[]\n")


def test_bad_date_is_a_usage_error(filled: Database, db_path: Path) -> None:
    code, output = run(db_path, "search", "--from", "2026-13-01")
    assert code == 2
    assert "'2026-13-01' does not match the format '%Y-%m-%d'" in output


def test_show_lists_the_same_claim_elsewhere(filled: Database, db_path: Path) -> None:
    from db.store import store_article, store_claims

    from .conftest import make_article, make_claim

    sentence = "Shootings in Millbrook fell 18 percent so far this year, the paper reported."
    article_id, _ = store_article(filled, make_article(9, f"Repeat. {sentence}", title="Repeat",
                                                       outlet="Valley Courier", published="2026-10-03"))
    (repeat_id,) = store_claims(filled, article_id, [make_claim(
        sentence, "fell 18 percent", offense="shooting", value=18.0, city="Millbrook", state="CT")])
    code, output = run(db_path, "show", "1")
    assert code == 0
    assert output.endswith("Reviews (0):\nSame claim elsewhere (1):\n"
                           f"  {repeat_id}  Valley Courier  3 Oct 2026  https://news.example/9\n")
