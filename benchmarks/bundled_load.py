"""Benchmark: `claims official load-bundled` (FBI Table 8 2006-2023) into a fresh store, against the
same figures imported through the hand-entry CSV path (`claims official import`).

Measured, each on its own fresh SQLite file:

* load_bundled: read the gzip CSV, match agencies to places, build the figures, store them
  (wall and CPU seconds, and how much the database file grew);
* again: the same load a second time (recorded as done: skipped) and with ``force`` (every row
  re-offered, none added);
* baseline: the identical figures written out as the import CSV of official/README.md and
  loaded with ``official.csv_import.import_csv`` (what a user would do without the bundle).

Targets (issue 12): the load takes at most 30 s and grows the store by at most 100 MB.

    .venv/bin/python benchmarks/bundled_load.py                    # default scope (50,000+)
    .venv/bin/python benchmarks/bundled_load.py --no-baseline      # skip the slow CSV path
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.connection import open_db  # noqa: E402
from db.official_store import count_observations, list_jurisdictions  # noqa: E402
from official.bundled import (  # noqa: E402
    DEFAULT_MIN_POPULATION,
    SOURCE_ID,
    load_bundled,
)
from official.csv_import import COLUMNS, import_csv  # noqa: E402


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _timed(fn):  # noqa: ANN001, ANN202
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def _fresh(path: Path) -> int:
    open_db(path).close()
    return _size(path)


def export_csv(db_path: Path, out: Path) -> int:
    """The bundled figures of a loaded store, as the hand-entry import CSV; returns rows."""
    db = open_db(db_path)
    names = {j.jurisdiction_id: f"{j.name}, {j.state}" for j in list_jurisdictions(db)}
    rows = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in db.query("SELECT * FROM observations WHERE source_id = ? ORDER BY id", [SOURCE_ID]):
            value = "" if r["value"] is None else f"{r['value']:g}"
            writer.writerow([names[r["jurisdiction_id"]], "", "", r["offense"], r["offense"], r["measure"],
                             r["unit"], r["period_start"], r["period_end"], value, r["status"], r["as_of"],
                             r["publisher"], r["document_title"], r["source_url"], r["retrieved_at"],
                             "benchmark", r["note"] or ""])
            rows += 1
    db.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-population", type=int, default=DEFAULT_MIN_POPULATION)
    parser.add_argument("--no-baseline", action="store_true", help="Skip the CSV import baseline.")
    parser.add_argument("--json", action="store_true", help="Print the results as one JSON object.")
    args = parser.parse_args()
    results: dict[str, object] = {"min_population": args.min_population,
                                  "load_average": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundled.db"
        empty = _fresh(path)
        db = open_db(path)
        report, wall, cpu = _timed(lambda: load_bundled(db, min_population=args.min_population))
        figures = count_observations(db, SOURCE_ID)
        db.close()
        grown = _size(path) - empty
        results.update(figures=figures, agencies=report.agencies, load_wall_s=round(wall, 2),
                       load_cpu_s=round(cpu, 2), store_growth_mb=round(grown / 1e6, 1))
        db = open_db(path)
        again, wall2, _ = _timed(lambda: load_bundled(db, min_population=args.min_population))
        forced, wall3, cpu3 = _timed(lambda: load_bundled(db, min_population=args.min_population, force=True))
        db.close()
        results.update(again_wall_s=round(wall2, 3), again_added=again.added,
                       forced_wall_s=round(wall3, 2), forced_cpu_s=round(cpu3, 2), forced_added=forced.added)
        if not args.no_baseline:
            csv_path = Path(tmp) / "figures.csv"
            rows = export_csv(path, csv_path)
            base = Path(tmp) / "baseline.db"
            base_empty = _fresh(base)
            bdb = open_db(base)
            imported, bwall, bcpu = _timed(lambda: import_csv(bdb, csv_path))
            bdb.close()
            results.update(baseline_rows=rows, baseline_loaded=imported.loaded,
                           baseline_bad_rows=len(imported.bad_rows), baseline_wall_s=round(bwall, 2),
                           baseline_cpu_s=round(bcpu, 2),
                           baseline_growth_mb=round((_size(base) - base_empty) / 1e6, 1),
                           speedup_wall=round(bwall / wall, 1), speedup_cpu=round(bcpu / cpu, 1))
    if args.json:
        print(json.dumps(results, allow_nan=False))
    else:
        for key, value in results.items():
            print(f"{key:>20}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
