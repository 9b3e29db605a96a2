"""The schema: migrations, pragmas, append-only history, full-text search tables."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.errors import DatabaseMissing
from db.schema import MIGRATIONS

TABLES = {"sources", "frontier", "pages", "articles", "claims", "official_sources",
          "jurisdictions", "observations", "checks", "reviews"}


def test_new_file_gets_every_table_and_fts(db_path: Path) -> None:
    db = open_db(db_path)
    names = set(db.table_names())
    assert TABLES <= names
    assert "users" not in names and "sessions" not in names  # accounts: db/accounts.py
    assert {"claims_fts", "articles_fts"} <= names
    assert "claims_latest" in db.view_names()


def test_pragmas_wal_busy_timeout_foreign_keys(db_path: Path) -> None:
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 30_000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_recorded_once_and_reopen_applies_nothing(db_path: Path) -> None:
    open_db(db_path).close()
    db = open_db(db_path)
    applied = [m.name for m in MIGRATIONS.applied(db)]
    assert applied == [m.name for m in MIGRATIONS._migrations]
    assert MIGRATIONS.pending(db) == []
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(applied)


def test_indexes_for_filters(db_path: Path) -> None:
    db = open_db(db_path)
    indexed = {tuple(i.columns) for i in db.table("claims").indexes}
    for column in ("city", "state", "offense", "kind", "published", "verdict", "outlet"):
        assert any(cols[0] == column for cols in indexed), column


def test_missing_file_without_create_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="claims demo"):
        open_db(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


@pytest.mark.parametrize("table", ["reviews", "checks", "observations"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_history_tables_refuse_update_and_delete(filled: Database, table: str, statement: str) -> None:
    if table == "observations":
        filled.execute(
            "INSERT INTO observations (source_id, jurisdiction_id, offense, measure, unit, "
            "period_start, period_end, value, status, retrieved_at, source_url) "
            "VALUES ('s', 'j', 'homicide', 'count', 'victims', '2025-01-01', '2025-12-31', 4, "
            "'final', '2026-01-01', 'https://x')")
    before = filled.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert before > 0
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        filled.execute(statement.format(t=table))
    assert filled.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before


def test_fts_follows_claim_edits(filled: Database) -> None:
    # Claims are rewritten only by re-extraction, but the triggers keep FTS in step anyway.
    filled.execute("UPDATE claims SET sentence = 'Carjackings doubled downtown.' WHERE id = 1")
    hits = [r[0] for r in filled.execute(
        "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'carjackings'")]
    assert hits == [1]
    assert list(filled.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'sentence:shootings'")) == []


@pytest.mark.slow
def test_two_processes_creating_the_same_file_do_not_race(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    code = ("import sys; from db.connection import open_db; "
            "db = open_db(sys.argv[1]); print(len(db.table_names()))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
             for _ in range(3)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATIONS._migrations)


def test_a_file_that_is_not_a_database_gives_a_plain_error(tmp_path: Path) -> None:
    from db.errors import StoreError

    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="Could not open .* as a claims database"):
        open_db(path)
    with pytest.raises(StoreError, match="Could not open"):
        open_db(tmp_path)  # a directory
