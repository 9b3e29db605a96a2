"""Attribute accuracy on an annotated file: for the claims the extractor finds (value and
direction agree with a gold claim), how often are the offense and the comparison year right?

The comparison year is what a fact-checker's verdict turns on: "a 36 percent decrease from
2023" must be checked against 2023. For the gold claim it is the year its ``baseline`` names,
or the year before publication for "last year" / "same period last year"; for the predicted
claim it is the year `verify` resolves from the claim's period and baseline (the comparison
span's start). Claims whose gold baseline names neither, or records with no publication date,
are left out of that figure (and counted).

    .venv/bin/python benchmarks/attribute_accuracy.py ../shared/dev/claims_real_dev.jsonl --slice blind

The file is read in place; only counts are printed, never its sentences.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.scoring import blind_slice, matched_pairs, rest_slice  # noqa: E402
from verify.errors import PeriodUnresolved  # noqa: E402
from verify.periods import resolve_period  # noqa: E402

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
LAST_YEAR = re.compile(r"\b(last|previous|prior) year\b|\ba year (earlier|ago|before)\b|\byear before\b", re.I)


def gold_comparison_year(baseline: str | None, published: date | None) -> int | None:
    """The year the gold claim is compared with, when its baseline names one."""
    if not baseline:
        return None
    years = [int(y) for y in YEAR.findall(baseline)]
    if years:
        return years[0]
    if LAST_YEAR.search(baseline) and published is not None:
        return published.year - 1
    return None


def _published(row: dict) -> date | None:
    try:
        return date.fromisoformat(str(row.get("published")))
    except ValueError:
        return None


def measure(gold: Path, part: str, every: int, context: bool) -> dict[str, int | float]:
    select = {"all": None, "blind": blind_slice(every), "rest": rest_slice(every)}[part]
    pairs = offense_ok = scored = year_ok = unresolved = 0
    for row, gold_claim, claim in matched_pairs(gold, select=select, context=context):
        pairs += 1
        offense_ok += gold_claim.get("offense") == claim.offense
        published = _published(row)
        want = gold_comparison_year(gold_claim.get("baseline"), published)
        if want is None or published is None or claim.kind in ("count", "record", "rate"):
            continue  # levels and records have no comparison span to check
        scored += 1
        try:
            resolved = resolve_period(claim, published)
        except PeriodUnresolved:
            unresolved += 1
            continue
        year_ok += resolved.baseline_start is not None and resolved.baseline_start.year == want
    return {"matched_claims": pairs, "offense_right": offense_ok,
            "offense_accuracy": round(offense_ok / pairs, 3) if pairs else 0.0,
            "comparison_year_scored": scored, "comparison_year_right": year_ok,
            "comparison_year_unresolved": unresolved,
            "comparison_year_accuracy": round(year_ok / scored, 3) if scored else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--slice", dest="part", choices=["all", "blind", "rest"], default="all")
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--no-context", action="store_true", help="Read every sentence alone.")
    args = parser.parse_args()
    print(json.dumps(measure(args.gold, args.part, args.every, not args.no_context), allow_nan=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
