"""A database from a newer claims-tracker is refused with its schema numbers; a read-only one
(file or folder) can still be searched from the CLI and the web app."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from cli import cli
from db.connection import known_migrations, open_db
from db.errors import SchemaTooNew
from settings import Settings
from web.app import create_app

from .conftest import SENTENCES


def run(db_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.output


@pytest.mark.issue(10)
def test_a_database_from_a_newer_version_is_refused_with_the_schema_numbers(filled: Database, db_path: Path) -> None:
    filled.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('claims_tracker', 'm999_from_the_future', '2031-01-01')")
    filled.conn.commit()
    n = len(known_migrations())
    message = (f"Error: {db_path} was made by a newer claims-tracker (schema {n + 1}, this one knows {n}; "
               "unknown migration m999_from_the_future). Upgrade claims-tracker to use it.\n")
    assert run(db_path, "search") == (1, message)
    assert run(db_path, "show", "1") == (1, message)
    assert run(db_path, "official", "import", "none.csv")[0] in (1, 2)  # nothing written either way
    with pytest.raises(SchemaTooNew):
        create_app(Settings(secret_key="k" * 40), db_path=str(db_path))


def _chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


@pytest.fixture(params=[("file", "wal"), ("folder", "wal"), ("file", "delete"), ("folder", "delete")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def read_only(request: pytest.FixtureRequest, filled: Database, db_path: Path) -> Iterator[Path]:
    """The filled database made read-only: the file alone, or the file and its folder; in WAL
    mode, or in rollback-journal mode as a copy made with `.backup` or by another tool is.
    Root ignores permission bits, so as root the files are also made immutable with chattr."""
    what, journal = request.param
    filled.execute(f"PRAGMA journal_mode = {journal}")
    filled.conn.close()  # the last close checkpoints the WAL and removes -wal and -shm
    assert not Path(f"{db_path}-wal").exists()
    locked = [db_path] if what == "file" else [db_path, db_path.parent]
    root = os.geteuid() == 0
    if root and shutil.which("chattr") is None:
        pytest.skip("as root, making a file read-only needs chattr (e2fsprogs)")
    for path in locked:
        path.chmod(0o555 if path.is_dir() else 0o444)
    if root:
        try:
            _chattr("+i", *locked)
        except subprocess.CalledProcessError as exc:
            pytest.skip(f"chattr +i is not allowed here: {exc.stderr.decode().strip()}")
    try:
        yield db_path
    finally:
        if root:
            _chattr("-i", *locked)
        for path in locked:
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.issue(10)
def test_a_read_only_database_can_be_searched_shown_and_exported(read_only: Path) -> None:
    before = hashlib.sha256(read_only.read_bytes()).hexdigest()
    code, output = run(read_only, "search")
    assert code == 0, output
    assert output.endswith(f"{len(SENTENCES)} of {len(SENTENCES)} matching claims, in {len(SENTENCES)} sentences.\n")
    code, output = run(read_only, "show", "1")
    assert code == 0 and output.startswith("Claim 1: fell 18 percent\n"), output
    code, output = run(read_only, "export", "--format", "json")
    assert code == 0 and output.count('"claim_id"') == len(SENTENCES)
    assert hashlib.sha256(read_only.read_bytes()).hexdigest() == before


@pytest.mark.issue(10)
def test_the_web_app_searches_a_read_only_database(read_only: Path) -> None:
    async def go() -> tuple[int, str, int]:
        app = create_app(Settings(secret_key="k" * 40), db_path=str(read_only))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            page = await c.get("/", params={"q": "percent"})
            api = await c.get("/api/claims", params={"q": "percent"})
            return page.status_code, page.text, api.status_code

    status, text, api_status = asyncio.run(go())
    assert (status, api_status) == (200, 200)
    assert "fell 18 percent" in text


def test_a_writable_database_is_still_opened_for_writing(db_path: Path) -> None:
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("CREATE TABLE scratch (x)")  # would fail on a read-only connection
