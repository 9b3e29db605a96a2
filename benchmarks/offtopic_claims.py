"""False claims on real news that is not about crime: a precision probe nobody tuned rules on.

The Zyte article-extraction benchmark (/work/shared/benchmarks/article-extraction/, MIT) holds
the hand-checked body text of 181 real news pages on every topic: gadgets, markets, health,
sport. Hardly any of them state a crime statistic, so nearly every claim the extractor finds in
them is a false positive. The script prints each one with its sentence, so that a reader can judge
them (a real crime figure in a general article is possible and is shown the same way).

Run:  .venv/bin/python benchmarks/offtopic_claims.py [DATA_DIR] [--json]
Baseline: the same count from the previous commit, run the same way (``git stash`` or a worktree).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.pipeline import extract_documents  # noqa: E402
from records.claim import Document  # noqa: E402

DATA = Path("/work/shared/benchmarks/article-extraction")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA, help="the benchmark folder (ground-truth.json)")
    parser.add_argument("--json", action="store_true", help="one JSON object per claim, then a summary object")
    args = parser.parse_args(argv)
    truth_path = args.data / "ground-truth.json"
    if not truth_path.exists():
        print(f"No {truth_path}: give the folder of the article-extraction benchmark.", file=sys.stderr)
        return 2
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    documents = [Document(text=page["articleBody"], id=key) for key, page in truth.items() if page.get("articleBody")]
    words = sum(len(d.text.split()) for d in documents)
    found = 0
    for document, claims in extract_documents(documents):
        for claim in claims:
            found += 1
            if args.json:
                print(json.dumps({"page": document.id, "kind": claim.kind, "value": claim.value,
                                  "offense": claim.offense, "rule": claim.rule, "sentence": claim.sentence}, allow_nan=False))
            else:
                print(f"{document.id[:10]}  {claim.kind} {claim.value:g} {claim.offense} [{claim.rule}]"
                      if claim.value is not None else f"{document.id[:10]}  {claim.kind} {claim.offense} [{claim.rule}]")
                print(f"    {claim.sentence[:200]}")
    summary = {"pages": len(documents), "words": words, "claims": found,
               "claims_per_100k_words": round(found / words * 100_000, 2) if words else 0.0}
    print(json.dumps(summary, allow_nan=False) if args.json else
          f"{found} claims in {len(documents)} off-topic pages ({words:,} words): "
          f"{summary['claims_per_100k_words']} per 100,000 words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
