"""Sentence-level coverage of the extractor with and without possible claims, on an annotated file.

For each record of a gold file ({"id", "sentence", "claims": [...]}, one sentence a line) the
rules run first, then the possible-claims detector on what they left (extract/possible.py):

- coverage: the share of sentences holding a gold claim that yield a parsed claim or a possible
  claim (baseline: parsed claims alone);
- hard negatives: how many sentences with ``claims: []`` yield a possible claim (and, for
  comparison, a parsed claim).

The slices follow `claims eval --slice`: "rest" (records whose 1-based line number is not a
multiple of --every, the ones rules may be studied on) and "blind" (the others, never looked
at). Only counts and record ids are printed, never the sentences.

Example:

    .venv/bin/python benchmarks/possible_coverage.py ../shared/dev/claims_real_dev.jsonl
    .venv/bin/python benchmarks/possible_coverage.py GOLD.jsonl --json --ids --no-context
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import build_pipeline, extract_documents  # noqa: E402
from extract.possible import find_possible_claims  # noqa: E402
from extract.scoring import _own_claims, _page_context, blind_slice, read_gold  # noqa: E402
from records.claim import Document  # noqa: E402


@dataclass
class Coverage:
    sentences: int = 0
    with_claims: int = 0
    parsed: int = 0  # sentences with a gold claim that yield a parsed claim
    possible_only: int = 0  # ... that yield no parsed claim but a possible claim
    negatives: int = 0
    negatives_parsed: int = 0  # hard negatives that yield a parsed claim
    negatives_possible: int = 0  # hard negatives that yield a possible claim
    possible_total: int = 0
    negative_ids: list[str] = field(default_factory=list)
    missed_ids: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return (self.parsed + self.possible_only) / self.with_claims if self.with_claims else 1.0

    @property
    def parsed_coverage(self) -> float:
        return self.parsed / self.with_claims if self.with_claims else 1.0

    def as_dict(self, ids: bool) -> dict[str, object]:
        d = asdict(self)
        d.update(coverage=round(self.coverage, 3), parsed_coverage=round(self.parsed_coverage, 3))
        if not ids:
            d.pop("negative_ids")
            d.pop("missed_ids")
        return d

    def line(self, label: str) -> str:
        return (f"{label:<6} sentences={self.sentences} with_claims={self.with_claims} "
                f"coverage={self.coverage:.3f} (parsed {self.parsed_coverage:.3f} + possible "
                f"{self.possible_only}) hard_negatives={self.negatives} possible_on_negatives="
                f"{self.negatives_possible} parsed_on_negatives={self.negatives_parsed} "
                f"possible_total={self.possible_total}")


def measure(gold: Path, every: int, context: bool = True) -> tuple[dict[str, Coverage], dict[str, float]]:
    """Coverage by slice, and the seconds each stage took. With ``context``, records of one page
    are read as one article, as `claims eval` does (extract/scoring.py): the rules see up to three
    earlier sentences of the page, and only the record's own claims count."""
    rows = list(read_gold(gold))
    befores = _page_context(rows) if context else [""] * len(rows)
    blind = blind_slice(every)
    nlp = build_pipeline()
    docs = [Document(text=befores[i] + r["sentence"], id=str(r["id"]), city=r.get("city"), state=r.get("state"),
                     extra={"row": i}) for i, r in enumerate(rows)]
    t0 = time.perf_counter()
    parsed = {d.extra["row"]: _own_claims(claims, len(befores[d.extra["row"]]))
              for d, claims in extract_documents(docs, nlp=nlp)}
    t1 = time.perf_counter()
    possible = {i: find_possible_claims(rows[i]["sentence"], parsed[i], nlp=nlp) for i in range(len(rows))}
    t2 = time.perf_counter()
    out = {"rest": Coverage(), "blind": Coverage(), "all": Coverage()}
    for i, row in enumerate(rows):
        for name in ("blind" if blind(i) else "rest", "all"):
            c = out[name]
            c.sentences += 1
            c.possible_total += len(possible[i])
            if row.get("claims"):
                c.with_claims += 1
                if parsed[i]:
                    c.parsed += 1
                elif possible[i]:
                    c.possible_only += 1
                else:
                    c.missed_ids.append(str(row["id"]))
            else:
                c.negatives += 1
                c.negatives_parsed += bool(parsed[i])
                if possible[i]:
                    c.negatives_possible += 1
                    c.negative_ids.append(str(row["id"]))
    return out, {"extract_seconds": round(t1 - t0, 3), "possible_seconds": round(t2 - t1, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path, nargs="?", default=ROOT.parent / "shared" / "dev" / "claims_real_dev.jsonl",
                        help="annotated JSON Lines file (default: ../shared/dev/claims_real_dev.jsonl)")
    parser.add_argument("--every", type=int, default=5, help="the blind slice is records N, 2N, ... (default 5)")
    parser.add_argument("--no-context", action="store_true", help="read every sentence alone (as claims eval --no-context)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--ids", action="store_true", help="list the ids of missed sentences and of negatives that fired")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"{args.gold} does not exist; give the annotated file to measure.", file=sys.stderr)
        return 1
    out, timing = measure(args.gold, args.every, context=not args.no_context)
    if args.json:
        print(json.dumps({"gold": str(args.gold), **{k: v.as_dict(args.ids) for k, v in out.items()}, **timing}, allow_nan=False))
        return 0
    for name in ("rest", "blind", "all"):
        print(out[name].line(name))
        if args.ids:
            print(f"       missed: {' '.join(out[name].missed_ids)}")
            print(f"       negatives with a possible claim: {' '.join(out[name].negative_ids)}")
    print(f"time   extraction {timing['extract_seconds']} s, possible claims {timing['possible_seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
