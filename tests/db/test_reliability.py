"""Crashes and concurrency against real files and real processes.

A bulk insert killed with SIGKILL leaves whole batches or nothing, and a re-run completes the
work without duplicates. Two writers (checks, reviews) and a reader running at once never show
"database is locked" to anyone and lose nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.connection import open_db

WORKERS = Path(__file__).with_name("workers.py")
ROOT = Path(__file__).parents[2]
ARTICLES = 3000
BATCH = 100
PER_ARTICLE = 10


def start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(WORKERS), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _consistent(path: Path) -> tuple[int, int]:
    db = open_db(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # No partial batch: an article either has all its claims (and is marked extracted) or none.
    per_article = db.execute(
        "SELECT a.id, a.extracted_at IS NOT NULL, count(c.id) FROM articles a "
        "LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id").fetchall()
    for _article_id, extracted, n in per_article:
        assert (extracted, n) in {(1, PER_ARTICLE), (0, 0)}
    done = [row[0] for row in per_article if row[2]]
    # Batches are whole: the extracted articles are exactly the first k batches.
    assert len(done) % BATCH == 0
    assert done == [row[0] for row in per_article][: len(done)]
    fts = db.execute("SELECT count(*) FROM claims_fts").fetchone()[0]
    claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert fts == claims
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.close()
    return articles, claims


@pytest.mark.slow
def test_sigkill_during_bulk_insert_loses_no_batch_and_rerun_adds_no_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "bulk.db"
    proc = start("bulk", str(path), str(ARTICLES), str(BATCH))
    assert proc.stdout is not None
    batches_seen = 0
    for line in proc.stdout:
        if line.startswith("batch"):
            batches_seen += 1
            if batches_seen == 3:
                time.sleep(0.05)  # land inside a later batch's transaction
                os.kill(proc.pid, signal.SIGKILL)
                break
        assert not line.startswith("done"), "the bulk insert finished before it could be killed"
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    articles, claims = _consistent(path)
    assert articles == ARTICLES
    assert 0 < claims < ARTICLES * PER_ARTICLE

    rerun = start("bulk", str(path), str(ARTICLES), str(BATCH))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert out.rstrip().endswith("done")
    assert _consistent(path) == (ARTICLES, ARTICLES * PER_ARTICLE)
    db = open_db(path)
    distinct = db.execute(
        'SELECT count(*) FROM (SELECT DISTINCT article_id, start, "end", kind FROM claims)').fetchone()[0]
    assert distinct == ARTICLES * PER_ARTICLE


@pytest.mark.slow
def test_two_writers_and_a_reader_at_once(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    setup = start("bulk", str(path), "20", "5")  # 20 articles x 10 claims = 200 claims
    _, err = setup.communicate(timeout=120)
    assert setup.returncode == 0, err
    claims, rounds, reviews = 200, 2, 400
    go = tmp_path / "go"
    procs = {
        "checker": start("checker", str(path), str(go), str(claims), str(rounds)),
        "reviewer": start("reviewer", str(path), str(go), str(claims), str(reviews)),
        "searcher": start("searcher", str(path), str(go), "4"),
    }
    time.sleep(1.0)  # let all three open the file first
    go.touch()
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{name}: {err}"
        assert "locked" not in err and "busy" not in err.lower(), f"{name}: {err}"
        results[name] = json.loads(out.strip().splitlines()[-1])
    assert results["checker"] == {"stored": claims * rounds, "repeated": claims * rounds}
    assert results["reviewer"] == {"stored": reviews}
    assert results["searcher"]["searches"] > 0
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM checks").fetchone()[0] == claims * rounds
    assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == reviews
    assert db.execute("SELECT count(*) FROM claims WHERE verdict = 'close' AND "
                      "explanation = 'round 1'").fetchone()[0] == claims
    assert db.execute("SELECT count(DISTINCT note) FROM reviews").fetchone()[0] == reviews
