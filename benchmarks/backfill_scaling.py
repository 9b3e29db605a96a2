"""Backfill scaling: records per second with 1 and 2 Dask workers against single-process
`claims ingest` of the same WARC files, the scheduler's overhead per task, and the peak memory
of each worker at 1x and 4x the input. All in one run.

Input: CC-NEWS-shaped WARC files (request/response records, gzip per record) of the 181 real
article pages of ../shared/benchmarks/article-extraction/html/ (read in place), written at run
time by tests/backfill/warcs.py into a temporary folder: 1x is one copy in two files, 4x four
distinct copies (another URL and a sentence added, so no store sees a duplicate) in eight.

Baseline: `ingest_paths` (what `claims ingest` runs: parse, store, then extract and store the
claims) on the 1x files, in this one process (``parse_workers=0``, as with `parse_timeout = 0`:
by default ingest parses in a worker process at nice 10, which on a machine busy with other work
measures the other work, not ingest), after a warm-up ingest, so that both sides are measured
warm: imports done and the extraction pipeline built. The backfill runs are
timed from submitting the first block to the last result, on a cluster whose workers are up
and warm (their start-up is reported apart). "Records" are HTML responses (the pages).

The 4x output is then imported into a fresh store (`import_backfill`, the single writer):
articles per second.

Overhead per task: 200 no-op tasks through the same 2-worker cluster (round trip per task),
and, for the real run, (wall time x workers - time inside the tasks) / tasks.

Run:  .venv/bin/python benchmarks/backfill_scaling.py [--block-mb 1] [--out results.json]
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backfill.importer import import_backfill  # noqa: E402
from backfill.run import backfill, start_client  # noqa: E402
from db.connection import open_db  # noqa: E402
from orchestrate.ingest import ingest_paths  # noqa: E402
from settings import Settings  # noqa: E402


@functools.cache
def _warcs() -> Any:
    """tests/backfill/warcs.py, the WARC builder the tests use."""
    spec = importlib.util.spec_from_file_location("backfill_test_warcs", ROOT / "tests" / "backfill" / "warcs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build_inputs(folder: Path, copies: int) -> list[Path]:
    """``copies`` distinct copies of the benchmark pages, each split over two WARC files."""
    warcs = _warcs()
    paths = []
    for copy in range(copies):
        pages = list(warcs.benchmark_pages(copy))
        for half in range(2):
            path = folder / f"CC-NEWS-BENCH-{copy:03d}-{half}.warc.gz"
            warcs.write_warc(path, pages[half::2])
            paths.append(path)
    return paths


def run_ingest(paths: list[Path], work: Path, settings: Settings) -> dict[str, Any]:
    warm = work / "warm.warc.gz"
    _warcs().write_warc(warm, list(_warcs().demo_pages())[:5])
    ingest_paths(open_db(work / "warm.db"), settings, [warm], parse_workers=0)  # imports, pipeline
    db = open_db(work / "ingest.db")
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = ingest_paths(db, settings, paths, parse_workers=0)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    pages = summary.articles_new + summary.articles_known + len(summary.skipped) + len(summary.failed)
    return {"seconds": seconds, "records": pages, "articles": summary.articles_new,
            "claims": summary.extraction.claims if summary.extraction else None,
            "records_per_s": pages / seconds, "cpu_seconds": cpu, "records_per_cpu_s": pages / cpu}


def _noop(i: int) -> int:
    return i


def run_backfill(paths: list[Path], work: Path, settings: Settings, workers: int, block_bytes: int,
                 label: str, noop_tasks: int = 0, with_import: bool = False) -> dict[str, Any]:
    out = work / f"out-{label}"
    shutil.rmtree(out, ignore_errors=True)
    with ExitStack() as stack:
        t0 = time.perf_counter()
        client = start_client(stack, workers, dashboard_address=":0")
        client.run(lambda: __import__("backfill.warm"))  # workers are forked warm; make sure
        startup = time.perf_counter() - t0
        result: dict[str, Any] = {"workers": workers, "startup_s": startup}
        if noop_tasks:
            client.gather(client.map(_noop, range(20), pure=False))  # first-use costs out of the way
            t1 = time.perf_counter()
            client.gather(client.map(_noop, range(noop_tasks), pure=False))
            result["noop_ms_per_task"] = 1000 * (time.perf_counter() - t1) / noop_tasks
        summary = backfill([str(p) for p in paths], out, settings, block_bytes=block_bytes, client=client)
    blocks = summary.blocks_run
    result.update(seconds=summary.seconds, records=summary.counts.responses, articles=summary.counts.articles,
                  claims=summary.counts.claims, blocks=blocks, corrupt=summary.counts.corrupt,
                  failed=len(summary.failed), records_per_s=summary.counts.responses / summary.seconds,
                  task_seconds=summary.task_seconds, task_cpu_seconds=summary.task_cpu_seconds,
                  records_per_cpu_s=summary.counts.responses / summary.task_cpu_seconds,
                  overhead_ms_per_task=1000 * max(0.0, summary.seconds * workers - summary.task_seconds) / blocks,
                  peak_worker_rss_mb=summary.peak_worker_rss / 2**20)
    if with_import:  # the single SQLite writer, on what this run wrote
        db = open_db(work / f"import-{label}.db")
        imported = import_backfill(db, out)
        result.update(import_s=imported.seconds, import_articles=imported.articles_new,
                      import_claims=imported.claims,
                      import_articles_per_s=imported.articles_new / imported.seconds,
                      store_mb=(work / f"import-{label}.db").stat().st_size / 2**20)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--block-mb", type=float, default=0.5, help="block size in MB (default 0.5: 13 blocks at 1x)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "backfill_scaling.json")
    args = parser.parse_args()
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    settings = Settings()
    block_bytes = int(args.block_mb * 2**20)
    work = Path(tempfile.mkdtemp(prefix="backfill-bench-"))
    report: dict[str, Any] = {"cores": len(os.sched_getaffinity(0)), "load_before": _load(),
                              "block_bytes": block_bytes}
    try:
        (work / "1x").mkdir()
        (work / "4x").mkdir()
        one = build_inputs(work / "1x", 1)
        four = build_inputs(work / "4x", 4)
        report["input_1x_bytes"] = sum(p.stat().st_size for p in one)
        report["input_4x_bytes"] = sum(p.stat().st_size for p in four)
        print(f"inputs: 1x {report['input_1x_bytes'] / 2**20:.1f} MB in {len(one)} files, "
              f"4x {report['input_4x_bytes'] / 2**20:.1f} MB in {len(four)} files; load {_load()}", flush=True)
        report["ingest_1x"] = run_ingest(one, work, settings)
        print("ingest 1x", json.dumps(report["ingest_1x"], allow_nan=False), f"load {_load()}", flush=True)
        report["backfill_1w_1x"] = run_backfill(one, work, settings, 1, block_bytes, "1w1x")
        print("backfill 1 worker 1x", json.dumps(report["backfill_1w_1x"], allow_nan=False), f"load {_load()}", flush=True)
        report["backfill_2w_1x"] = run_backfill(one, work, settings, 2, block_bytes, "2w1x", noop_tasks=200)
        print("backfill 2 workers 1x", json.dumps(report["backfill_2w_1x"], allow_nan=False), f"load {_load()}", flush=True)
        report["backfill_2w_4x"] = run_backfill(four, work, settings, 2, block_bytes, "2w4x", with_import=True)
        print("backfill 2 workers 4x", json.dumps(report["backfill_2w_4x"], allow_nan=False), f"load {_load()}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load_after"] = _load()
    ingest = report["ingest_1x"]["records_per_s"]
    w1 = report["backfill_1w_1x"]["records_per_s"]
    w2 = report["backfill_2w_1x"]["records_per_s"]
    c_ingest = report["ingest_1x"]["records_per_cpu_s"]
    c1 = report["backfill_1w_1x"]["records_per_cpu_s"]
    c2 = report["backfill_2w_1x"]["records_per_cpu_s"]
    report["ratios"] = {"1_worker_vs_ingest": w1 / ingest, "2_workers_vs_1": w2 / w1,
                        # per CPU second, which the other work on the machine does not change:
                        "1_worker_vs_ingest_cpu": c1 / c_ingest,
                        "2_workers_vs_1_given_2_free_cores": 2 * c2 / c1,
                        "peak_rss_4x_vs_1x": report["backfill_2w_4x"]["peak_worker_rss_mb"]
                        / report["backfill_2w_1x"]["peak_worker_rss_mb"]}
    print(json.dumps(report["ratios"], indent=1, allow_nan=False))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True, allow_nan=False) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
