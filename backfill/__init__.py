"""Backfill: years of archived news (CC-NEWS or a newsroom's own WARC archive) through the same
parser and extractor as the crawl, on a Dask cluster, into Parquet; then into the store.

Public surface:

- `backfill(paths, out, settings, *, workers, scheduler, block_bytes, on_progress)` ->
  `BackfillSummary`: split the WARC files into blocks and run one task per block
- `import_backfill(db, out, *, on_progress)` -> `ImportSummary`: merge the partitions into the
  SQLite store (idempotent, resumable, one writer)
- `run_block(block, out_dir, settings)` -> `BlockResult`: one task, in any process
"""

from __future__ import annotations

import logging

from backfill.errors import BackfillError, ClusterError, NoInput, PartitionError
from backfill.importer import ImportSummary, import_backfill
from backfill.records import Block, BlockCounts, BlockResult, RecordFault
from backfill.run import BackfillSummary, Progress, backfill
from backfill.task import run_block

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "BackfillError", "BackfillSummary", "Block", "BlockCounts", "BlockResult", "ClusterError", "ImportSummary", "NoInput",
    "PartitionError", "Progress", "RecordFault", "backfill", "import_backfill", "run_block",
]
