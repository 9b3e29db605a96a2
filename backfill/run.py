"""`claims backfill`: plan the blocks, run one task per block on a Dask cluster, keep count.

With no scheduler address a ``LocalCluster`` of worker processes (one thread each) starts on
this machine; with ``tcp://host:8786`` the same tasks go to a running cluster, whose workers
must have claims-tracker installed and see the WARC files and the output folder at the same
paths (a shared filesystem). Blocks already done in the output folder (their
``tasks/<id>.json`` exists) are not run again, so a killed backfill resumes where it stopped.

A worker that dies mid-task (killed, out of memory) is noticed by the scheduler, which runs the
task again elsewhere (up to ``distributed.scheduler.allowed-failures`` times); the partitions
are written under temporary names and renamed, so the retry replaces what the dead attempt
left and nothing is counted twice. Only the counts of each block travel back to this process.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backfill.errors import ClusterError, PartitionError
from backfill.partitions import FORMAT, done_results, read_manifest, remove_stale_tmp, write_manifest
from backfill.records import Block, BlockCounts, BlockResult
from backfill.task import run_block
from backfill.warcblocks import expand_inputs, plan_blocks
from settings import Settings

log = logging.getLogger(__name__)
CONNECT_TIMEOUT = "20s"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a backfill stands, after each finished block."""

    files: int
    files_done: int
    blocks: int
    blocks_done: int
    records: int
    claims: int
    last: BlockResult | None = None


