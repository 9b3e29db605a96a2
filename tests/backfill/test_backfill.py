"""Backfill on a real LocalCluster of two worker processes: one worker is killed mid-task and
its task is retried without duplicating output; a corrupt record is counted with its offset;
the partitions go into a real SQLite store, idempotently and resumably."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import cloudpickle
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import WorkerPlugin

from backfill import BackfillSummary, backfill, import_backfill
from backfill.records import Block
from backfill.run import start_client
from backfill.warcblocks import plan_blocks
from cli import cli
from db.connection import open_db
from settings import Settings

from .conftest import warcs

pytestmark = [pytest.mark.issue(14), pytest.mark.slow]
BLOCK_BYTES = 12_000


class KillOnce(WorkerPlugin):
    """A worker plugin: the first time the victim task starts executing on a worker, that
    worker process is killed outright (SIGKILL), as an out-of-memory killer would."""

    name = "kill-once"

    def __init__(self, victim: str, marker: str) -> None:
        self.victim = victim
        self.marker = marker

    def transition(self, key: str, start: str, finish: str, **kwargs: object) -> None:
        if key != self.victim or finish != "executing":
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return  # killed once already: let the retry run

        def kill() -> None:
            time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=kill, daemon=True).start()


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with ExitStack() as stack:
        yield start_client(stack, workers=2, dashboard_address=":0")


@pytest.fixture(scope="module")
def run(client: object, demo_warcs: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One backfill of the three demo files and the corrupt copy, with one worker killed."""
    out = tmp_path_factory.mktemp("backfill") / "out"
    inputs = [str(p) for p in demo_warcs["files"]] + [str(demo_warcs["corrupt"])]
    victim: Block = plan_blocks([Path(demo_warcs["files"][1])], BLOCK_BYTES)[0]
    marker = str(out.parent / "killed")
    cloudpickle.register_pickle_by_value(sys.modules[KillOnce.__module__])  # tests/ is not importable there
    client.register_plugin(KillOnce(f"backfill-{victim.block_id}", marker))  # type: ignore[attr-defined]
    try:
        summary = backfill(inputs, out, Settings(), block_bytes=BLOCK_BYTES, client=client)
    finally:
        client.unregister_worker_plugin("kill-once")  # type: ignore[attr-defined]
    return {"summary": summary, "out": out, "marker": Path(marker), "victim": victim}


def _rows(out: Path, table: str) -> list[dict]:
    rows = []
    for path in sorted((out / table).glob("*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows


def test_a_killed_worker_is_retried_without_duplicating_output(run: dict, demo_warcs: dict) -> None:
    summary: BackfillSummary = run["summary"]
    out: Path = run["out"]
    assert run["marker"].exists(), "the worker plugin never killed the victim task"
    assert summary.failed == ()
    assert summary.blocks == summary.blocks_run == len(list((out / "tasks").glob("*.json")))
    articles = _rows(out, "articles")
    keys = [(r["block_id"], r["record_offset"]) for r in articles]
    assert len(keys) == len(set(keys)) == summary.counts.articles
    assert sum(1 for r in articles if r["block_id"] == run["victim"].block_id) > 0
    assert len(_rows(out, "claims")) == summary.counts.claims > 0
    assert not list(out.rglob("*.tmp")), "temporary files of the killed attempt were left behind"
    files = [Path(p) for p in demo_warcs["files"]]
    expected_records = sum(len(warcs.member_offsets(p)) for p in files) + len(warcs.member_offsets(files[0]))
    assert summary.counts.records == expected_records


def test_a_corrupt_record_is_counted_with_its_offset(run: dict, demo_warcs: dict) -> None:
    summary: BackfillSummary = run["summary"]
    assert summary.counts.corrupt == 1
    assert [(Path(f).name, o) for f, o, _ in summary.faults] == [("corrupt.warc.gz", demo_warcs["corrupt_at"])]
    # the corrupt copy keeps every other record: one article fewer than its good original
    original = Path(demo_warcs["files"][0]).name.split(".")[0] + "-"
    blocks = [r["block_id"] for r in _rows(run["out"], "articles")]
    assert sum(b.startswith("corrupt-") for b in blocks) == sum(b.startswith(original) for b in blocks) - 1
    manifest = json.loads((run["out"] / "manifest.json").read_text())
    assert manifest["status"] == "done" and manifest["totals"]["corrupt"] == 1


def test_import_is_idempotent_resumable_and_marks_the_source(run: dict, tmp_path: Path) -> None:
    summary: BackfillSummary = run["summary"]
    out: Path = run["out"]
    db = open_db(tmp_path / "claims.db")

    class Interrupted(Exception):
        pass

    def stop_after_two(done: int, total: int, _result: object) -> None:
        if done == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        import_backfill(db, out, on_progress=stop_after_two)
    assert db.execute("SELECT count(*) FROM backfill_imports").fetchone()[0] == 2
    first = import_backfill(db, out)
    assert first.blocks_already == 2 and first.blocks_imported == summary.blocks - 2
    claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < claims <= summary.counts.claims and articles > 0  # copies of one page are stored once
    again = import_backfill(db, out)
    assert again.blocks_imported == 0 and again.claims == 0
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == claims
    rows = db.execute(
        "SELECT p.source_name, p.fetched_at, a.url, a.published FROM claims c JOIN articles a ON a.id = c.article_id "
        "JOIN pages p ON p.id = a.page_id").fetchall()
    assert len(rows) == claims
    assert {r[0] for r in rows} == {"backfill"}
    warc = {r["url"]: r["warc_date"] for r in _rows(out, "articles")}
    assert all(warc[url] == fetched for _, fetched, url, _ in rows)
    # searchable like crawled claims
    found = CliRunner().invoke(cli, ["--db", str(tmp_path / "claims.db"), "search", "homicides", "--json"])
    assert found.exit_code == 0, found.output
    assert found.output.strip()


def test_a_finished_backfill_resumes_with_nothing_to_do(run: dict, demo_warcs: dict) -> None:
    inputs = [str(p) for p in demo_warcs["files"]] + [str(demo_warcs["corrupt"])]
    result = CliRunner().invoke(cli, ["backfill", *inputs, "--out", str(run["out"]), "--block-size", "1",
                                      "--json"])
    assert result.exit_code == 1
    assert "--block-size" in result.output  # written with another block size: refused, not mixed
    again = backfill(inputs, run["out"], Settings(), block_bytes=BLOCK_BYTES)
    assert again.blocks_run == 0 and again.counts.claims == run["summary"].counts.claims


def test_import_backfill_command(run: dict, tmp_path: Path) -> None:
    db = str(tmp_path / "claims.db")
    first = CliRunner().invoke(cli, ["--db", db, "import-backfill", str(run["out"]), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["blocks_imported"] == run["summary"].blocks
    second = CliRunner().invoke(cli, ["--db", db, "import-backfill", str(run["out"])])
    assert second.exit_code == 0 and "Imported 0 block(s)" in second.output
    not_ours = CliRunner().invoke(cli, ["--db", db, "import-backfill", str(tmp_path)])
    assert not_ours.exit_code == 1 and "not a folder `claims backfill --out` wrote" in not_ours.output
