"""Re-pin the quality gate: score the extractor on the gold file and write tests/gold/baseline.json.

Usage (from the repository root):

    .venv/bin/python tests/quality/pin_baseline.py             # measure, print, write baseline.json
    .venv/bin/python tests/quality/pin_baseline.py --dry-run   # measure and print only

Pin what the extractor actually scores, after a deliberate change to the gold file or an
improvement of the rules, and commit tests/gold/claims.jsonl and baseline.json together.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gate import BASELINE, GOLD, HELD_OUT, LEVELS, METRICS, pin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold JSON Lines file")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="where to write the floors")
    parser.add_argument("--dry-run", action="store_true", help="print the scores, write nothing")
    args = parser.parse_args(argv)
    record = pin(args.gold.resolve(), args.baseline.resolve(), write=not args.dry_run)
    print(f"{'':6}" + "".join(f"{m:>11}" for m in METRICS))
    for level in LEVELS:
        print(f"{level:6}" + "".join(f"{record['floors'][level][m]:>11.4f}" for m in METRICS))
    for name in HELD_OUT:
        if name in record:
            print(f"{name} " + json.dumps(record[name]["floors"]))
    if "dev_measured" in record:
        print("dev   " + json.dumps(record["dev_measured"]["scores"]))
    print("(dry run, nothing written)" if args.dry_run else f"wrote {args.baseline}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