@dataclass(frozen=True, slots=True)
class BackfillSummary:
    """What a backfill did. ``counts`` are its blocks' counts added up; ``faults`` are ``(file,
    offset, reason)`` of unreadable records (the first ones of each block); ``failed`` are
    ``(block id, error)`` of blocks whose task failed."""

    out: str
    files: int
    blocks: int
    blocks_run: int
    counts: BlockCounts = field(default_factory=BlockCounts)
    faults: tuple[tuple[str, int, str], ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    task_seconds: float = 0.0  # time spent inside the tasks, summed over blocks
    task_cpu_seconds: float = 0.0  # CPU time of the tasks, summed over blocks
    workers: int = 0
    dashboard: str | None = None
    peak_worker_rss: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The summary as flat JSON keys (``claims backfill --json`` and the manifest's totals)."""
        return {"out": self.out, "files": self.files, "blocks": self.blocks, "blocks_run": self.blocks_run,
                **self.counts.as_dict(),
                "faults": [{"file": f, "offset": o, "reason": r} for f, o, r in self.faults],
                "failed": [{"block": b, "error": e} for b, e in self.failed], "seconds": round(self.seconds, 3),
                "task_seconds": round(self.task_seconds, 3),
                "task_cpu_seconds": round(self.task_cpu_seconds, 3), "workers": self.workers,
                "dashboard": self.dashboard, "peak_worker_rss": self.peak_worker_rss}


def _check_manifest(out: Path, block_bytes: int) -> None:
    manifest = read_manifest(out)
    if manifest is None:
        if out.exists() and any(out.iterdir()):
            raise PartitionError(f"{out} is not empty and has no manifest.json: it is not a backfill "
                                 "output folder. Give --out a new or empty folder.")
        return
    if manifest.get("format") != FORMAT or manifest.get("block_bytes") != block_bytes:
        raise PartitionError(f"{out} was written with --block-size {manifest.get('block_bytes')} bytes; "
                             f"resume it with the same block size, or give --out a new folder.")


def start_client(stack: ExitStack, workers: int, scheduler: str | None = None,
                 dashboard_address: str = ":8787") -> Any:
    """A Dask client on ``scheduler``, or on a new LocalCluster of ``workers`` processes (one
    thread each), closed with ``stack``."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"Could not reach the Dask scheduler at {scheduler} ({exc}). Check the "
                               "address (tcp://HOST:8786) and that `dask scheduler` is running there, "
                               "or leave out --scheduler to run on this machine.") from exc
    import dask
    from distributed.utils import get_mp_context

    # Workers fork from a server that has loaded the parser and the pipeline (backfill/warm.py).
    # Dask's statistical profiler samples every worker thread's stack 100 times a second; the
    # dashboard's profile page is not worth that share of a core here.
    stack.enter_context(dask.config.set({"distributed.worker.multiprocessing-method": "forkserver",
                                         "distributed.worker.profile.enabled": False}))
    get_mp_context().set_forkserver_preload(["distributed", "backfill.warm"])
    try:
        cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=dashboard_address))
    except (OSError, RuntimeError) as exc:
        raise ClusterError(f"Could not start {workers} local Dask worker processes ({exc}). Try fewer "
                           "--workers.") from exc
    return stack.enter_context(Client(cluster))


def backfill(paths: Sequence[str], out: Path, settings: Settings, *, workers: int = 2,
             scheduler: str | None = None, block_bytes: int = 64 << 20,
             on_progress: Callable[[Progress], None] | None = None,
             on_start: Callable[[str | None, int], None] | None = None, client: Any = None,
             dashboard_address: str = ":8787") -> BackfillSummary:
    """Run the backfill of the WARC files ``paths`` (files, folders, globs) into ``out``.

    ``on_start(dashboard_link, blocks_to_run)`` is called once the cluster is up;
    ``on_progress`` after each finished block. ``client`` runs the tasks on an existing
    ``distributed.Client`` instead of starting or reaching one.
    """
    started = time.perf_counter()
    files = expand_inputs(paths)
    blocks = plan_blocks(files, block_bytes)
    _check_manifest(out, block_bytes)
    done = done_results(out)
    todo: list[Block] = []
    for block in blocks:
        prior = done.get(block.block_id)
        if prior is None or (prior.path, prior.start, prior.end) != (block.path, block.start, block.end):
            done.pop(block.block_id, None)
            todo.append(block)
    manifest: dict[str, Any] = {
        "format": FORMAT, "block_bytes": block_bytes, "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [{"path": str(p), "bytes": p.stat().st_size} for p in files],
        "blocks": [{"id": b.block_id, "path": b.path, "start": b.start, "end": b.end} for b in blocks],
        "status": "running"}
    write_manifest(out, manifest)
    per_file = Counter(b.path for b in blocks)
    left = Counter(b.path for b in todo)
    results: list[BlockResult] = list(done.values())
    failed: list[tuple[str, str]] = []
    counts = Counter(records=sum(r.counts.records for r in results), claims=sum(r.counts.claims for r in results))

    def report(last: BlockResult | None) -> None:
        if on_progress is not None:
            on_progress(Progress(files=len(per_file), files_done=sum(1 for p in per_file if not left[p]),
                                 blocks=len(blocks), blocks_done=len(blocks) - sum(left.values()),
                                 records=counts["records"], claims=counts["claims"], last=last))

    dashboard: str | None = None
    n_workers = 0
    with ExitStack() as stack:
        if todo:
            from distributed import as_completed

            if client is None:
                client = start_client(stack, workers, scheduler, dashboard_address)
            dashboard = getattr(client, "dashboard_link", None)
            n_workers = len(client.scheduler_info().get("workers", {}))
            if on_start is not None:
                on_start(dashboard, len(todo))
            report(None)
            futures = {client.submit(run_block, b, str(out), settings, key=f"backfill-{b.block_id}",
                                     pure=False): b for b in todo}
            for future in as_completed(futures):
                block = futures.pop(future)
                left[block.path] -= 1
                if future.status != "finished":
                    exc = future.exception()
                    log.error("block %s failed: %s", block.block_id, exc)
                    failed.append((block.block_id, f"{type(exc).__name__}: {exc}"))
                    report(None)
                    continue
                result = future.result()
                future.release()
                results.append(result)
                counts.update(records=result.counts.records, claims=result.counts.claims)
                report(result)
        else:
            report(None)
    removed = remove_stale_tmp(out)
    if removed:
        log.info("removed %d temporary file(s) left by killed task attempts", removed)
    ran = {b.block_id for b in todo}
    summary = BackfillSummary(
        out=str(out), files=len(files), blocks=len(blocks), blocks_run=len(todo) - len(failed),
        counts=BlockCounts.total(r.counts for r in results), faults=tuple((r.path, f.offset, f.reason) for r in results for f in r.faults),
        failed=tuple(failed), seconds=time.perf_counter() - started,
        task_seconds=sum(r.seconds for r in results if r.block_id in ran),
        task_cpu_seconds=sum(r.cpu_seconds for r in results if r.block_id in ran),
        workers=n_workers, dashboard=dashboard,
        peak_worker_rss=max((r.worker_peak_rss for r in results), default=0))
    manifest.update(status="done" if not failed else "incomplete",
                    finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    totals={k: v for k, v in summary.as_dict().items() if k not in {"faults", "dashboard"}})
    write_manifest(out, manifest)
    return summary
