"""`claims ingest`: HTML files, text files, folders and WARC archives, stored once each."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cli import cli
from db.connection import open_db
from db.crawl import get_page_body
from orchestrate.ingest import ingest_paths
from scraper.errors import IngestError
from settings import Settings

PAGES = Path(__file__).parent / "pages"
STORY = ("Robberies in Lakeview fell to 120 last year from 150 the year before, a drop of 20 percent, "
         "the police chief told the council on Monday night.")


def _write_warc(path: Path, records: list[tuple[str, bytes, str]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body, ctype in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_html_file_with_url_and_place(tmp_path: Path, settings: Settings) -> None:
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [PAGES / "police-year-end.html"], url="https://pd.example.test/ye",
                           city="Greenfield", state="MA", extract_claims=False)
    assert (summary.articles_new, summary.articles_known) == (1, 0)
    row = db.execute("SELECT url, city, state, published, title, page_id FROM articles").fetchone()
    assert row[:5] == ("https://pd.example.test/ye", "Greenfield", "MA", "2026-01-20", "2025 Year-End Crime Report")
    assert get_page_body(db, row[5]) == (PAGES / "police-year-end.html").read_bytes()
    again = ingest_paths(db, settings, [PAGES / "police-year-end.html"], url="https://pd.example.test/ye",
                         extract_claims=False)
    assert (again.articles_new, again.articles_known) == (0, 1)


@pytest.mark.slow
def test_folder_of_pages_uses_canonical_urls(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("news-homicides-down.html", "listing-page.html", "mayor-budget.html"):
        shutil.copy(PAGES / name, folder / name)
    (folder / "notes.md").write_text("not ingested")
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [folder], published="2026-05-01", outlet="Ledger", extract_claims=False)
    assert summary.files == 3 and summary.articles_new == 2
    assert [r for _, r in summary.skipped] == ["listing page"]
    urls = {r[0]: r[1:] for r in db.execute("SELECT url, published, outlet FROM articles")}
    assert urls["https://news.example.test/homicides-down"] == ("2026-05-01", "Ledger")


def test_text_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [path], city="Lakeview", state="OH", extract_claims=False)
    assert summary.articles_new == 1
    assert db.execute("SELECT text, city, url FROM articles").fetchone()[:2] == (STORY, "Lakeview")


def test_warc_archive(tmp_path: Path, settings: Settings) -> None:
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc, [("https://news.example.test/a", (PAGES / "news-carjackings-up.html").read_bytes(), "text/html"),
                       ("https://news.example.test/logo.png", b"\x89PNG", "image/png"),
                       ("https://news.example.test/b", (PAGES / "police-arrest.html").read_bytes(),
                        "text/html; charset=utf-8")])
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [warc], city="Millbrook", state="OH", extract_claims=False)
    assert summary.articles_new == 2
    assert {r[0] for r in db.execute("SELECT url FROM articles")} == {
        "https://news.example.test/a", "https://news.example.test/b"}


def test_bad_inputs_raise_named_errors(tmp_path: Path, settings: Settings) -> None:
    db = open_db(settings.db_path)
    with pytest.raises(IngestError, match="does not exist"):
        ingest_paths(db, settings, [tmp_path / "missing.html"])
    with pytest.raises(IngestError, match="YYYY-MM-DD"):
        ingest_paths(db, settings, [PAGES / "mayor-budget.html"], published="March 3")
    with pytest.raises(IngestError, match="exactly one"):
        ingest_paths(db, settings, [PAGES], url="https://x.test/")
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is not a warc file at all")
    with pytest.raises(IngestError, match="not a readable WARC"):
        ingest_paths(db, settings, [broken])


def test_cli_ingest_json(tmp_path: Path) -> None:
    env = {"CLAIMS_DB": str(tmp_path / "cli.db")}
    result = CliRunner().invoke(cli, ["ingest", str(PAGES / "police-monthly-stats.html"), "--url",
                                      "https://pd.example.test/feb", "--city", "Lakeview", "--state", "OH",
                                      "--json", "--no-extract"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles_new"] == 1
    bad = CliRunner().invoke(cli, ["ingest", str(PAGES), "--url", "https://x.test/"], env=env)
    assert bad.exit_code == 1 and "exactly one" in bad.output


def test_ingest_then_claims_are_extracted(tmp_path: Path, settings: Settings) -> None:
    db = open_db(settings.db_path)
    summary = ingest_paths(db, settings, [PAGES / "news-homicides-down.html", PAGES / "police-year-end.html"],
                           city="Riverside", state="OH")
    assert summary.extraction is not None and summary.extraction.unavailable is None
    assert summary.extraction.articles == 2 and summary.extraction.claims >= 2
    texts = {r[0]: r[1] for r in db.execute("SELECT id, text FROM articles")}
    for article_id, start, end, quote in db.execute('SELECT article_id, start, "end", quote FROM claims'):
        assert texts[article_id][start:end] == quote  # offsets point into the stored article text
    assert db.execute("SELECT count(*) FROM articles WHERE extracted_at IS NULL").fetchone()[0] == 0
    again = ingest_paths(db, settings, [PAGES / "news-homicides-down.html"])
    assert again.extraction is not None and again.extraction.articles == 0
