"""Benchmark: bulk claim insert through the store against a bare executemany of the same rows.

Both sides start from an identical fresh database holding the same articles (not timed) and
insert the same claims into the same schema (FTS triggers and indexes included):

* baseline — ``executemany`` of prebuilt row tuples in one transaction, nothing else
* store_claims_many — Claim records in, rows built, idempotent insert, ids read back, articles
  marked extracted, one transaction per 500 articles
* store_claims — one call (one transaction) per article, the path `claims extract` uses

Target: store_claims_many at >= 50% of the baseline's speed.

    .venv/bin/python benchmarks/store_insert.py --claims 200000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from db.articles import _INSERT_CLAIM  # noqa: E402
from db.connection import open_db, write_transaction  # noqa: E402
from db.rows import claim_row  # noqa: E402
from db.store import store_claims, store_claims_many  # noqa: E402
from records.claim import OFFENSES, Claim, Place  # noqa: E402

PER_ARTICLE = 10
INSERT_ARTICLE = ("INSERT INTO articles (id, url, title, text, published, outlet, city, state, "
                  "content_sha256, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def synth(n_claims: int) -> tuple[list[tuple[object, ...]], list[tuple[int, list[Claim]]]]:
    rng = random.Random(3)
    articles, batches = [], []
    for article_id in range(1, n_claims // PER_ARTICLE + 1):
        published = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        articles.append((article_id, f"https://synth.example/{article_id}", f"Story {article_id}",
                         "text", published, "Outlet", "Millbrook", "CT", f"sha{article_id}",
                         "2026-01-01T00:00:00Z"))
        claims = []
        for k in range(PER_ARTICLE):
            value = rng.randint(1, 60)
            quote = f"fell {value} percent"
            sentence = f"Thefts in ward {article_id} {quote} so far this year, police said."
            start = k * 100 + sentence.index(quote)
            claims.append(Claim(quote=quote, start=start, end=start + len(quote), sentence=sentence,
                                kind="percent_change", direction="decrease", value=float(value),
                                unit="percent", offense=OFFENSES[rng.randrange(len(OFFENSES))],
                                rule="synth.v1", place=Place("Millbrook", "CT"),
                                qualifiers=("about",) if k % 3 == 0 else ()))
        batches.append((article_id, claims))
    return articles, batches


def fresh(path: Path, articles: list[tuple[object, ...]]) -> Database:
    db = open_db(path)
    with write_transaction(db):
        db.conn.executemany(INSERT_ARTICLE, articles)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=2, help="Fresh databases per path (best kept).")
    args = parser.parse_args()
    articles, batches = synth(args.claims)
    n = sum(len(c) for _, c in batches)
    context = {"published": None, "outlet": "Outlet", "city": "Millbrook", "state": "CT"}
    rows = [claim_row(aid, c, {**context, "published": articles[aid - 1][4]}, "2026-01-01T00:00:00Z")
            for aid, claims in batches for c in claims]
    best: dict[str, float] = {}

    def record(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, seconds), seconds)

    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):  # alternate the order, keep each path's best round
            order = ["bare", "many"] if r % 2 == 0 else ["many", "bare"]
            for path in order:
                db = fresh(Path(tmp) / f"{path}{r}.db", articles)
                t = time.perf_counter()
                if path == "bare":
                    with write_transaction(db):
                        db.conn.executemany(_INSERT_CLAIM, rows)
                    record("bare executemany (prebuilt rows)", time.perf_counter() - t)
                else:
                    store_claims_many(db, batches)
                    record("store_claims_many (records in)", time.perf_counter() - t)
                    t = time.perf_counter()
                    store_claims_many(db, batches)
                    record("store_claims_many, re-run (all present)", time.perf_counter() - t)
                assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == n
                db.close()

        db = fresh(Path(tmp) / "single.db", articles)
        t = time.perf_counter()
        for article_id, claims in batches:
            store_claims(db, article_id, claims)
        record("store_claims per article (1 tx each)", time.perf_counter() - t)
        assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == n
    results = list(best.items())
    results.sort(key=lambda item: item[0] != "bare executemany (prebuilt rows)")

    base = results[0][1]
    print(f"\n{n:,} claims in {len(batches):,} articles (FTS triggers and indexes on); "
          f"best of {args.rounds} rounds\n")
    print(f"{'path':42} {'seconds':>8} {'claims/s':>10} {'vs bare':>8}")
    print("-" * 71)
    for name, seconds in results:
        print(f"{name:42} {seconds:>8.2f} {n / seconds:>10,.0f} {base / seconds:>7.0%}")


if __name__ == "__main__":
    main()
