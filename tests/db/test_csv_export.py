"""One CSV writer for the CLI and the web: formula-like text escaped, numbers left as numbers."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from cli import cli
from db.connection import open_db
from db.export import CSV_COLUMNS, csv_cell
from db.store import store_article, store_claims
from settings import Settings
from web.app import create_app

from .conftest import make_article, make_claim

# Titles a hostile page could carry: each starts with a character a spreadsheet treats as a formula.
HOSTILE = ["=HYPERLINK(\"https://evil.example\",\"click\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3",
           "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.issue(10)
@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_a_leading_apostrophe(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.issue(10)
def test_numbers_and_plain_text_pass_through() -> None:
    assert csv_cell(-12.5) == -12.5 and csv_cell(-3) == -3 and csv_cell(None) is None
    assert csv_cell("Homicides fell") == "Homicides fell"
    assert csv_cell(["=a", "b"]) == "'=a;b"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    db = open_db(path)
    for n, title in enumerate(HOSTILE, start=1):
        sentence = "Homicides in Millbrook fell 10 percent this year."
        article_id, _ = store_article(db, make_article(n, f"{n}. {sentence}", title=title,
                                                       outlet="@Outlet" if n == 1 else "Harbor Ledger"))
        store_claims(db, article_id, [make_claim(sentence, "fell 10 percent", city="Millbrook", state="CT",
                                                 value=-10.0 if n == 1 else 10.0)])
    db.conn.close()
    return path


async def _web_csv(path: Path) -> str:
    app = create_app(Settings(secret_key="k" * 40), db_path=str(path))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        r = await c.get("/search.csv", params={"city": "Millbrook"})
        assert r.status_code == 200
        return r.text


@pytest.mark.issue(10)
@pytest.mark.issue(11)
def test_cli_and_web_write_the_same_escaped_csv(hostile_db: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(hostile_db), "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    web = asyncio.run(_web_csv(hostile_db))
    cli_rows = list(csv.DictReader(io.StringIO(result.output)))
    web_rows = list(csv.DictReader(io.StringIO(web)))
    assert list(cli_rows[0]) == list(CSV_COLUMNS)
    assert sorted(map(tuple, (r.values() for r in cli_rows))) == sorted(map(tuple, (r.values() for r in web_rows)))
    assert sorted(r["article_title"] for r in cli_rows) == sorted("'" + t for t in HOSTILE)
    assert {r["outlet"] for r in cli_rows} == {"'@Outlet", "Harbor Ledger"}
    assert sorted(r["value"] for r in cli_rows) == ["-10", "10", "10", "10", "10", "10", "10"]
    for start in "=+-@":  # each formula start, through both paths
        assert any(r["article_title"].startswith("'" + start) for r in web_rows), start
