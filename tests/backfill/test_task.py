"""One backfill task in this process: the same articles and claims as `claims ingest` of the same
WARC file, and output that a retried or half-finished attempt cannot duplicate."""

from __future__ import annotations

from pathlib import Path

import pytest

from backfill.importer import import_backfill
from backfill.partitions import done_results, read_rows, write_manifest
from backfill.task import run_block
from backfill.warcblocks import plan_blocks
from db.connection import open_db
from orchestrate.ingest import ingest_paths
from settings import Settings

from .conftest import warcs

pytestmark = [pytest.mark.issue(14), pytest.mark.slow]


@pytest.fixture(scope="module")
def small_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight demo article pages (the ones with claims first) in one CC-NEWS-shaped file."""
    pages = [p for p in warcs.demo_pages() if "/news/" in p.url or "/releases/" in p.url][:8]
    path = tmp_path_factory.mktemp("small") / "CC-NEWS-SMALL.warc.gz"
    warcs.write_warc(path, pages)
    return path


def _claims(db_path: Path) -> set[tuple]:
    db = open_db(db_path)
    return {tuple(r) for r in db.execute(
        'SELECT a.url, c.quote, c.start, c."end", c.kind, c.value, c.offense, c.rule '
        "FROM claims c JOIN articles a ON a.id = c.article_id")}


def test_backfill_finds_what_ingest_finds(small_warc: Path, tmp_path: Path) -> None:
    settings = Settings()
    ingest_paths(open_db(tmp_path / "ingest.db"), settings, [small_warc], parse_workers=0)
    out = tmp_path / "out"
    write_manifest(out, {"format": 1})
    for block in plan_blocks([small_warc], 1 << 30):
        run_block(block, str(out), settings)
    import_backfill(open_db(tmp_path / "backfill.db"), out)
    expected = _claims(tmp_path / "ingest.db")
    assert expected, "the demo pages should hold claims"
    assert _claims(tmp_path / "backfill.db") == expected


def test_a_retried_block_replaces_a_killed_attempts_output(small_warc: Path, tmp_path: Path) -> None:
    settings = Settings()
    out = tmp_path / "out"
    write_manifest(out, {"format": 1})
    (block,) = plan_blocks([small_warc], 1 << 30)
    # what a killed attempt leaves: a temporary file and one partition, but no tasks/<id>.json
    (out / "articles").mkdir(parents=True)
    (out / "articles" / f".{block.block_id}.parquet.dead.tmp").write_bytes(b"half a parquet file")
    first = run_block(block, str(out), settings)
    (out / "tasks" / f"{block.block_id}.json").unlink()
    assert done_results(out) == {}  # the importer would not see the block: nothing half-imported
    assert import_backfill(open_db(tmp_path / "claims.db"), out).blocks == 0
    second = run_block(block, str(out), settings)
    rows = list(read_rows(out, "articles", block.block_id))
    assert len(rows) == second.counts.articles == first.counts.articles > 0
    assert len(list(read_rows(out, "claims", block.block_id))) == second.counts.claims == first.counts.claims
    assert sorted(p.name for p in (out / "articles").glob("*.parquet")) == [f"{block.block_id}.parquet"]
