"""Known failures of the command line are one plain paragraph and a documented exit code, never a
traceback: input that is not UTF-8, a database that cannot be opened, an output folder that is
missing, a sources file that is binary (issue 10, row 12)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

REPO = Path(__file__).resolve().parents[1]
CSV = str(REPO / "demo" / "official" / "fictional_cities.csv")


def _not_utf8(tmp: Path) -> None:
    (tmp / "story.txt").write_bytes(b"Homicides fell 18 percent in 2024, caf\xe9 owners said.\n")
    (tmp / "gold.jsonl").write_bytes(b'{"id": "g1", "sentence": "caf\xe9", "claims": []}\n')


def _corrupt_db(tmp: Path) -> None:
    (tmp / "claims.db").write_bytes(b"this is not SQLite\x00" * 200)


def _database(tmp: Path) -> None:
    from db.connection import open_db

    open_db(tmp / "claims.db").conn.close()


def _binary_sources(tmp: Path) -> None:
    (tmp / "sources.toml").write_bytes(bytes(range(256)) * 4)


CASES: list[tuple[str, Callable[[Path], None], list[str], int, str]] = [
    ("extract, not UTF-8", _not_utf8, ["extract", "{tmp}/story.txt"], 65,
     "Error: {tmp}/story.txt is not UTF-8 text (byte 0xe9 cannot be decoded). Save it as UTF-8"),
    ("extract --jsonl, not UTF-8", _not_utf8, ["extract", "--jsonl", "{tmp}/gold.jsonl"], 65,
     "Error: {tmp}/gold.jsonl is not UTF-8 text"),
    ("eval, not UTF-8", _not_utf8, ["eval", "{tmp}/gold.jsonl"], 65, "Error: {tmp}/gold.jsonl is not UTF-8 text"),
    ("official import, corrupt db", _corrupt_db, ["--db", "{tmp}/claims.db", "official", "import", CSV], 1,
     "Error: Could not open {tmp}/claims.db as a claims database (file is not a database)."),
    ("official fetch, corrupt db", _corrupt_db,
     ["--db", "{tmp}/claims.db", "official", "fetch", "--city", "Chicago, IL", "--registry",
      "{tmp}/none.toml"], 1, "Error: Could not open {tmp}/claims.db as a claims database"),
    ("official import, db in a missing folder", _not_utf8,
     ["--db", "{tmp}/nowhere/claims.db", "official", "import", CSV], 1,
     "Error: Could not open {tmp}/nowhere/claims.db: the folder {tmp}/nowhere does not exist."),
    ("export into a missing folder", _database,
     ["--db", "{tmp}/claims.db", "export", "--format", "csv", "-o", "{tmp}/missing/out.csv"], 1,
     "Error: Cannot write {tmp}/missing/out.csv: No such file or directory. Check that its folder "
     "exists and is writable, or choose another file with -o."),
    ("crawl, binary sources file", _binary_sources,
     ["--db", "{tmp}/claims.db", "crawl", "--sources", "{tmp}/sources.toml"], 1,
     "Error: {tmp}/sources.toml is not a sources file: it is not UTF-8 text (byte 0x80 at offset 128)."),
]


@pytest.mark.issue(10)
@pytest.mark.parametrize(("setup", "args", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_known_failure_is_one_paragraph_and_its_exit_code(tmp_path: Path, setup: Callable[[Path], None],
                                                            args: list[str], code: int, message: str) -> None:
    setup(tmp_path)
    if "fetch" in args:
        (tmp_path / "none.toml").write_text('[[jurisdiction]]\nname = "Chicago"\nstate = "IL"\n')
    result = CliRunner().invoke(cli, [a.format(tmp=tmp_path) for a in args])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    assert result.output.startswith(message.format(tmp=tmp_path)), result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output  # one paragraph
