"""The counts a task reports and a backfill sums are one record, ``BlockCounts``; the task files
and ``claims backfill --json`` still write them as flat keys (issue 11)."""

from __future__ import annotations

import json

import pytest

from backfill import BackfillSummary, BlockCounts, BlockResult, RecordFault

pytestmark = pytest.mark.issue(11)

A = BlockCounts(records=10, responses=6, articles=4, claims=7, possible_claims=1, corrupt=1,
                skipped={"listing page": 1, "not English": 1})
B = BlockCounts(records=5, responses=3, articles=2, claims=0, possible_claims=2, corrupt=0,
                skipped={"listing page": 1})

SUMMARY_KEYS = {"out", "files", "blocks", "blocks_run", "records", "responses", "articles", "claims",
                "possible_claims", "corrupt", "skipped", "faults", "failed", "seconds", "task_seconds",
                "task_cpu_seconds", "workers", "dashboard", "peak_worker_rss"}
RESULT_KEYS = {"block_id", "path", "start", "end", "records", "responses", "articles", "claims",
               "possible_claims", "corrupt", "skipped", "faults", "seconds", "cpu_seconds", "worker_peak_rss"}


def test_counts_add_up_and_merge_the_skipped_reasons() -> None:
    assert BlockCounts.total([A, B]) == BlockCounts(records=15, responses=9, articles=6, claims=7,
                                                    possible_claims=3, corrupt=1,
                                                    skipped={"listing page": 2, "not English": 1})
    assert BlockCounts.total([]) == BlockCounts()
    assert A.skipped == {"listing page": 1, "not English": 1}  # the parts are left as they were


def test_a_block_result_is_written_flat_and_read_back_the_same() -> None:
    result = BlockResult(block_id="a-0123456789-b00000", path="/w/a.warc.gz", start=0, end=12_000, counts=A,
                         faults=(RecordFault(offset=1769, reason="corrupt gzip data"),), seconds=1.5,
                         cpu_seconds=1.25, worker_peak_rss=1 << 20)
    written = json.loads(json.dumps(result.as_dict(), sort_keys=True, allow_nan=False))
    assert set(written) == RESULT_KEYS
    assert (written["records"], written["claims"], written["skipped"]) == (10, 7, A.skipped)
    assert written["faults"] == [{"offset": 1769, "reason": "corrupt gzip data"}]
    assert BlockResult.from_dict(written) == result


def test_the_summary_json_keeps_its_flat_keys() -> None:
    summary = BackfillSummary(out="out", files=2, blocks=3, blocks_run=2, counts=BlockCounts.total([A, B]),
                              faults=(("/w/a.warc.gz", 1769, "corrupt gzip data"),), failed=(("b", "E: x"),),
                              seconds=2.34567, task_seconds=1.0, task_cpu_seconds=0.5, workers=2,
                              peak_worker_rss=7)
    d = summary.as_dict()
    assert set(d) == SUMMARY_KEYS
    assert {k: d[k] for k in ("records", "responses", "articles", "claims", "possible_claims", "corrupt")} == {
        "records": 15, "responses": 9, "articles": 6, "claims": 7, "possible_claims": 3, "corrupt": 1}
    assert d["skipped"] == {"listing page": 2, "not English": 1}
    assert d["faults"] == [{"file": "/w/a.warc.gz", "offset": 1769, "reason": "corrupt gzip data"}]
    assert d["failed"] == [{"block": "b", "error": "E: x"}] and d["seconds"] == 2.346
